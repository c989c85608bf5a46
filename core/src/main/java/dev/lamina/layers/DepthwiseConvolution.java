// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.WorkerPool;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A depthwise convolution of a batch by direct loops over the planes ({@link ConvGeometry} with
 * groups = channels): output channel c·multiplier + m is input channel c convolved with its own
 * kh × kw filter. A product per plane would have a single row, so the taps are applied directly:
 * per tap, one multiply-add over each row of output pixels (contiguous at stride 1).
 *
 * <p>Threads ({@link WorkerPool#current()}): the forward pass and the input gradient split the
 * batch by images; the kernel and bias gradients split the output channels, each summing over the
 * images in order, in double. Every value is computed by the same operations in the same order
 * whichever thread computes it, so results are bit-identical for every thread count.
 */
final class DepthwiseConvolution implements ConvolutionMethod<DepthwiseConvolution.Work> {
  private final ConvGeometry g;
  private final int multiplier;
  private final int taps;

  DepthwiseConvolution(ConvGeometry geometry) {
    this.g = geometry;
    this.multiplier = geometry.filters / geometry.channels;
    this.taps = geometry.kernelHeight * geometry.kernelWidth;
  }

  @Override
  public ConvGeometry geometry() {
    return g;
  }

  @Override
  public Work work() {
    return new Work(this);
  }

  @Override
  public void forward(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias, float[] z,
      boolean gradientFollows) {
    w.run(Work.FORWARD, batch, x, kernel, bias, z);
  }

  @Override
  public void backward(Work w, float[] x, float[] dz, int batch, float[] kernel, float @Nullable [] dKernel,
      float @Nullable [] dBias, float @Nullable [] dx) {
    if (dKernel != null || dBias != null) {
      w.dKernel = dKernel;
      w.dBias = dBias;
      w.run(Work.PARAMETERS, batch, x, dz, null, null);
    }
    if (dx != null) {
      w.run(Work.INPUT, batch, dz, kernel, null, dx);
    }
  }

  private void forwardImage(int i, float[] x, float[] kernel, float @Nullable [] bias, float[] z) {
    int plane = g.height * g.width;
    for (int o = 0; o < g.filters; o++) {
      int c = o / multiplier;
      int out = i * g.outFeatures + o * g.pixels;
      Arrays.fill(z, out, out + g.pixels, 0f);
      g.addPlane(x, i * g.inFeatures + c * plane, kernel, o * taps, z, out);
      if (bias != null) {
        float b = bias[o];
        for (int j = out; j < out + g.pixels; j++) {
          z[j] += b;
        }
      }
    }
  }

  private void inputGradientImage(int i, float[] dz, float[] kernel, float[] dx) {
    int plane = g.height * g.width;
    Arrays.fill(dx, i * g.inFeatures, (i + 1) * g.inFeatures, 0f);
    for (int o = 0; o < g.filters; o++) {
      int c = o / multiplier;
      g.addPlaneTransposed(dz, i * g.outFeatures + o * g.pixels, kernel, o * taps, dx, i * g.inFeatures + c * plane);
    }
  }

  /** The taps and bias gradient of output channel o, summed over the images in order. */
  private void parameterGradients(int o, int batch, float[] x, float[] dz, float @Nullable [] dKernel,
      float @Nullable [] dBias) {
    int plane = g.height * g.width;
    int c = o / multiplier;
    if (dKernel != null) {
      for (int a = 0; a < g.kernelHeight; a++) {
        for (int b = 0; b < g.kernelWidth; b++) {
          double sum = 0;
          for (int i = 0; i < batch; i++) {
            sum += g.tapGradient(x, i * g.inFeatures + c * plane, dz, i * g.outFeatures + o * g.pixels, a, b);
          }
          dKernel[o * taps + a * g.kernelWidth + b] = (float) sum;
        }
      }
    }
    if (dBias != null) {
      double sum = 0;
      for (int i = 0; i < batch; i++) {
        int at = i * g.outFeatures + o * g.pixels;
        for (int j = at; j < at + g.pixels; j++) {
          sum += dz[j];
        }
      }
      dBias[o] = (float) sum;
    }
  }

  /** A frame's task for one depthwise convolution: what the parts of the current pass work on. */
  static final class Work implements WorkerPool.Task {
    static final int FORWARD = 0;
    static final int PARAMETERS = 1;
    static final int INPUT = 2;
    private static final float[] NONE = {};
    /** Below this many multiply-adds per batch, one thread does the pass. */
    private static final long PARALLEL_WORK = 1 << 18;
    private final DepthwiseConvolution conv;
    private int pass;
    private int batch;
    private float[] a = NONE;
    private float[] b = NONE;
    private float @Nullable [] bias;
    private float[] out = NONE;
    private float @Nullable [] dKernel;
    private float @Nullable [] dBias;

    private Work(DepthwiseConvolution conv) {
      this.conv = conv;
    }

    void run(int pass, int batch, float[] a, float[] b, float @Nullable [] bias, float @Nullable [] out) {
      this.pass = pass;
      this.batch = batch;
      this.a = a;
      this.b = b;
      this.bias = bias;
      this.out = out != null ? out : NONE;
      ConvGeometry g = conv.g;
      WorkerPool pool = WorkerPool.current();
      int units = pass == PARAMETERS ? g.filters : batch;
      boolean split = pool.threads() > 1 && units > 1
          && (long) batch * g.filters * g.pixels * conv.taps >= PARALLEL_WORK;
      try {
        pool.run(this, split ? units : 1);
      } finally {
        this.a = this.b = this.out = NONE;
        this.bias = this.dKernel = this.dBias = null;
      }
    }

    @Override
    public void run(int part, int parts) {
      int units = pass == PARAMETERS ? conv.g.filters : batch;
      for (int u = units * part / parts, end = units * (part + 1) / parts; u < end; u++) {
        switch (pass) {
          case FORWARD -> conv.forwardImage(u, a, b, bias, out);
          case INPUT -> conv.inputGradientImage(u, a, b, out);
          default -> conv.parameterGradients(u, batch, a, b, dKernel, dBias);
        }
      }
    }
  }
}

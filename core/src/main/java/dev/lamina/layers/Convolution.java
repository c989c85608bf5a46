// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.MatMul;
import dev.lamina.math.MatMuls;
import dev.lamina.math.ShiftedProducts;
import dev.lamina.math.WinogradTransforms;
import dev.lamina.math.WorkerPool;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jspecify.annotations.Nullable;

/**
 * A grouped convolution of a batch as matrix products ({@link ConvGeometry} gives the shapes): per
 * image and group, the patches are packed into a K × P matrix ({@link ConvGeometry#im2col}) and
 * multiplied by the group's [filters/groups, K] block of the kernel, which is the kernel's own
 * row-major layout, so the kernel is read in place. A 1×1 convolution with stride 1 and no padding
 * needs no packing: the image is the patch matrix.
 *
 * <ul>
 *   <li>Forward, per image: z_g = W_g · col_g, then the bias of each filter.
 *   <li>Kernel gradient: dW_g = Σ_images dz_g · col_gᵀ, accumulated image after image.
 *   <li>Bias gradient: the sum of dz over images and pixels, per filter, in double.
 *   <li>Input gradient, per image: dcol_g = W_gᵀ · dz_g, scattered back ({@link ConvGeometry#col2im})
 *       into the zeroed image.
 * </ul>
 *
 * <p>Threads: the forward pass and the input gradient split the batch by images (one part per
 * image, claimed by the threads of {@link WorkerPool#current()}), each part packing into a buffer
 * of its own and running its products on its thread; one image, or a small batch, runs its
 * products split over the threads instead. The kernel gradient runs its products one image after
 * another, each split over the threads by {@link MatMul}. Either way every value is computed by
 * the same operations in the same order, so the results are bit-identical for every thread count.
 * The buffers live in the frame's {@link Work} and are reused, so a warmed-up pass allocates nothing.
 */
final class Convolution implements ConvolutionMethod<Convolution.Work> {
  private static final MatMul MATMUL = MatMuls.best();
  /** Below this many flops per batch, the images run one after another on the calling thread. */
  static final long PARALLEL_FLOPS = 1 << 20;

  private final ConvGeometry g;
  /**
   * The input gradient as a convolution of its own, for stride 1 (see {@link #adjoint}); null
   * when it runs as W_gᵀ · dz_g scattered by {@link ConvGeometry#col2im}.
   */
  private final @Nullable Convolution adjoint;

  Convolution(ConvGeometry geometry) {
    this.g = geometry;
    this.adjoint = adjoint(geometry);
  }

  /** {@link #of(ConvGeometry, ConvolutionAlgorithm)} with {@link ConvolutionAlgorithm#FASTEST}. */
  static ConvolutionMethod<?> of(ConvGeometry geometry) {
    return of(geometry, ConvolutionAlgorithm.FASTEST);
  }

  /**
   * The fastest way to run a convolution of this geometry on this machine: by Winograd's
   * transforms ({@link WinogradConvolution}) where it applies and the algorithm allows it, read in
   * place ({@link ShiftedConvolution}) where the kernels allow it, else by copying the patches.
   */
  static ConvolutionMethod<?> of(ConvGeometry geometry, ConvolutionAlgorithm algorithm) {
    ShiftedProducts shifted = MatMuls.shifted();
    if (algorithm == ConvolutionAlgorithm.FASTEST && shifted != null && WinogradConvolution.supports(geometry)) {
      WinogradTransforms winograd = MatMuls.winograd(WinogradConvolution.outputTile(geometry, shifted.lanes()));
      if (winograd != null) {
        return new WinogradConvolution(geometry, shifted, winograd);
      }
    }
    if (shifted != null && ShiftedConvolution.supports(geometry)) {
      return new ShiftedConvolution(geometry, shifted);
    }
    return new Convolution(geometry);
  }

  /**
   * With stride 1 the input gradient is itself a convolution: of dz, padded by (k − 1)·d minus
   * the forward padding on each side, with the kernel flipped in both spatial axes and its filter
   * and channel axes swapped within each group. It then runs as a forward pass (patches copied,
   * one product) instead of a product whose columns are scattered back into the image one by one,
   * which took a third of the input gradient's time. Null for other strides, for padding beyond
   * (k − 1)·d, and for pointwise convolutions (whose input gradient needs no scatter).
   */
  private static @Nullable Convolution adjoint(ConvGeometry g) {
    if (g.strideHeight != 1 || g.strideWidth != 1 || g.pointwise()
        || g.padTop > (g.kernelHeight - 1) * g.dilationHeight || g.padBottom > (g.kernelHeight - 1) * g.dilationHeight
        || g.padLeft > (g.kernelWidth - 1) * g.dilationWidth || g.padRight > (g.kernelWidth - 1) * g.dilationWidth) {
      return null;
    }
    return new Convolution(adjointGeometry(g), null);
  }

  /**
   * The geometry of a stride-1 convolution's input gradient as a convolution: of dz, by the flipped
   * kernel ({@link #flip}), padded by (k − 1)·d minus the forward padding on each side.
   */
  static ConvGeometry adjointGeometry(ConvGeometry g) {
    int top = (g.kernelHeight - 1) * g.dilationHeight - g.padTop;
    int bottom = (g.kernelHeight - 1) * g.dilationHeight - g.padBottom;
    int left = (g.kernelWidth - 1) * g.dilationWidth - g.padLeft;
    int right = (g.kernelWidth - 1) * g.dilationWidth - g.padRight;
    return new ConvGeometry(g.filters, g.outHeight, g.outWidth, g.channels, g.groups,
        new int[] {g.kernelHeight, g.kernelWidth}, new int[] {1, 1},
        new int[] {g.dilationHeight, g.dilationWidth}, new int[] {top, bottom, left, right});
  }

  private Convolution(ConvGeometry geometry, @Nullable Convolution adjoint) {
    this.g = geometry;
    this.adjoint = adjoint;
  }

  /**
   * The adjoint's kernel: {@code flipped[c, f, a, b] = kernel[group·Fg + f, c − group·Cg, kh−1−a, kw−1−b]}
   * for input channel c of group {@code c / Cg} and filter f of that group. Modified: flipped.
   */
  static void flip(ConvGeometry g, float[] kernel, float[] flipped) {
    int taps = g.kernelHeight * g.kernelWidth;
    for (int c = 0; c < g.channels; c++) {
      int group = c / g.groupChannels;
      int local = c - group * g.groupChannels;
      for (int f = 0; f < g.groupFilters; f++) {
        int from = ((group * g.groupFilters + f) * g.groupChannels + local) * taps;
        int to = (c * g.groupFilters + f) * taps;
        for (int t = 0; t < taps; t++) {
          flipped[to + t] = kernel[from + taps - 1 - t];
        }
      }
    }
  }

  @Override
  public ConvGeometry geometry() {
    return g;
  }

  /** A frame's buffers and tasks for this convolution. */
  @Override
  public Work work() {
    return new Work(this);
  }

  @Override
  public void forward(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias, float[] z,
      boolean gradientFollows) {
    w.set(x, kernel, bias, z, null);
    w.run(false, batch);
  }

  @Override
  public void backward(Work w, float[] x, float[] dz, int batch, float[] kernel, float @Nullable [] dKernel,
      float @Nullable [] dBias, float @Nullable [] dx) {
    if (dKernel != null) {
      kernelGradient(w, x, dz, batch, dKernel);
    }
    if (dBias != null) {
      biasGradient(g, dz, batch, dBias);
    }
    if (dx != null && adjoint != null) {
      w.adjointPass(g, adjoint).inputGradient(dz, batch, kernel, dx);
    } else if (dx != null) {
      w.set(dz, kernel, null, null, dx);
      w.run(true, batch);
    }
  }

  /** dW_g = Σ_i dz_{i,g} · col_{i,g}ᵀ, images in order; each product split by MatMul. */
  private void kernelGradient(Work w, float[] x, float[] dz, int batch, float[] dKernel) {
    int k = g.patchSize;
    int m = g.groupFilters;
    int p = g.pixels;
    if (batch == 0) {
      Arrays.fill(dKernel, 0f);
      return;
    }
    float[] col = g.pointwise() ? null : w.buffer(0);
    Arrays.fill(dKernel, 0f);
    for (int group = 0; group < g.groups; group++) {
      for (int i = 0; i < batch; i++) {
        int dzOff = i * g.outFeatures + group * m * p;
        int xOff = i * g.inFeatures + group * g.groupChannels * p;
        if (col == null) {
          MATMUL.nt(m, k, p, dz, dzOff, x, xOff, dKernel, group * m * k, true);
        } else {
          g.im2col(x, i * g.inFeatures, group * g.groupChannels, col);
          MATMUL.nt(m, k, p, dz, dzOff, col, 0, dKernel, group * m * k, true);
        }
      }
    }
  }

  /**
   * dBias[o] = Σ_i Σ_pixels dz[i, o, pixel]: per image in four float sums over every fourth pixel
   * (independent additions, which a single running sum would serialise), added in double, images
   * in order.
   */
  static void biasGradient(ConvGeometry g, float[] dz, int batch, float[] dBias) {
    int p = g.pixels;
    int whole = p - p % 4;
    for (int o = 0; o < g.filters; o++) {
      double sum = 0;
      for (int i = 0; i < batch; i++) {
        int at = i * g.outFeatures + o * p;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int j = at; j < at + whole; j += 4) {
          s0 += dz[j];
          s1 += dz[j + 1];
          s2 += dz[j + 2];
          s3 += dz[j + 3];
        }
        for (int j = at + whole; j < at + p; j++) {
          s0 += dz[j];
        }
        sum += (s0 + s1) + (s2 + s3);
      }
      dBias[o] = (float) sum;
    }
  }

  /** Forward of image i: the products of every group, then the bias. */
  private void forwardImage(Work w, int i, float[] col) {
    int k = g.patchSize;
    int m = g.groupFilters;
    int p = g.pixels;
    float[] x = w.a;
    float[] z = w.z;
    for (int group = 0; group < g.groups; group++) {
      int zOff = i * g.outFeatures + group * m * p;
      if (g.pointwise()) {
        MATMUL.nn(m, p, k, w.kernel, group * m * k, x, i * g.inFeatures + group * k * p, z, zOff, false);
      } else {
        g.im2col(x, i * g.inFeatures, group * g.groupChannels, col);
        MATMUL.nn(m, p, k, w.kernel, group * m * k, col, 0, z, zOff, false);
      }
    }
    float[] bias = w.bias;
    if (bias != null) {
      for (int o = 0; o < g.filters; o++) {
        float b = bias[o];
        int at = i * g.outFeatures + o * p;
        for (int j = 0; j < p; j++) {
          z[at + j] += b;
        }
      }
    }
  }

  /** Input gradient of image i: dcol_g = W_gᵀ · dz_g scattered into the zeroed image. */
  private void inputGradientImage(Work w, int i, float[] col) {
    int k = g.patchSize;
    int m = g.groupFilters;
    int p = g.pixels;
    float[] dz = w.a;
    float[] dx = w.dx;
    int dxOff = i * g.inFeatures;
    if (!g.pointwise()) {
      Arrays.fill(dx, dxOff, dxOff + g.inFeatures, 0f);
    }
    for (int group = 0; group < g.groups; group++) {
      int dzOff = i * g.outFeatures + group * m * p;
      if (g.pointwise()) {
        MATMUL.tn(k, p, m, w.kernel, group * m * k, dz, dzOff, dx, dxOff + group * k * p, false);
      } else {
        MATMUL.tn(k, p, m, w.kernel, group * m * k, dz, dzOff, col, 0, false);
        g.col2im(col, dx, dxOff, group * g.groupChannels);
      }
    }
  }

  /**
   * A frame's working set for one convolution: packing buffers, one per part that can run at once
   * (the threads of the pool), handed out by {@link #acquire}, and the task that runs the images.
   * Made once per frame; grows with the pool and the batch, never per call.
   */
  static final class Work implements WorkerPool.Task {
    private static final float[] NONE = {};
    private final Convolution conv;
    private float[][] buffers = new float[0][];
    private AtomicIntegerArray busy = new AtomicIntegerArray(0);
    private boolean backward;
    private int batch;
    /** x forward, dz backward. */
    private float[] a = NONE;
    private float[] kernel = NONE;
    private float @Nullable [] bias;
    private float[] z = NONE;
    private float[] dx = NONE;
    private @Nullable AdjointPass<Work> adjointPass;

    private Work(Convolution conv) {
      this.conv = conv;
    }

    /** The input gradient by the adjoint convolution, made at the first backward pass. */
    AdjointPass<Work> adjointPass(ConvGeometry g, Convolution adjoint) {
      if (adjointPass == null) {
        adjointPass = new AdjointPass<>(g, adjoint);
      }
      return adjointPass;
    }

    void set(float[] a, float[] kernel, float @Nullable [] bias, float @Nullable [] z, float @Nullable [] dx) {
      this.a = a;
      this.kernel = kernel;
      this.bias = bias;
      this.z = z != null ? z : NONE;
      this.dx = dx != null ? dx : NONE;
    }

    /** Runs every image, split over the pool's threads when the batch is large enough. */
    void run(boolean backward, int batch) {
      this.backward = backward;
      this.batch = batch;
      WorkerPool pool = WorkerPool.current();
      ConvGeometry g = conv.g;
      long flops = 2L * batch * g.filters * g.patchSize * g.pixels;
      boolean split = pool.threads() > 1 && batch > 1 && flops >= PARALLEL_FLOPS;
      ensureBuffers(split ? pool.threads() : 1);
      try {
        pool.run(this, split ? batch : 1);
      } finally {
        a = kernel = z = dx = NONE; // no references to the model's arrays between calls
        bias = null;
      }
    }

    @Override
    public void run(int part, int parts) {
      int slot = acquire();
      try {
        float[] col = buffers[slot];
        int from = batch * part / parts;
        int to = batch * (part + 1) / parts;
        for (int i = from; i < to; i++) {
          if (backward) {
            conv.inputGradientImage(this, i, col);
          } else {
            conv.forwardImage(this, i, col);
          }
        }
      } finally {
        busy.set(slot, 0);
      }
    }

    /** A free buffer's index: at most as many parts run at once as there are buffers. */
    private int acquire() {
      while (true) {
        for (int i = 0; i < buffers.length; i++) {
          if (busy.get(i) == 0 && busy.compareAndSet(i, 0, 1)) {
            return i;
          }
        }
        Thread.onSpinWait();
      }
    }

    /** Buffer {@code i} of at least K·P floats (for the calling thread alone: the kernel gradient). */
    float[] buffer(int i) {
      ensureBuffers(i + 1);
      return buffers[i];
    }

    private void ensureBuffers(int count) {
      int size = conv.g.pointwise() ? 0 : conv.g.patchSize * conv.g.pixels;
      if (buffers.length < count) {
        float[][] grown = Arrays.copyOf(buffers, count);
        for (int i = buffers.length; i < count; i++) {
          grown[i] = new float[size];
        }
        buffers = grown;
        busy = new AtomicIntegerArray(count);
      }
    }
  }
}

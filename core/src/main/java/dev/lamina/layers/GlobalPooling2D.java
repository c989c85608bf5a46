// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D} share: one value per channel
 * of {@code [channels, height, width]} samples, output as {@code [channels]} (Keras'
 * {@code keepdims=False}, the default) or {@code [channels, 1, 1]} ({@code keepdims}: ONNX's
 * {@code GlobalAveragePool} shape, what a squeeze-and-excitation block multiplies back onto the
 * feature maps). The planes are shared among the worker pool's threads, each computed by one
 * thread, so results are bit-identical for any thread count.
 */
abstract sealed class GlobalPooling2D extends Layer permits GlobalAveragePooling2D, GlobalMaxPooling2D {
  private final boolean keepdims;
  int area;
  private int channels;

  GlobalPooling2D(@Nullable String name, boolean keepdims) {
    super(name);
    this.keepdims = keepdims;
  }

  /** Whether the output is {@code [channels, 1, 1]} rather than {@code [channels]}. */
  public final boolean keepdims() {
    return keepdims;
  }

  @Override
  protected final int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects [channels, height, width] samples, but got shape "
          + Arrays.toString(inputShape) + "; channels-last [height, width, channels] data needs Layers.permute(3, 1, 2) first");
    }
    channels = inputShape[0];
    area = inputShape[1] * inputShape[2];
    return keepdims ? new int[] {channels, 1, 1} : new int[] {channels};
  }

  /** A frame's pass: its arrays and, for max pooling, the argmax of each plane. */
  private final class Scratch extends PlaneTask {
    private static final float[] NONE = {};
    float[] in = NONE;
    float[] out = NONE;
    int[] argmax = new int[0];
    boolean backward;

    void pass(boolean backward, float[] in, float[] out, int samples) {
      int planes = samples * channels;
      if (argmax.length < planes) {
        argmax = new int[planes]; // grows with the batch, then is reused
      }
      this.backward = backward;
      this.in = in;
      this.out = out;
      runPlanes(planes, (long) planes * area);
      this.in = this.out = NONE;
    }

    @Override
    void plane(int p, int part) {
      if (backward) {
        backwardPlane(in[p], out, p * area, argmax[p]);
      } else {
        argmax[p] = forwardPlane(in, p * area, out, p);
      }
    }
  }

  private final Supplier<Scratch> newScratch = Scratch::new;

  @Override
  public final Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Matrix y = f.output(x.rows(), channels);
    f.state(newScratch).pass(false, x.data(), y.data(), x.rows());
    return y;
  }

  @Override
  public final void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      f.state(newScratch).pass(true, dy.data(), f.inputGradient().data(), dy.rows());
    }
  }

  /** Writes {@code y[p]} from the plane of x starting at {@code from}; returns the argmax in the plane (or 0). */
  abstract int forwardPlane(float[] x, int from, float[] y, int p);

  /** Writes (not adds) the plane of dx starting at {@code from}, given the output gradient {@code g} of its plane. */
  abstract void backwardPlane(float g, float[] dx, int from, int argmax);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What {@link UpSampling2D} and {@link ZeroPadding2D} share: each channel of
 * {@code [channels, height, width]} samples is copied into a plane of {@code [outHeight, outWidth]}
 * (forward), and each output plane's gradient is carried back to its input plane (backward). The
 * planes are shared among the worker pool's threads, each computed by one thread, so results are
 * bit-identical for any thread count.
 */
abstract sealed class PlaneMapping extends Layer permits UpSampling2D, ZeroPadding2D {
  int channels;
  int height;
  int width;
  int outHeight;
  int outWidth;

  PlaneMapping(@Nullable String name) {
    super(name);
  }

  @Override
  protected final int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects [channels, height, width] samples, but got shape "
          + Arrays.toString(inputShape));
    }
    channels = inputShape[0];
    height = inputShape[1];
    width = inputShape[2];
    int[] plane = outputPlane(height, width);
    outHeight = plane[0];
    outWidth = plane[1];
    return new int[] {channels, outHeight, outWidth};
  }

  /** {outHeight, outWidth} for input planes of {@code height} × {@code width}. */
  abstract int[] outputPlane(int height, int width);

  /**
   * Plane {@code p} (channel of a sample): forward, from {@code in} (x) to {@code out} (y);
   * backward, from {@code in} (dy) to {@code out} (dx). Writes (not adds) the whole destination plane.
   */
  abstract void plane(int p, float[] in, float[] out, boolean backward);

  /** A frame's pass over the planes. */
  private final class Scratch extends PlaneTask {
    private static final float[] NONE = {};
    float[] in = NONE;
    float[] out = NONE;
    boolean backward;

    void pass(boolean backward, float[] in, float[] out, int samples) {
      this.backward = backward;
      this.in = in;
      this.out = out;
      runPlanes(samples * channels, (long) samples * channels * outHeight * outWidth);
      this.in = this.out = NONE;
    }

    @Override
    void plane(int p, int part) {
      PlaneMapping.this.plane(p, in, out, backward);
    }
  }

  private final Supplier<Scratch> newScratch = Scratch::new;

  @Override
  public final Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Matrix y = f.output(x.rows(), channels * outHeight * outWidth);
    f.state(newScratch).pass(false, x.data(), y.data(), x.rows());
    return y;
  }

  @Override
  public final void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      f.state(newScratch).pass(true, dy.data(), f.inputGradient().data(), dy.rows());
    }
  }
}

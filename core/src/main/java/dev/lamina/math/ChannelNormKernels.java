// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import org.jspecify.annotations.Nullable;

/**
 * The passes of batch normalisation over one channel of a batch of images (per-sample
 * {@code [channels, area]}, area = height · width): the channel's values lie in {@code planes}
 * planes of {@code area} contiguous values, plane p starting at {@code from + p · stride}. The
 * order of every sum depends on the sizes alone, so a channel gets the same bits whichever thread
 * computes it. The portable implementation sums in double, value by value. The Vector API one
 * sums float vectors, each lane over at most {@value VectorChannelNormKernels#BLOCK} values,
 * and adds those block sums into double totals (as the dense kernels do with blocks of rows): its
 * sums are within about {@value VectorChannelNormKernels#BLOCK} float roundings of the magnitudes
 * of each block's terms, a few parts in a million of the sum of the terms' magnitudes at worst. Its
 * element-wise passes use fused multiply-adds, in the vector loops and in the scalar tails alike.
 * As with {@link Elementwise}, the Vector API class is only loaded when
 * {@code jdk.incubator.vector} is present. The two agree within float rounding.
 */
public interface ChannelNormKernels {

  /** The fastest implementation this JVM can run (chosen once). */
  static ChannelNormKernels best() {
    return Holder.BEST;
  }

  /**
   * The results of {@link #moments} and {@link #gradientSums} and their working space: one per
   * thread, reused from channel to channel.
   */
  final class Sums {
    /** The most float lanes a vector may have (2048 bits, Arm SVE's widest). */
    private static final int LANES = 64;
    final float[] lanes = new float[2 * LANES];
    final double[] totals = new double[2 * LANES];
    double first;
    double second;

    /** Σ (x − shift) after {@link #moments}, Σ dy after {@link #gradientSums}. */
    public double first() {
      return first;
    }

    /** Σ (x − shift)² after {@link #moments}, Σ dy · (x − mean) after {@link #gradientSums}. */
    public double second() {
      return second;
    }
  }

  /**
   * {@code Σ (x − shift)} and {@code Σ (x − shift)²} over the channel's values, into sums. Shifting
   * by one of the values (the first) keeps {@code Σd²/n − (Σd/n)²} an accurate variance. Modified: sums.
   */
  void moments(float[] x, int from, int stride, int planes, int area, float shift, Sums sums);

  /**
   * {@code y = gamma · ((x − mean) · inverseStd) + beta} over the channel's values, then
   * {@code max(y, 0)} when {@code relu} (a ReLU fused into the pass). Modified: y (may be x).
   */
  void normalize(float[] x, int from, int stride, int planes, int area, float mean, float inverseStd, float gamma,
      float beta, boolean relu, float[] y);

  /**
   * {@code y = x · scale + shift} over the channel's values, where x counts as 0 wherever
   * {@code positive} (when given) is not > 0; then {@code max(y, 0)} when {@code relu}. Modified:
   * y (may be x).
   */
  void scaleShift(float[] x, float @Nullable [] positive, int from, int stride, int planes, int area, float scale,
      float shift, boolean relu, float[] y);

  /**
   * {@code Σ dy} and {@code Σ dy · (x − mean)} over the channel's values, into sums, where dy counts
   * as 0 wherever {@code positive} (when given) is not > 0: the gradient through a ReLU whose
   * output was {@code positive}. Modified: sums.
   */
  void gradientSums(float[] dy, float @Nullable [] positive, float[] x, int from, int stride, int planes, int area,
      float mean, Sums sums);

  /**
   * The input gradient of training-mode batch normalisation over the channel's values,
   * {@code dx = scale · (dy − meanDy − (x − mean) · slope)}, dy counting as 0 wherever
   * {@code positive} (when given) is not > 0. Modified: dx (may be dy).
   */
  void normalizeBackward(float[] dy, float @Nullable [] positive, float[] x, int from, int stride, int planes,
      int area, float mean, float scale, float meanDy, float slope, float[] dx);

  /** The portable loops. */
  final class Portable implements ChannelNormKernels {
    @Override
    public void moments(float[] x, int from, int stride, int planes, int area, float shift, Sums sums) {
      double s = 0;
      double q = 0;
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          double d = x[k] - (double) shift;
          s += d;
          q += d * d;
        }
      }
      sums.first = s;
      sums.second = q;
    }

    @Override
    public void normalize(float[] x, int from, int stride, int planes, int area, float mean, float inverseStd,
        float gamma, float beta, boolean relu, float[] y) {
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          float v = gamma * ((x[k] - mean) * inverseStd) + beta;
          y[k] = relu ? Math.max(v, 0f) : v;
        }
      }
    }

    @Override
    public void scaleShift(float[] x, float @Nullable [] positive, int from, int stride, int planes, int area,
        float scale, float shift, boolean relu, float[] y) {
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          float v = masked(x, positive, k) * scale + shift;
          y[k] = relu ? Math.max(v, 0f) : v;
        }
      }
    }

    /** {@code v[k]}, or 0 where {@code positive} is given and not > 0. */
    private static float masked(float[] v, float @Nullable [] positive, int k) {
      return positive == null || positive[k] > 0 ? v[k] : 0f;
    }

    @Override
    public void gradientSums(float[] dy, float @Nullable [] positive, float[] x, int from, int stride, int planes,
        int area, float mean, Sums sums) {
      double s = 0;
      double p2 = 0;
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          float g = masked(dy, positive, k);
          s += g;
          p2 += g * ((double) x[k] - mean);
        }
      }
      sums.first = s;
      sums.second = p2;
    }

    @Override
    public void normalizeBackward(float[] dy, float @Nullable [] positive, float[] x, int from, int stride,
        int planes, int area, float mean, float scale, float meanDy, float slope, float[] dx) {
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          dx[k] = scale * (masked(dy, positive, k) - meanDy - (x[k] - mean) * slope);
        }
      }
    }
  }

  /** Picks the implementation once, on first use. */
  final class Holder {
    static final ChannelNormKernels BEST =
        MatMuls.vectorApiAvailable() ? new VectorChannelNormKernels() : new Portable();

    private Holder() {}
  }
}

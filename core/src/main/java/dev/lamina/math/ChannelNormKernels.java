// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * The passes of batch normalisation over one channel of a batch of images (per-sample
 * {@code [channels, area]}, area = height · width): the channel's values lie in {@code planes}
 * planes of {@code area} contiguous values, plane p starting at {@code from + p · stride}. The
 * sums are in double and their order depends on the sizes alone, so a channel gets the same bits
 * whichever thread computes it. The Vector API implementation adds in double lanes (a float
 * vector widened) and the element-wise passes use fused multiply-adds, in the vector loops and in
 * the scalar tails alike; the portable one is the plain loops. As with {@link Elementwise}, the
 * Vector API class is only loaded when {@code jdk.incubator.vector} is present. The two agree
 * within float rounding.
 */
public interface ChannelNormKernels {

  /** The fastest implementation this JVM can run (chosen once). */
  static ChannelNormKernels best() {
    return Holder.BEST;
  }

  /** How many doubles {@link #moments} and {@link #gradientSums} take as {@code sums}: 2 and their working space. */
  int sumsLength();

  /**
   * {@code sums[0] = Σ (x − shift)} and {@code sums[1] = Σ (x − shift)²} over the channel's
   * values, in double. Shifting by one of the values (the first) keeps {@code Σd²/n − (Σd/n)²} an
   * accurate variance. Modified: sums, at least {@link #sumsLength()} long (the rest working space).
   */
  void moments(float[] x, int from, int stride, int planes, int area, double shift, double[] sums);

  /** {@code y = gamma · ((x − mean) · inverseStd) + beta} over the channel's values. Modified: y (may be x). */
  void normalize(float[] x, int from, int stride, int planes, int area, float mean, float inverseStd, float gamma,
      float beta, float[] y);

  /** {@code y = x · scale + shift} over the channel's values. Modified: y (may be x). */
  void scaleShift(float[] x, int from, int stride, int planes, int area, float scale, float shift, float[] y);

  /**
   * {@code sums[0] = Σ dy} and {@code sums[1] = Σ dy · (x − mean)} over the channel's values, in
   * double. Modified: sums, at least {@link #sumsLength()} long (the rest working space).
   */
  void gradientSums(float[] dy, float[] x, int from, int stride, int planes, int area, float mean, double[] sums);

  /**
   * The input gradient of training-mode batch normalisation over the channel's values,
   * {@code dx = scale · (dy − meanDy − (x − mean) · slope)}. Modified: dx (may be dy).
   */
  void normalizeBackward(float[] dy, float[] x, int from, int stride, int planes, int area, float mean, float scale,
      float meanDy, float slope, float[] dx);

  /** The portable loops. */
  final class Portable implements ChannelNormKernels {
    @Override
    public int sumsLength() {
      return 2;
    }

    @Override
    public void moments(float[] x, int from, int stride, int planes, int area, double shift, double[] sums) {
      double s = 0;
      double q = 0;
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          double d = x[k] - shift;
          s += d;
          q += d * d;
        }
      }
      sums[0] = s;
      sums[1] = q;
    }

    @Override
    public void normalize(float[] x, int from, int stride, int planes, int area, float mean, float inverseStd,
        float gamma, float beta, float[] y) {
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          y[k] = gamma * ((x[k] - mean) * inverseStd) + beta;
        }
      }
    }

    @Override
    public void scaleShift(float[] x, int from, int stride, int planes, int area, float scale, float shift,
        float[] y) {
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          y[k] = x[k] * scale + shift;
        }
      }
    }

    @Override
    public void gradientSums(float[] dy, float[] x, int from, int stride, int planes, int area, float mean,
        double[] sums) {
      double s = 0;
      double p2 = 0;
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          s += dy[k];
          p2 += dy[k] * ((double) x[k] - mean);
        }
      }
      sums[0] = s;
      sums[1] = p2;
    }

    @Override
    public void normalizeBackward(float[] dy, float[] x, int from, int stride, int planes, int area, float mean,
        float scale, float meanDy, float slope, float[] dx) {
      for (int p = 0; p < planes; p++) {
        for (int k = from + p * stride, end = k + area; k < end; k++) {
          dx[k] = scale * (dy[k] - meanDy - (x[k] - mean) * slope);
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

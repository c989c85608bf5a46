// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;

/**
 * The per-feature passes of batch normalisation over a row-major [rows, cols] batch, where each
 * column is a feature. The Vector API implementation vectorises across the columns and walks down
 * the rows, keeping each column block's per-feature values and sums in registers; the portable one
 * is the plain loops. As with {@link Elementwise}, the Vector API class is only loaded when
 * {@code jdk.incubator.vector} is present.
 *
 * <p>Sums are accumulated in float, row after row; callers that need more precision over many
 * rows sum row blocks and add the block results up in double. The two implementations agree
 * within float rounding (the vector one uses fused multiply-adds).
 */
public interface BatchNormKernels {

  /** The fastest implementation this JVM can run (chosen once). */
  static BatchNormKernels best() {
    return Holder.BEST;
  }

  /**
   * Over rows [from, to): {@code sum_j = Σ_i (x_ij − shift_j)} and
   * {@code sumSquares_j = Σ_i (x_ij − shift_j)²}. Shifting by a sample of the column (its first
   * row) keeps {@code Σd²/n − (Σd/n)²} an accurate variance. Modified: sum, sumSquares
   * (overwritten, the first cols values).
   */
  void shiftedMoments(float[] x, int cols, int from, int to, float[] shift, float[] sum, float[] sumSquares);

  /**
   * {@code y_ij = gamma_j · ((x_ij − mean_j) · inverseStd_j) + beta_j} over the first rows·cols
   * values. Modified: y (may be x).
   */
  void normalize(float[] x, int rows, int cols, float[] mean, float[] inverseStd, float[] gamma, float[] beta,
      float[] y);

  /** {@code y_ij = x_ij · scale_j + shift_j} over the first rows·cols values. Modified: y (may be x). */
  void scaleShift(float[] x, int rows, int cols, float[] scale, float[] shift, float[] y);

  /**
   * Over rows [from, to): {@code sumDy_j = Σ_i dy_ij} and
   * {@code sumDyCentered_j = Σ_i dy_ij · (x_ij − mean_j)}. Modified: sumDy, sumDyCentered
   * (overwritten, the first cols values).
   */
  void gradientSums(float[] dy, float[] x, float[] mean, int cols, int from, int to, float[] sumDy,
      float[] sumDyCentered);

  /**
   * The input gradient of training-mode batch normalisation,
   * {@code dx_ij = scale_j · (dy_ij − meanDy_j − (x_ij − mean_j) · slope_j)}, over the first
   * rows·cols values. Modified: dx (may be dy).
   */
  void normalizeBackward(float[] dy, float[] x, float[] mean, int rows, int cols, float[] scale, float[] meanDy,
      float[] slope, float[] dx);

  /** The portable loops; also run by the vector implementation on rows shorter than a vector. */
  final class Portable implements BatchNormKernels {
    @Override
    public void shiftedMoments(float[] x, int cols, int from, int to, float[] shift, float[] sum, float[] sumSquares) {
      Arrays.fill(sum, 0, cols, 0f);
      Arrays.fill(sumSquares, 0, cols, 0f);
      for (int i = from; i < to; i++) {
        for (int j = 0, k = i * cols; j < cols; j++, k++) {
          float d = x[k] - shift[j];
          sum[j] += d;
          sumSquares[j] += d * d;
        }
      }
    }

    @Override
    public void normalize(float[] x, int rows, int cols, float[] mean, float[] inverseStd, float[] gamma,
        float[] beta, float[] y) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0, k = i * cols; j < cols; j++, k++) {
          y[k] = gamma[j] * ((x[k] - mean[j]) * inverseStd[j]) + beta[j];
        }
      }
    }

    @Override
    public void scaleShift(float[] x, int rows, int cols, float[] scale, float[] shift, float[] y) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0, k = i * cols; j < cols; j++, k++) {
          y[k] = x[k] * scale[j] + shift[j];
        }
      }
    }

    @Override
    public void gradientSums(float[] dy, float[] x, float[] mean, int cols, int from, int to, float[] sumDy,
        float[] sumDyCentered) {
      Arrays.fill(sumDy, 0, cols, 0f);
      Arrays.fill(sumDyCentered, 0, cols, 0f);
      for (int i = from; i < to; i++) {
        for (int j = 0, k = i * cols; j < cols; j++, k++) {
          sumDy[j] += dy[k];
          sumDyCentered[j] += dy[k] * (x[k] - mean[j]);
        }
      }
    }

    @Override
    public void normalizeBackward(float[] dy, float[] x, float[] mean, int rows, int cols, float[] scale,
        float[] meanDy, float[] slope, float[] dx) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0, k = i * cols; j < cols; j++, k++) {
          dx[k] = scale[j] * (dy[k] - meanDy[j] - (x[k] - mean[j]) * slope[j]);
        }
      }
    }
  }

  /** Picks the implementation once, on first use. */
  final class Holder {
    static final BatchNormKernels BEST =
        MatMuls.vectorApiAvailable() ? new VectorBatchNormKernels() : new Portable();

    private Holder() {}
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;

/**
 * Element-wise kernels of the training loop whose plain Java loops the JIT cannot vectorize
 * (conditional selects, as in ReLU's backward pass, run as unpredictable branches), and the
 * row-wise ones of a dense layer: the bias added with the activation, the bias gradient (column
 * sums) with the activation's gradient. As with
 * {@link MatMul}, a Vector API implementation is used when {@code jdk.incubator.vector} is
 * present, and a portable loop otherwise. Arrays are read from index 0; {@code n} values are used.
 */
public interface Elementwise {

  /** The fastest implementation this JVM can run (chosen once). */
  static Elementwise best() {
    return Holder.BEST;
  }

  /** y = max(x, 0). Not modified: x. Modified: y (may be x). */
  void relu(float[] x, float[] y, int n);

  /** dx = dy where x &gt; 0, else 0 (0 at x = 0). Not modified: x, dy. Modified: dx (may be dy). */
  default void reluBackward(float[] x, float[] dy, float[] dx, int n) {
    reluBackward(x, dy, dx, 0, n);
  }

  /** {@link #reluBackward(float[], float[], float[], int)} over indices from..to − 1. */
  void reluBackward(float[] x, float[] dy, float[] dx, int from, int to);

  /** y = x for x &gt; 0, alpha·(e^x − 1) otherwise. Modified: y (may be x). */
  void elu(float[] x, float[] y, float alpha, int n);

  /** dx = dy for x &gt; 0, dy·(y + alpha) otherwise, given y = elu(x). Modified: dx (may be dy). */
  void eluBackward(float[] x, float[] y, float[] dy, float[] dx, float alpha, int n);

  /**
   * Adds the bias row to rows {@code from..to-1} of the row-major matrix z of {@code cols}
   * columns: {@code z_rc += bias_c}. Modified: z (those rows).
   */
  void addBias(float[] z, int from, int to, int cols, float[] bias);

  /** {@link #addBias} fused with {@link #relu}: z += bias, then y = max(z, 0). Modified: z, y. */
  void biasRelu(float[] z, int from, int to, int cols, float[] bias, float[] y);

  /** {@link #addBias} fused with {@link #elu}: z += bias, then y = elu(z). Modified: z, y. */
  void biasElu(float[] z, int from, int to, int cols, float[] bias, float alpha, float[] y);

  /**
   * The column sums of the [rows, cols] matrix g, {@code sum_c = Σ_r g_rc}, added in row order
   * in float. Modified: sum (overwritten, the first cols values).
   */
  void columnSums(float[] g, int rows, int cols, float[] sum);

  /** {@link #reluBackward} fused with {@link #columnSums} of dz. Modified: dz (not dy), sum. */
  void reluBackwardColumnSums(float[] z, float[] dy, float[] dz, int rows, int cols, float[] sum);

  /** {@link #eluBackward} fused with {@link #columnSums} of dz. Modified: dz (not dy), sum. */
  void eluBackwardColumnSums(float[] z, float[] y, float[] dy, float[] dz, float alpha, int rows, int cols,
      float[] sum);

  /** The portable loops; also run by the vector implementation on rows shorter than a vector. */
  final class Portable implements Elementwise {
    @Override
    public void addBias(float[] z, int from, int to, int cols, float[] bias) {
      for (int r = from; r < to; r++) {
        for (int c = 0, k = r * cols; c < cols; c++, k++) {
          z[k] += bias[c];
        }
      }
    }

    @Override
    public void biasRelu(float[] z, int from, int to, int cols, float[] bias, float[] y) {
      for (int r = from; r < to; r++) {
        for (int c = 0, k = r * cols; c < cols; c++, k++) {
          float h = z[k] + bias[c];
          z[k] = h;
          y[k] = Math.max(h, 0f);
        }
      }
    }

    @Override
    public void biasElu(float[] z, int from, int to, int cols, float[] bias, float alpha, float[] y) {
      for (int r = from; r < to; r++) {
        for (int c = 0, k = r * cols; c < cols; c++, k++) {
          float h = z[k] + bias[c];
          z[k] = h;
          y[k] = h > 0 ? h : alpha * Expm1.of(h);
        }
      }
    }

    @Override
    public void columnSums(float[] g, int rows, int cols, float[] sum) {
      Arrays.fill(sum, 0, cols, 0f);
      for (int r = 0; r < rows; r++) {
        for (int c = 0, k = r * cols; c < cols; c++, k++) {
          sum[c] += g[k];
        }
      }
    }

    @Override
    public void reluBackwardColumnSums(float[] z, float[] dy, float[] dz, int rows, int cols, float[] sum) {
      Arrays.fill(sum, 0, cols, 0f);
      for (int r = 0; r < rows; r++) {
        for (int c = 0, k = r * cols; c < cols; c++, k++) {
          float d = z[k] > 0 ? dy[k] : 0f;
          dz[k] = d;
          sum[c] += d;
        }
      }
    }

    @Override
    public void eluBackwardColumnSums(float[] z, float[] y, float[] dy, float[] dz, float alpha, int rows, int cols,
        float[] sum) {
      Arrays.fill(sum, 0, cols, 0f);
      for (int r = 0; r < rows; r++) {
        for (int c = 0, k = r * cols; c < cols; c++, k++) {
          float d = z[k] > 0 ? dy[k] : dy[k] * (y[k] + alpha);
          dz[k] = d;
          sum[c] += d;
        }
      }
    }

    @Override
    public void relu(float[] x, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.max(x[i], 0f);
      }
    }

    @Override
    public void reluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
      for (int i = from; i < to; i++) {
        dx[i] = x[i] > 0 ? dy[i] : 0f;
      }
    }

    @Override
    public void elu(float[] x, float[] y, float alpha, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = x[i] > 0 ? x[i] : alpha * Expm1.of(x[i]);
      }
    }

    @Override
    public void eluBackward(float[] x, float[] y, float[] dy, float[] dx, float alpha, int n) {
      for (int i = 0; i < n; i++) {
        dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
      }
    }
  }

  /** Picks the implementation once, on first use. */
  final class Holder {
    static final Elementwise BEST = MatMuls.vectorApiAvailable() ? new VectorElementwise() : new Portable();

    private Holder() {}
  }
}

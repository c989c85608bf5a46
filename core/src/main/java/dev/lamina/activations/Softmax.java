// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Softmax over the last axis: y_ij = e^(x_ij − max_k x_ik) / Σ_k e^(x_ik − max_k x_ik). Subtracting
 * the row maximum keeps large logits finite.
 *
 * <p>Followed by a cross-entropy loss, training computes the gradient of the pair in one stable
 * step ({@code p − y}) and never calls {@link #backward}.
 */
public record Softmax() implements Activation {
  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    int cols = z.cols();
    float[] x = z.data();
    float[] y = out.data();
    for (int r = 0, rows = z.rows(); r < rows; r++) {
      int o = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, x[o + c]);
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        float e = (float) Math.exp(x[o + c] - max);
        y[o + c] = e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int c = 0; c < cols; c++) {
        y[o + c] *= inv;
      }
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    int cols = z.cols();
    float[] y = out.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int r = 0, rows = z.rows(); r < rows; r++) {
      int o = r * cols;
      double dot = 0;
      for (int c = 0; c < cols; c++) {
        dot += (double) g[o + c] * y[o + c];
      }
      for (int c = 0; c < cols; c++) {
        d[o + c] = (float) (y[o + c] * (g[o + c] - dot));
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Log-softmax over the last axis: y_ij = x_ij − logsumexp_k(x_ik), computed stably. The output of
 * PyTorch classifiers trained with {@code NLLLoss}; exp(y) is the softmax.
 *
 * <p>Backward: dx_ij = dy_ij − softmax(x)_ij · Σ_k dy_ik.
 */
public record LogSoftmax() implements Activation {
  @Override
  public String name() {
    return "log_softmax";
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
        sum += Math.exp(x[o + c] - max);
      }
      double lse = max + Math.log(sum);
      for (int c = 0; c < cols; c++) {
        y[o + c] = (float) (x[o + c] - lse);
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
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += g[o + c];
      }
      for (int c = 0; c < cols; c++) {
        d[o + c] = (float) (g[o + c] - Math.exp(y[o + c]) * sum);
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Per-row categorical cross-entropy, shared by the dense and sparse losses. Targets are either a
 * row of {@code y} at offset {@code o} or a class index. Gradients are divided by the batch size.
 */
final class CrossEntropy {
  private static final double EPSILON = BinaryCrossentropy.EPSILON;

  private CrossEntropy() {}

  /** Σ_j y_j·(lse(z) − z_j); gradient softmax(z)·Σy − y. */
  static double fromLogits(Matrix logits, int r, float[] y, int o, @Nullable Matrix gradient, int batch) {
    int cols = logits.cols();
    float[] z = logits.data();
    double lse = logSumExp(z, r * cols, cols);
    double loss = 0;
    double ySum = 0;
    for (int j = 0; j < cols; j++) {
      loss += y[o + j] * (lse - z[r * cols + j]);
      ySum += y[o + j];
    }
    if (gradient != null) {
      float[] g = gradient.data();
      for (int j = 0; j < cols; j++) {
        int i = r * cols + j;
        g[i] = (float) ((Math.exp(z[i] - lse) * ySum - y[o + j]) / batch);
      }
    }
    return loss;
  }

  /**
   * lse(z) − z_label; gradient softmax(z) − onehot(label). Each e^(z_j − max) is computed once:
   * the gradient row holds it (as float) until the sum is known. The label's entry, p − 1, where
   * float rounding of p would be amplified, is computed from a double p.
   */
  static double fromLogits(Matrix logits, int r, int label, @Nullable Matrix gradient, int batch) {
    int cols = logits.cols();
    float[] z = logits.data();
    int o = r * cols;
    if (gradient == null) {
      return logSumExp(z, o, cols) - z[o + label];
    }
    float max = rowMax(z, o, cols);
    float[] g = gradient.data();
    double sum = 0;
    for (int j = 0; j < cols; j++) {
      double e = Math.exp(z[o + j] - max);
      sum += e;
      g[o + j] = (float) e;
    }
    double scale = 1 / (sum * batch);
    for (int j = 0; j < cols; j++) {
      g[o + j] = (float) (g[o + j] * scale);
    }
    double labelProbability = Math.exp(z[o + label] - max) / sum;
    g[o + label] = (float) ((labelProbability - 1) / batch);
    return max + Math.log(sum) - z[o + label];
  }

  /** Keras: q = clip(p / Σp, ε, 1 − ε); −Σ_j y_j log q_j. */
  static double fromProbabilities(Matrix probabilities, int r, float[] y, int o, @Nullable Matrix gradient, int batch) {
    int cols = probabilities.cols();
    float[] p = probabilities.data();
    double s = rowSum(p, r * cols, cols);
    double loss = 0;
    double gq = 0;
    for (int j = 0; j < cols; j++) {
      double q = p[r * cols + j] / s;
      double qc = clip(q);
      loss -= y[o + j] * Math.log(qc);
      gq += qc == q ? -y[o + j] : 0; // Σ_c (∂L/∂q_c)·q_c
    }
    if (gradient != null) {
      float[] g = gradient.data();
      for (int j = 0; j < cols; j++) {
        double q = p[r * cols + j] / s;
        double dq = clip(q) == q ? -y[o + j] / q : 0;
        g[r * cols + j] = (float) ((dq - gq) / s / batch);
      }
    }
    return loss;
  }

  static double fromProbabilities(Matrix probabilities, int r, int label, @Nullable Matrix gradient, int batch) {
    int cols = probabilities.cols();
    float[] p = probabilities.data();
    double s = rowSum(p, r * cols, cols);
    double q = p[r * cols + label] / s;
    double qc = clip(q);
    if (gradient != null) {
      float[] g = gradient.data();
      double dq = qc == q ? -1 / q : 0;
      double gq = qc == q ? -1 : 0;
      for (int j = 0; j < cols; j++) {
        g[r * cols + j] = (float) (((j == label ? dq : 0) - gq) / s / batch);
      }
    }
    return -Math.log(qc);
  }

  private static double clip(double q) {
    return Math.min(Math.max(q, EPSILON), 1 - EPSILON);
  }

  private static double rowSum(float[] p, int o, int cols) {
    double s = 0;
    for (int j = 0; j < cols; j++) {
      s += p[o + j];
    }
    return s;
  }

  private static float rowMax(float[] z, int o, int cols) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < cols; j++) {
      max = Math.max(max, z[o + j]);
    }
    return max;
  }

  static double logSumExp(float[] z, int o, int cols) {
    float max = rowMax(z, o, cols);
    double sum = 0;
    for (int j = 0; j < cols; j++) {
      sum += Math.exp(z[o + j] - max);
    }
    return max + Math.log(sum);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The fused softmax + sparse cross-entropy against the formulas in double, to the last bits. */
class CrossEntropyTest {

  /**
   * Rows from uncertain to confident (the label's p within 1e-6 of 1, where p − 1 cancels): each
   * gradient entry within 2 ulps of (softmax − onehot) / batch, and the loss.
   */
  @Test
  void theGradientIsSoftmaxMinusOneHotWithinTwoUlps() {
    float[][] rows = {{0.1f, -0.4f, 2f, 0.3f}, {20f, 3f, -1f, 5.5f}, {-7f, 9f, 9.5f, -30f}};
    int[] labels = {2, 0, 1};
    int batch = rows.length;
    Matrix logits = new Matrix(batch, 4);
    Matrix targets = new Matrix(batch, 1);
    for (int r = 0; r < batch; r++) {
      System.arraycopy(rows[r], 0, logits.data(), r * 4, 4);
      targets.set(r, 0, labels[r]);
    }
    Matrix gradient = new Matrix(batch, 4);
    double loss = new SparseCategoricalCrossentropy(true).compute(logits, targets, gradient);
    double expectedLoss = 0;
    for (int r = 0; r < batch; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (float v : rows[r]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (float v : rows[r]) {
        sum += Math.exp(v - max);
      }
      expectedLoss += max + Math.log(sum) - rows[r][labels[r]];
      for (int j = 0; j < 4; j++) {
        double expected = (Math.exp(rows[r][j] - max) / sum - (j == labels[r] ? 1 : 0)) / batch;
        assertEquals(expected, gradient.get(r, j), 2 * Math.ulp((float) expected), "row " + r + ", class " + j);
      }
    }
    assertEquals(expectedLoss / batch, loss, 1e-6 * expectedLoss / batch, "loss, up to the float rounding of z − max");
  }
}

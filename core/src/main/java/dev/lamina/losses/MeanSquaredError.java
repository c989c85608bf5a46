// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/** Mean squared error: mean over the batch of mean_j (p_j − y_j)², as Keras {@code MeanSquaredError}. */
public record MeanSquaredError() implements Loss {
  @Override
  public double compute(Matrix predicted, Matrix target, @Nullable Matrix gradient) {
    Checks.sameShape("MeanSquaredError", predicted, target);
    float[] p = predicted.data();
    float[] y = target.data();
    int n = predicted.size();
    double sum = 0;
    float scale = 2f / n;
    float[] g = gradient == null ? null : gradient.data();
    for (int i = 0; i < n; i++) {
      float d = p[i] - y[i];
      sum += (double) d * d;
      if (g != null) {
        g[i] = scale * d;
      }
    }
    return sum / n;
  }

  @Override
  public String name() {
    return "mean_squared_error";
  }
}

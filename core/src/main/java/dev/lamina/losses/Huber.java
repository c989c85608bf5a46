// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Huber loss (Keras {@code Huber}): for e = p − y, ½e² where |e| ≤ delta, delta·(|e| − ½delta)
 * elsewhere; mean over units, then over the batch. Quadratic near zero, linear for outliers.
 *
 * @param delta where the loss turns linear, > 0; Keras default 1.0 ({@link #DEFAULT_DELTA})
 */
public record Huber(double delta) implements Loss {
  /** 1.0, as Keras (PyTorch's {@code HuberLoss} agrees). */
  public static final double DEFAULT_DELTA = 1.0;

  public Huber {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber: delta must be finite and > 0, but was " + delta);
    }
  }

  @Override
  public double compute(Matrix predicted, Matrix target, @Nullable Matrix gradient) {
    Checks.sameShape("Huber", predicted, target);
    float[] p = predicted.data();
    float[] y = target.data();
    int n = predicted.size();
    float[] g = gradient == null ? null : gradient.data();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double e = (double) p[i] - y[i];
      double abs = Math.abs(e);
      sum += abs <= delta ? 0.5 * e * e : delta * (abs - 0.5 * delta);
      if (g != null) {
        g[i] = (float) ((abs <= delta ? e : delta * Math.signum(e)) / n);
      }
    }
    return sum / n;
  }

  @Override
  public String name() {
    return "huber";
  }
}

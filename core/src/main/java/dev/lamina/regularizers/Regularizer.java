// SPDX-License-Identifier: Apache-2.0

package dev.lamina.regularizers;

import org.jspecify.annotations.Nullable;

/**
 * A penalty on a parameter's values, added to the training loss (Keras {@code Regularizer}). One
 * abstract method, so a Kotlin or Java lambda is a regularizer:
 *
 * <pre>{@code
 * Regularizer sumOfSquares = (w, g) -> {
 *   double s = 0;
 *   for (int i = 0; i < w.length; i++) {
 *     s += w[i] * w[i];
 *     if (g != null) g[i] += 2 * w[i];
 *   }
 *   return s;
 * };
 * }</pre>
 *
 * <p>The penalty is not divided by the batch size: like Keras, the total loss is {@code mean loss
 * over the batch + Σ penalties}. Only trainable parameters are regularized (Keras collects the
 * penalties of {@code trainable_weights}).
 */
@FunctionalInterface
public interface Regularizer {

  /**
   * Computes the penalty of {@code values} and, when {@code gradient} is not null, adds its
   * gradient ∂penalty/∂values to it.
   *
   * @param values the parameter's values. Not modified.
   * @param gradient the parameter's gradient, or null to skip it. Modified: the penalty's gradient
   *     is added.
   * @return the penalty, ≥ 0 for the built-in regularizers
   */
  double penalty(float[] values, float @Nullable [] gradient);
}

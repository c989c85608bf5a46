// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * A training objective: the mean over the batch of a per-sample loss (Keras'
 * {@code "sum_over_batch_size"} reduction). A single-method interface, so a lambda is a loss.
 */
@FunctionalInterface
public interface Loss {

  /**
   * Computes the mean loss of a batch and, when {@code gradient} is not null, writes
   * ∂loss/∂prediction into it (same shape as {@code predicted}).
   *
   * @param predicted the model's output [batch, units]. Not modified.
   * @param target the targets: [batch, units], or [batch, 1] class indices for sparse losses. Not modified.
   * @param gradient where the gradient goes, or null. Modified.
   * @throws IllegalArgumentException if the shapes or labels do not fit the loss
   */
  double compute(Matrix predicted, Matrix target, @Nullable Matrix gradient);

  /** The Keras name used in logs. */
  default String name() {
    return "loss";
  }
}

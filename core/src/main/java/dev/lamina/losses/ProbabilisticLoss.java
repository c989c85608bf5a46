// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.activations.Activation;

/**
 * A cross-entropy that can read probabilities or logits. When a model ends in the matching
 * activation (softmax or sigmoid) and the loss reads probabilities, training computes the pair
 * from the logits instead, as Keras does: a finite loss and the stable gradient {@code p − y}.
 */
public interface ProbabilisticLoss extends Loss {

  /** Whether predictions are logits (true) or probabilities (false). */
  boolean fromLogits();

  /** The activation that turns logits into this loss's probabilities. */
  Activation outputActivation();

  /** The same loss reading logits. */
  ProbabilisticLoss withLogits();
}

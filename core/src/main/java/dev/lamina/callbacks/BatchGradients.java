// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.Model;

/**
 * A batch's gradients, after back-propagation and before the optimizer clips, accumulates and
 * applies them: each trainable parameter's {@code gradient()} holds this batch's own gradient,
 * penalties included. The place to watch for exploding gradients, which clipping would hide by
 * {@link BatchEnd}. One object per fit, updated in place: read it during the call, don't keep it.
 * Don't modify the gradients here.
 */
public interface BatchGradients {

  /** The 0-based epoch index. */
  int epoch();

  /** The 0-based batch index within the epoch. */
  int batch();

  /** This batch's training loss, penalties included. */
  double loss();

  /** The model being trained. */
  Model model();
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizer;

/**
 * The start of an epoch.
 *
 * @param epoch the 0-based epoch index, counted from the first epoch ever (so resumed training
 *     continues the count)
 * @param model the model being trained
 */
public record EpochStart(int epoch, Model model) {

  /** The model's optimizer. */
  public Optimizer optimizer() {
    return model.optimizer();
  }
}

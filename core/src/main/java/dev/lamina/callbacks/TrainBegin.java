// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.Model;

/**
 * The start of training.
 *
 * @param model the model being trained
 * @param initialEpoch the index of the first epoch to run (0, or where resumed training continues)
 * @param epochs the index after the last epoch to run (Keras: {@code epochs} is the final epoch)
 * @param stepsPerEpoch the number of batches per epoch
 */
public record TrainBegin(Model model, int initialEpoch, int epochs, int stepsPerEpoch) {}

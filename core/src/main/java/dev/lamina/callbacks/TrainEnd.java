// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.History;
import dev.lamina.model.Model;

/**
 * The end of training, after the last epoch or a stop.
 *
 * @param model the model trained
 * @param history the epochs run so far; {@link History#stopReason()} says why training stopped early
 */
public record TrainEnd(Model model, History history) {}

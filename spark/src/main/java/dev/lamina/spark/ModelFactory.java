// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.model.Model;
import java.io.Serializable;

/**
 * Makes the model on each executor: the same layers (names and shapes) as the driver's model,
 * compiled with the same loss, metrics and kind of optimizer. Its weights, trainable flags and
 * learning-rate multipliers do not matter: every task gives its model the driver's. An executor
 * calls it once per task thread and fit, and its later tasks reuse those models. A lambda works
 * when what it captures is serialisable: {@code () -> Models.classifier()} with a static method is
 * the safe form.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  /** A new, compiled model. */
  Model create();
}

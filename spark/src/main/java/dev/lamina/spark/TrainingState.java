// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.model.Model;
import java.io.Serializable;
import java.util.List;

/**
 * What the driver broadcasts at each synchronisation: the training state of its model (the
 * checkpoint: weights, moving statistics, optimizer slots and scalars, seed), and what the
 * checkpoint does not hold but callbacks change during fit: each layer's trainable flag
 * (GradualUnfreezing) and each parameter's learning-rate multiplier. A task's model, made by the
 * factory or reused from an earlier task, becomes the driver's model by {@link #applyTo}.
 */
record TrainingState(byte[] checkpoint, boolean[] trainable, double[] learningRateMultipliers) implements Serializable {

  static TrainingState of(Model model) {
    List<Layer> layers = model.layers();
    boolean[] trainable = new boolean[layers.size()];
    for (int i = 0; i < trainable.length; i++) {
      trainable[i] = layers.get(i).isTrainable();
    }
    List<Parameter> parameters = model.parameters();
    double[] multipliers = new double[parameters.size()];
    for (int i = 0; i < multipliers.length; i++) {
      multipliers[i] = parameters.get(i).learningRateMultiplier();
    }
    return new TrainingState(model.checkpoint(0), trainable, multipliers);
  }

  /** The bytes of its arrays: what a synchronisation ships to each executor, roughly. */
  long bytes() {
    return checkpoint.length + trainable.length + 8L * learningRateMultipliers.length;
  }

  /**
   * Makes {@code model} the driver's model: its training state, trainable flags and learning-rate
   * multipliers.
   *
   * @throws IllegalArgumentException if the model does not have the driver's layers and parameters
   *     (the message names the difference)
   */
  void applyTo(Model model) {
    model.loadCheckpoint(checkpoint); // checks the parameters' names and shapes first
    List<Layer> layers = model.layers();
    if (layers.size() != trainable.length) {
      throw new IllegalArgumentException("SparkTrainer: the factory's model has " + layers.size()
          + " layers, but the driver's has " + trainable.length);
    }
    for (int i = 0; i < trainable.length; i++) {
      Layer layer = layers.get(i);
      if (layer.isTrainable() != trainable[i]) {
        layer.setTrainable(trainable[i]);
      }
    }
    List<Parameter> parameters = model.parameters();
    for (int i = 0; i < learningRateMultipliers.length; i++) {
      parameters.get(i).setLearningRateMultiplier(learningRateMultipliers[i]);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.activations.Activations;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;

/** A small classification problem (the index of the largest of 4 inputs) and a model for it. */
final class Toy {
  private Toy() {}

  static Tensor[] data(int samples, long seed) {
    return dev.lamina.testing.ToyProblem.data(samples, seed);
  }

  static Sequential model(long seed) {
    Sequential m = Sequential.of(seed, Input.of(4),
        Dense.builder(16).activation(Activations.RELU), Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).momentum(0.9).build(),
        Metrics.accuracy());
    return m;
  }

  static FitOptions quiet() {
    return FitOptions.defaults().batchSize(16).verbose(false);
  }
}

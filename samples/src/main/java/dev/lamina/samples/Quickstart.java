// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.Evaluation;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import java.util.Locale;

/**
 * The first network of the chapter: Fashion-MNIST, Dense 300 → 100 → 10 with ELU and He
 * initialisation, SGD with momentum, 3 epochs.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Trains for {@code epochs} epochs, prints progress, and returns the test loss and accuracy. */
  public static Evaluation run(FashionMnist data, int epochs, long seed) {
    Sequential model = Network.sequential(seed, input(28, 28),
        flatten(),
        dense(300).activation(ELU).kernelInitializer(heNormal()),
        dense(100).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX));
    System.out.print(model.summary());
    model.compile(Losses.sparseCategoricalCrossentropy(),
        Optimizers.sgd().learningRate(0.01).momentum(0.9).build(),
        Metrics.accuracy());
    model.fit(data.trainImages(), data.trainLabels(),
        FitOptions.defaults().epochs(epochs).batchSize(32).validationSplit(5000.0 / 60000).seed(seed));
    Evaluation test = model.evaluate(data.testImages(), data.testLabels());
    System.out.printf(Locale.ROOT, "Test loss %.4f, test accuracy %.4f%n", test.loss(), test.get("accuracy"));
    return test;
  }
}

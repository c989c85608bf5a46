// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.data.FashionMnist;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Training sanity on real data: the seed model, without and with batch normalization, reaches 84%
 * test accuracy on Fashion-MNIST in 3 epochs. Skipped when the data set is not configured
 * ({@code -Dlamina.data=DIR} or {@code LAMINA_DATA}).
 */
class FashionMnistTrainingTest {

  @Test
  void seedModelReaches84PercentIn3Epochs() {
    Optional<Path> folder = FashionMnist.locate(null);
    assumeTrue(folder.isPresent(), "Fashion-MNIST not found: set LAMINA_DATA or -Dlamina.data to its folder");
    FashionMnist data = FashionMnist.load(folder.get());
    Sequential model = SequentialTest.seedModel(42);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.01).momentum(0.9).build(),
        Metrics.accuracy());
    long t0 = System.nanoTime();
    model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(3).seed(42));
    double accuracy = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    System.out.printf("Fashion-MNIST seed model: test accuracy %.4f after 3 epochs in %.1f s%n", accuracy,
        (System.nanoTime() - t0) / 1e9);
    assertTrue(accuracy >= 0.84, "test accuracy " + accuracy);
  }

  /** The seed model with batch normalization (Géron ch. 11) trains as well; MC dropout is not involved. */
  @Test
  void seedBatchNormModelReaches84PercentIn3Epochs() {
    Optional<Path> folder = FashionMnist.locate(null);
    assumeTrue(folder.isPresent(), "Fashion-MNIST not found: set LAMINA_DATA or -Dlamina.data to its folder");
    FashionMnist data = FashionMnist.load(folder.get());
    Sequential model = SequentialTest.seedBatchNormModel(42);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.01).momentum(0.9).build(),
        Metrics.accuracy());
    long t0 = System.nanoTime();
    model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(3).seed(42));
    double accuracy = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    System.out.printf("Fashion-MNIST seed BN model: test accuracy %.4f after 3 epochs in %.1f s%n", accuracy,
        (System.nanoTime() - t0) / 1e9);
    assertTrue(accuracy >= 0.84, "test accuracy " + accuracy);
  }
}

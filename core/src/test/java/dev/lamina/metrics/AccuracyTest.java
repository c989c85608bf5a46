// SPDX-License-Identifier: Apache-2.0

package dev.lamina.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.losses.Losses;
import dev.lamina.tensor.Matrix;
import org.junit.jupiter.api.Test;

class AccuracyTest {
  private final Matrix probabilities = Matrix.wrap(new float[] {0.1f, 0.7f, 0.2f, 0.6f, 0.3f, 0.1f}, 2, 3);

  @Test
  void autoResolvesFromTheLossAndTheOutputWidth() {
    assertEquals(Accuracy.Kind.SPARSE_CATEGORICAL,
        Metrics.accuracy().resolve(Losses.sparseCategoricalCrossentropy(), 10).kind());
    assertEquals(Accuracy.Kind.CATEGORICAL, Metrics.accuracy().resolve(Losses.categoricalCrossentropy(), 10).kind());
    assertEquals(Accuracy.Kind.BINARY, Metrics.accuracy().resolve(Losses.binaryCrossentropy(), 1).kind());
    assertEquals(Accuracy.Kind.BINARY, Metrics.accuracy().resolve(Losses.meanSquaredError(), 1).kind());
  }

  @Test
  void countsCorrectSamples() {
    assertEquals(1.0, Metrics.sparseCategoricalAccuracy().sum(probabilities, Matrix.wrap(new float[] {1, 2}, 2, 1)));
    assertEquals(2.0, Metrics.categoricalAccuracy().sum(probabilities,
        Matrix.wrap(new float[] {0, 1, 0, 1, 0, 0}, 2, 3)));
    assertEquals(1.5, Metrics.binaryAccuracy().sum(Matrix.wrap(new float[] {0.9f, 0.2f, 0.6f, 0.4f}, 2, 2),
        Matrix.wrap(new float[] {1, 0, 0, 0}, 2, 2)));
  }

  @Test
  void targetsOfAnotherShapeAreAClearErrorNotAnIndexOutOfBounds() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Metrics.categoricalAccuracy().sum(probabilities, Matrix.wrap(new float[] {1, 2}, 2, 1)));
    assertEquals("Accuracy (categorical): targets must have the shape of the predictions [2, 3], but had [2, 1]",
        e.getMessage());
  }
}

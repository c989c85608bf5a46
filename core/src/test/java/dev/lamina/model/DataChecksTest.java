// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.losses.Losses;
import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The up-front data checks; {@code TrainerTest} checks that fit and evaluate run them before any batch. */
class DataChecksTest {

  @Test
  void theValidationSplitKeepsFloorOfTheTrainingShareAsKeras() {
    assertEquals(1617, DataChecks.trainingSamples(1797, 0.1)); // Lamina kept 1618 before: n − (int) (n·s)
    assertEquals(19, DataChecks.trainingSamples(20, 0.01)); // floor keeps at least one for validation
    assertEquals(15, DataChecks.trainingSamples(20, 0.25));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataChecks.trainingSamples(20, 0.97));
    assertEquals("fit: validationSplit 0.97 of 20 samples leaves no training samples (0 kept for training,"
        + " floor(n * (1 - validationSplit)) as Keras); give more data or another validationSplit", e.getMessage());
  }

  @Test
  void labelsAndInputsAreNamedByRowAndDataSet() {
    DataChecks checks = new DataChecks(Losses.sparseCategoricalCrossentropy(), new int[] {3}, 0.25);
    Tensor y = Tensor.of(new float[] {0, 2, 1, 3}, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> checks.labels(y, "training", 3));
    assertEquals("SparseCategoricalCrossentropy: labels must be class indices in [0, 2], but row 3 of the targets"
        + " (validation data: the last 1 rows, held out by validationSplit 0.25) was 3.0", e.getMessage());
    Tensor x = Tensor.of(new float[] {0, 1, 2, Float.NaN}, 2, 2);
    e = assertThrows(IllegalArgumentException.class, () -> checks.finite(x, 2, "validation", 2));
    assertEquals("fit: inputs must be finite, but row 1 of the validation inputs, feature 1, was NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> checks.finite(x, 2, "evaluation", 2));
    assertEquals("evaluate: inputs must be finite, but row 1 of the evaluation inputs, feature 1, was NaN", e.getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkTrainerSettingsTest {

  @Test
  void theSettingsGoIntoTheCheckpointAndTheSameOnesAreAccepted() {
    SparkTrainerSettings settings = new SparkTrainerSettings(4, 100, SyncMode.AVERAGING, 32, 54_000, false);
    assertEquals(Map.of("workers", 4.0, "stepsPerSync", 100.0, "mode", 0.0, "batchSize", 32.0, "samples", 54_000.0,
        "partitioning", 1.0), settings.resumeState());
    settings.restoreState(settings.resumeState());
    settings.restoreState(Map.of("workers", 4.0)); // what an older checkpoint lacks is not checked
  }

  @Test
  void otherSettingsAreNamedInTheRefusalOrAccepted() {
    Map<String, Double> saved = new SparkTrainerSettings(4, 100, SyncMode.AVERAGING, 32, 54_000, false).resumeState();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparkTrainerSettings(4, 100, SyncMode.AVERAGING, 32, 60_000, false).restoreState(saved));
    assertEquals("SparkTrainer: cannot resume from the checkpoint: it was saved by training with other settings "
        + "(samples 54000 then, 60000 now), so resuming would not continue that run as it would have gone on; resume "
        + "with the checkpoint's settings, or accept the change with SparkTrainer.resumeWithOtherSettings(true)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainerSettings(4, 100, SyncMode.AVERAGING, 32, 54_000,
        false).restoreState(Map.of("partitioning", 2.0)));
    assertEquals(true, e.getMessage().contains("(partitioning 2 then, 1 now)"), e.getMessage());
    new SparkTrainerSettings(8, 1, SyncMode.GRADIENTS, 16, 60_000, true).restoreState(saved);
  }
}

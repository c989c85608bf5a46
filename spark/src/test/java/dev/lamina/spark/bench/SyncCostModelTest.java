// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SyncCostModelTest {

  /** 150 ms per synchronisation and 3 ms per step of 64 samples (2 workers × 32). */
  private static final SyncCostModel MODEL = new SyncCostModel(0.150, 0.003, 64);

  @Test
  void theLineThroughTwoMeasurementsHasTheirFixedAndStepCosts() {
    SyncCostModel m = SyncCostModel.through(10, 0.18, 938, 0.15 + 938 * 0.003, 64);
    assertEquals(0.150, m.fixedSeconds(), 1e-12);
    assertEquals(0.003, m.stepSeconds(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> SyncCostModel.through(5, 1, 5, 2, 64));
  }

  @Test
  void throughputTendsToTheAsymptote() {
    assertEquals(64 * 100 / (0.150 + 100 * 0.003), MODEL.throughput(100), 1e-9);
    assertEquals(64 / 0.003, MODEL.asymptote(), 1e-9);
    assertTrue(MODEL.throughput(1e9) < MODEL.asymptote());
    assertEquals(Double.POSITIVE_INFINITY, new SyncCostModel(0.15, -1e-4, 64).asymptote(), "a step cost ≤ 0");
  }

  @Test
  void theStepsForAThroughputGiveThatThroughput() {
    for (double wanted : new double[] {10_000, 18_000}) {
      OptionalDouble k = MODEL.stepsFor(wanted);
      assertTrue(k.isPresent());
      assertEquals(wanted, MODEL.throughput(k.getAsDouble()), 1e-6);
    }
    assertEquals(OptionalDouble.empty(), MODEL.stepsFor(22_000), "above the asymptote of 21,333");
    assertEquals(1, MODEL.stepsFor(20).getAsDouble(), "already at K = 1");
  }
}

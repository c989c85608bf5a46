// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SyncCostModelTest {

  /** 150 ms per synchronisation and 3 ms per step of 64 samples (2 workers × 32). */
  private static final double FIXED = 0.150;
  private static final double STEP = 0.003;

  private static double[] seconds(double[] steps) {
    double[] t = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      t[i] = FIXED + STEP * steps[i];
    }
    return t;
  }

  @Test
  void fitsExactPointsExactly() {
    double[] steps = {1, 10, 100, 938};
    SyncCostModel m = SyncCostModel.fit(steps, seconds(steps), 64);
    assertEquals(FIXED, m.fixedSeconds(), 1e-12);
    assertEquals(STEP, m.stepSeconds(), 1e-12);
    assertEquals(64 * 100 / (FIXED + 100 * STEP), m.throughput(100), 1e-9);
    assertEquals(64 / STEP, m.asymptote(), 1e-9);
  }

  @Test
  void weighsRelativeErrorsSoTheLongRoundsDoNotDecideTheFixedCost() {
    double[] steps = {1, 10, 100, 1000};
    double[] t = seconds(steps);
    t[3] *= 1.10; // 10% noise on the longest round: 0.315 s absolute, twice the fixed cost
    SyncCostModel m = SyncCostModel.fit(steps, t, 64);
    // Unweighted least squares gives 0.139 s here (7.5% off); weighted, 0.148 s.
    assertEquals(FIXED, m.fixedSeconds(), 0.03 * FIXED, "the short rounds still tell the fixed cost");
  }

  @Test
  void theStepsForAnEfficiencyGiveThatThroughput() {
    SyncCostModel m = new SyncCostModel(FIXED, STEP, 64);
    double single = 20_000; // asymptote 21,333: 107%
    for (double e : new double[] {0.5, 0.9}) {
      OptionalDouble k = m.stepsFor(e, single);
      assertTrue(k.isPresent());
      assertEquals(e * single, m.throughput(k.getAsDouble()), 1e-6);
    }
    assertEquals(OptionalDouble.empty(), m.stepsFor(1.1, single), "above the asymptote");
    assertEquals(1, m.stepsFor(0.001, single).getAsDouble(), "already at K = 1");
  }

  @Test
  void needsTwoDifferentStepCounts() {
    assertThrows(IllegalArgumentException.class, () -> SyncCostModel.fit(new double[] {5}, new double[] {1}, 64));
    assertThrows(IllegalArgumentException.class,
        () -> SyncCostModel.fit(new double[] {5, 5}, new double[] {1, 1.1}, 64));
  }
}

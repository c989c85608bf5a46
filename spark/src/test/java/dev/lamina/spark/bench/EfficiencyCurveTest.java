// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EfficiencyCurveTest {

  /**
   * 64 samples per global step; the fixed cost drifts from 300 ms at K = 1 to 150 ms at K = 1000
   * (3 ms per step throughout); single node 20,000 samples/s.
   */
  private static final EfficiencyCurve CURVE = new EfficiencyCurve(List.of(
      new EfficiencyCurve.Point(1000, 0.150 + 3.0), new EfficiencyCurve.Point(1, 0.303),
      new EfficiencyCurve.Point(100, 0.250 + 0.3), new EfficiencyCurve.Point(10, 0.280 + 0.03)), 64, 20_000);

  @Test
  void measuredEfficienciesInStepOrder() {
    assertEquals(64 * 100 / 0.55 / 20_000, CURVE.efficiency(2), 1e-12);
    assertEquals(64 * 1000 / 3.15 / 20_000, CURVE.efficiency(3), 1e-12); // 102%
  }

  @Test
  void interpolatesOnTheLineBetweenTheMeasurementsThatStraddleTheEfficiency() {
    // 50% lies between K = 10 (10%) and K = 100 (58%). Their line: step
    // (0.55 − 0.31) / 90 s, fixed 0.31 − 10 × step; K where 64K / (fixed + K step) = 10,000.
    double step = (0.55 - 0.31) / 90;
    double fixed = 0.31 - 10 * step;
    double expected = 10_000 * fixed / (64 - 10_000 * step);
    Optional<EfficiencyCurve.Steps> k = CURVE.stepsFor(0.5);
    assertEquals(expected, k.orElseThrow().steps(), 1e-9);
    assertFalse(k.get().extrapolated());
    assertTrue(expected > 10 && expected < 100);
  }

  @Test
  void aMeasuredPointAlreadyThereAndExtrapolationPastTheLargest() {
    assertEquals(new EfficiencyCurve.Steps(1, false), CURVE.stepsFor(0.001).orElseThrow());
    // 104%: past K = 1000 (102%), on the line through K = 100 and K = 1000 (asymptote 111%).
    double step = (3.15 - 0.55) / 900;
    double fixed = 0.55 - 100 * step;
    EfficiencyCurve.Steps k = CURVE.stepsFor(1.04).orElseThrow();
    assertTrue(k.extrapolated());
    assertEquals(20_800 * fixed / (64 - 20_800 * step), k.steps(), 1e-6);
    assertEquals(64 / step, CURVE.tail().asymptote(), 1e-9);
    assertEquals(Optional.empty(), CURVE.stepsFor(1.2), "above the tail's asymptote");
  }

  @Test
  void needsTwoDistinctStepCounts() {
    assertThrows(IllegalArgumentException.class,
        () -> new EfficiencyCurve(List.of(new EfficiencyCurve.Point(1, 1)), 64, 1000));
    assertThrows(IllegalArgumentException.class, () -> new EfficiencyCurve(
        List.of(new EfficiencyCurve.Point(1, 1), new EfficiencyCurve.Point(1, 2)), 64, 1000));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each schedule against its closed form. */
class SchedulesTest {

  @Test
  void constant() {
    assertEquals(0.01, Schedules.constant(0.01).at(123_456));
    assertEquals("learningRate must be finite and >= 0, but was NaN",
        assertThrows(IllegalArgumentException.class, () -> Schedules.constant(Double.NaN)).getMessage());
  }

  @Test
  void power() {
    LearningRateSchedule s = Schedules.power(0.01, 10_000, 1);
    assertEquals(0.01, s.at(0), 1e-15);
    assertEquals(0.005, s.at(10_000), 1e-15);
    assertEquals(0.01 / Math.pow(1 + 2.5, 2), Schedules.power(0.01, 1000, 2).at(2500), 1e-15);
  }

  @Test
  void exponentialAndKerasExponentialDecay() {
    assertEquals(0.001, Schedules.exponential(0.01, 20).at(20), 1e-15);
    assertEquals(0.01 * Math.pow(0.1, 0.5), Schedules.exponential(0.01, 20).at(10), 1e-15);
    LearningRateSchedule stairs = Schedules.exponentialDecay(0.1, 100, 0.5, true);
    assertEquals(0.1, stairs.at(99), 1e-15);
    assertEquals(0.05, stairs.at(100), 1e-15);
    assertEquals(0.1 * Math.pow(0.5, 1.5), Schedules.exponentialDecay(0.1, 100, 0.5, false).at(150), 1e-15);
  }

  @Test
  void piecewiseConstantFollowsKerasBoundaries() {
    LearningRateSchedule s = Schedules.piecewiseConstant(new long[] {5, 15}, new double[] {0.1, 0.01, 0.001});
    assertEquals(0.1, s.at(5));
    assertEquals(0.01, s.at(6));
    assertEquals(0.01, s.at(15));
    assertEquals(0.001, s.at(16));
    assertThrows(IllegalArgumentException.class,
        () -> Schedules.piecewiseConstant(new long[] {5}, new double[] {0.1}));
  }

  @Test
  void cosineDecayWithWarmup() {
    LearningRateSchedule s = Schedules.cosineDecay(0.0, 100, 0.1, 10, 1.0);
    assertEquals(0.0, s.at(0), 1e-15);
    assertEquals(0.5, s.at(5), 1e-15);
    assertEquals(1.0, s.at(10), 1e-15);
    assertEquals(1.0 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)) + 0.1), s.at(35), 1e-15);
    assertEquals(0.1, s.at(110), 1e-15);
    assertEquals(0.1, s.at(1000), 1e-15);
  }

  @Test
  void oneCycleRisesThenFallsWithMomentumOpposite() {
    OneCycle s = Schedules.oneCycle(0.1, 100);
    assertEquals(0.1 / 25, s.at(0), 1e-12);
    assertEquals(0.1, s.at(29), 1e-12); // phase one ends at pctStart * total - 1
    assertEquals(0.1 / 25 / 1e4, s.at(99), 1e-15);
    assertEquals(0.95, s.momentumAt(0), 1e-12);
    assertEquals(0.85, s.momentumAt(29), 1e-12);
    assertEquals(0.95, s.momentumAt(99), 1e-12);
    double start = 0.1 / 25;
    double cosine = 0.1 + (start - 0.1) / 2 * (Math.cos(Math.PI * 14 / 29.0) + 1);
    assertEquals(cosine, s.at(14), 1e-15);
    OneCycle linear = s.anneal(OneCycle.Anneal.LINEAR);
    assertEquals(start + (0.1 - start) * 14 / 29.0, linear.at(14), 1e-15);
    double down = 0.1 + (start / 1e4 - 0.1) * (64 - 29) / 70.0; // phase two runs from step 29 to 99
    assertEquals(down, linear.at(64), 1e-15);
  }

  @Test
  void oneCycleRejectsAWarmUpThatEndsWhereItStarts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Schedules.oneCycle(0.1, 10).pctStart(0.1));
    assertEquals("oneCycle: pctStart · totalSteps must not be 1 (the warm-up would end at step 0, where it starts),"
        + " but pctStart was 0.1 and totalSteps 10", e.getMessage());
    OneCycle brief = Schedules.oneCycle(0.1, 100).pctStart(0.005); // phase one ends before step 0: all annealing
    for (long step = 0; step < 100; step++) {
      assertTrue(Double.isFinite(brief.at(step)) && Double.isFinite(brief.momentumAt(step)), "step " + step);
    }
    assertEquals(0.1 / 25 / 1e4, brief.at(99), 1e-15);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.schedules.OneCycle;
import dev.lamina.schedules.Schedules;
import org.junit.jupiter.api.Test;

/** The 1cycle policy drives SGD's momentum and Adam's β1 through a schedule of the step. */
class MomentumScheduleTest {
  private static final OneCycle CYCLE = Schedules.oneCycle(0.1, 10);
  private static final float[] GRADIENTS = {1f, -0.5f, 2f, 0.25f, 1f, -1f, 0.5f, 1.5f, -0.25f, 1f};

  /** Keras form with per-step rates: m ← μ_t·m − lr_t·g; w ← w + m, in float as the optimizer. */
  @Test
  void sgdFollowsTheClosedFormMomentumAndRate() {
    float[] got = run(Optimizers.sgd().learningRate(CYCLE).momentum(CYCLE::momentumAt).build(), GRADIENTS);
    float w = 1f;
    float m = 0f;
    for (int t = 0; t < GRADIENTS.length; t++) {
      m = (float) CYCLE.momentumAt(t) * m + -(float) CYCLE.at(t) * GRADIENTS[t];
      w += m;
      assertEquals(w, got[t], "w after step " + (t + 1));
    }
  }

  /** As PyTorch's OneCycleLR with Adam: the bias correction uses the current β1, 1 − β1(t)^t. */
  @Test
  void adamFollowsTheClosedFormBeta1AndRate() {
    float[] got = run(Optimizers.adam().learningRate(CYCLE).beta1(CYCLE::momentumAt).build(), GRADIENTS);
    double w = 1;
    double m = 0;
    double v = 0;
    for (int t = 1; t <= GRADIENTS.length; t++) {
      double b1 = CYCLE.momentumAt(t - 1);
      double g = GRADIENTS[t - 1];
      m = b1 * m + (1 - b1) * g;
      v = 0.999 * v + 0.001 * g * g;
      double alpha = CYCLE.at(t - 1) * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(b1, t));
      w -= alpha * m / (Math.sqrt(v) + 1e-7);
      assertEquals(w, got[t - 1], 1e-5, "w after step " + t);
    }
  }

  @Test
  void gettersReportTheValueOfTheNextUpdate() {
    SGD sgd = Optimizers.sgd().learningRate(CYCLE).momentum(CYCLE::momentumAt).build();
    assertEquals(CYCLE.momentumAt(0), sgd.momentum());
    run(sgd, 1f, 1f, 1f);
    assertEquals(CYCLE.momentumAt(3), sgd.momentum());
    assertEquals(CYCLE.at(3), sgd.currentLearningRate());
    Adam adam = Optimizers.adam().beta1(CYCLE::momentumAt).build();
    assertEquals(CYCLE.momentumAt(0), adam.beta1());
    assertEquals(0.9, Optimizers.adam().beta1(CYCLE::momentumAt).beta1(0.9).build().beta1());
  }

  @Test
  void scheduledValuesOutOfRangeAreRejectedAtUse() {
    SGD sgd = Optimizers.sgd().momentum(step -> 1.5).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(sgd, 1f));
    assertEquals("SGD: momentum must be in [0, 1], but the schedule gave 1.5 at step 0", e.getMessage());
    assertRejected("Adam: beta1 must be in [0, 1), but the schedule gave 1.0 at step 0",
        () -> run(Optimizers.adam().beta1(step -> 1.0).build(), 1f));
  }
}

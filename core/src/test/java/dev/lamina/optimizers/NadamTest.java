// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NadamTest {

  @Test
  void kerasDefaultsAndPyTorchMomentumDecay() {
    Nadam n = Optimizers.nadam().build();
    assertEquals(0.001, n.learningRate().at(0));
    assertEquals(0.9, n.beta1());
    assertEquals(0.999, n.beta2());
    assertEquals(1e-7, n.epsilon());
    assertEquals(1.0, n.momentumDecay());
    assertEquals(0.004, Optimizers.nadam().convention(Convention.PYTORCH).build().momentumDecay());
    assertEquals(0.5, Optimizers.nadam().momentumDecay(0.5).build().momentumDecay());
  }

  /**
   * lr 0.1, g = 1 then −0.5. Keras: μ_1 = 0.9·(1 − 0.5·0.96) = 0.468, μ_2 = 0.48528; step 1 has
   * m = 0.1, v̂ = 1: w −= 0.1·(μ_2·0.1/(1 − μ_1·μ_2) + (1 − μ_1)·1/(1 − μ_1)) = 0.1062788.
   */
  @Test
  void kerasScheduleAndPyTorchMomentumDecay() {
    assertSteps(run(Optimizers.nadam().learningRate(0.1).build(), 1f, -0.5f), 0.8937212302969999, 0.9329807513590341);
    assertSteps(run(Optimizers.nadam().learningRate(0.1).convention(Convention.PYTORCH).build(), 1f, -0.5f),
        0.8943548327289779, 0.9354658004519877);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    assertRejected("Nadam: beta2 must be in [0, 1), but was 2.0", () -> Optimizers.nadam().beta2(2));
    assertRejected("Nadam: momentumDecay must be finite and >= 0, but was -0.004", () -> Optimizers.nadam().momentumDecay(-0.004));
  }
}

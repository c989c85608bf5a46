// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamaxTest {

  @Test
  void kerasDefaults() {
    Adamax a = Optimizers.adamax().build();
    assertEquals(0.001, a.learningRate().at(0));
    assertEquals(0.9, a.beta1());
    assertEquals(0.999, a.beta2());
    assertEquals(1e-7, a.epsilon());
  }

  /**
   * lr 0.1, ε 0.1, g = 1 then −0.5. Step 1 alike: u = 1 (Keras, divides by 1.1) or 1.1 (PyTorch),
   * w −= 0.1/0.1 · 0.1/1.1 = 1/11. Step 2: u = max(0.999·u, |g| (+ ε)) keeps the decayed u, so
   * Keras divides by 0.999 + 0.1 and PyTorch by 0.999·1.1.
   */
  @Test
  void twoStepsInEachConvention() {
    assertSteps(run(Optimizers.adamax().learningRate(0.1).epsilon(0.1).build(), 1f, -0.5f),
        1 - 1 / 11.0, 0.8899347384094283);
    float[] torch = run(Optimizers.adamax().learningRate(0.1).epsilon(0.1).convention(Convention.PYTORCH).build(), 1f, -0.5f);
    assertSteps(torch, 1 - 1 / 11.0, 0.8899329951961531);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    assertRejected("Adamax: beta1 must be in [0, 1), but was -0.5", () -> Optimizers.adamax().beta1(-0.5));
    assertRejected("Adamax: beta2 must be in [0, 1), but was 1.0", () -> Optimizers.adamax().beta2(1));
  }
}

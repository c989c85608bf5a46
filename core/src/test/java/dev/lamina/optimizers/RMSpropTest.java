// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** lr 0.1, ρ 0.9, ε 0.1 and g = 1 then −0.5 throughout; step 1 has v = 0.1. */
class RMSpropTest {

  private static RMSprop.Builder rmsprop() {
    return Optimizers.rmsprop().learningRate(0.1).epsilon(0.1);
  }

  @Test
  void kerasDefaults() {
    RMSprop r = Optimizers.rmsprop().build();
    assertEquals(0.001, r.learningRate().at(0));
    assertEquals(0.9, r.rho());
    assertEquals(0.0, r.momentum());
    assertEquals(1e-7, r.epsilon());
    assertFalse(r.centered());
  }

  /** Keras: w −= 0.1·1/√(0.1 + 0.1) = 0.2236068; PyTorch: w −= 0.1·1/(√0.1 + 0.1) = 0.2402531. */
  @Test
  void epsilonInsideTheRootForKerasOutsideForPyTorch() {
    assertSteps(run(rmsprop().build(), 1f, -0.5f), 0.7763932022500211, 0.8842259754534595);
    assertSteps(run(rmsprop().convention(Convention.PYTORCH).build(), 1f, -0.5f), 0.7597469266479577, 0.8736119262461784);
  }

  @Test
  void momentum() {
    assertSteps(run(rmsprop().momentum(0.9).build(), 1f, -0.5f), 0.7763932022500211, 0.6829798574784784);
    assertSteps(run(rmsprop().momentum(0.9).convention(Convention.PYTORCH).build(), 1f, -0.5f),
        0.7597469266479578, 0.6573841602293405);
  }

  /** Step 1: a = 0.1, variance 0.1 − 0.01 = 0.09; PyTorch: w −= 0.1/(0.3 + 0.1) = 0.25. */
  @Test
  void centered() {
    assertSteps(run(rmsprop().centered(true).build(), 1f, -0.5f), 0.7705842661294382, 0.878820531007143);
    assertSteps(run(rmsprop().centered(true).convention(Convention.PYTORCH).build(), 1f, -0.5f), 0.75, 0.8644821880124056);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    assertRejected("RMSprop: rho must be in [0, 1), but was 1.0", () -> Optimizers.rmsprop().rho(1));
    assertRejected("RMSprop: momentum must be in [0, 1], but was -0.1", () -> Optimizers.rmsprop().momentum(-0.1));
    assertRejected("RMSprop: epsilon must be finite and >= 0, but was Infinity",
        () -> Optimizers.rmsprop().epsilon(Double.POSITIVE_INFINITY));
  }
}

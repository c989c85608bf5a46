// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamWTest {

  @Test
  void isAdamWithKerasWeightDecay() {
    Adam adamW = Optimizers.adamW().build();
    assertEquals(0.004, adamW.weightDecay());
    assertEquals(0.001, adamW.learningRate().at(0));
    assertEquals(Adam.DEFAULT_BETA1, adamW.beta1());
    assertEquals(Adam.DEFAULT_EPSILON, adamW.epsilon());
  }

  /** Decay first, w = 1 − 1·0.5·0.1 = 0.95, then the Adam step of AdamTest (−0.0240253). */
  @Test
  void decaysBeforeTheAdamStep() {
    float[] w = run(Optimizers.adamW().learningRate(0.1).epsilon(0.1).weightDecay(0.5).build(), 1f);
    assertSteps(w, 0.9259746926647957);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdagradTest {

  @Test
  void kerasDefaultsAndPyTorchInitialAccumulator() {
    Adagrad a = Optimizers.adagrad().build();
    assertEquals(0.001, a.learningRate().at(0));
    assertEquals(0.1, a.initialAccumulatorValue());
    assertEquals(1e-7, a.epsilon());
    assertEquals(0.0, Optimizers.adagrad().convention(Convention.PYTORCH).build().initialAccumulatorValue());
    assertEquals(0.3, Optimizers.adagrad().initialAccumulatorValue(0.3).convention(Convention.PYTORCH).build()
        .initialAccumulatorValue(), "an explicit value wins over the convention's default");
  }

  /**
   * lr 0.1, ε 0.1, g = 1 then −0.5. Keras (acc from 0.1): acc = 1.1, w −= 0.1/√1.2; PyTorch (acc
   * from 0): acc = 1, w −= 0.1/(1 + 0.1) = 1/11.
   */
  @Test
  void twoStepsInEachConvention() {
    assertSteps(run(Optimizers.adagrad().learningRate(0.1).epsilon(0.1).build(), 1f, -0.5f),
        0.9087129070824723, 0.9502356470093423);
    assertSteps(run(Optimizers.adagrad().learningRate(0.1).epsilon(0.1).convention(Convention.PYTORCH).build(), 1f, -0.5f),
        1 - 1 / 11.0, 0.9501406667017919);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    assertRejected("Adagrad: initialAccumulatorValue must be finite and >= 0, but was -0.1",
        () -> Optimizers.adagrad().initialAccumulatorValue(-0.1));
    assertRejected("Adagrad: epsilon must be finite and >= 0, but was NaN", () -> Optimizers.adagrad().epsilon(Double.NaN));
  }
}

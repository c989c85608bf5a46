// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void kerasDefaults() {
    Adam adam = Optimizers.adam().build();
    assertEquals(0.001, adam.learningRate().at(0));
    assertEquals(0.9, adam.beta1());
    assertEquals(0.999, adam.beta2());
    assertEquals(1e-7, adam.epsilon());
    assertFalse(adam.amsgrad());
    assertEquals(0.0, adam.weightDecay());
    assertEquals(Convention.KERAS, adam.convention());
  }

  /**
   * lr 0.1, ε 0.1, g = 1 then −0.5. Step 1: m = 0.1, v = 0.001. Keras: w −= 0.1·√0.001/0.1 · 0.1 /
   * (√0.001 + 0.1) = 0.0240253; PyTorch: w −= 0.1/0.1 · 0.1/(√0.001/√0.001 + 0.1) = 1/11.
   */
  @Test
  void twoStepsInEachConvention() {
    float[] keras = run(Optimizers.adam().learningRate(0.1).epsilon(0.1).build(), 1f, -0.5f);
    assertSteps(keras, 0.9759746926647958, 0.9690199224811142);
    float[] torch = run(Optimizers.adam().learningRate(0.1).epsilon(0.1).convention(Convention.PYTORCH).build(), 1f, -0.5f);
    assertSteps(torch, 1 - 1 / 11.0, 0.8854482412517926);
  }

  /**
   * Gradient accumulation over 2 calls of g = 1: Keras 3 counts both calls, so the update is step 2
   * (bias corrections 1 − 0.9² and 1 − 0.999²): w = 1 − 0.1·√0.001999/0.19 · 0.1/(√0.001 + 0.1);
   * PyTorch's count makes it step 1, as {@link #twoStepsInEachConvention} without accumulation.
   */
  @Test
  void accumulatedUpdateIsCorrectedForTheCallCount() {
    Adam.Builder b = Optimizers.adam().learningRate(0.1).epsilon(0.1).gradientAccumulationSteps(2);
    assertSteps(run(b.build(), 1f, 1f), 1, KERAS_STEP_2);
    assertSteps(run(b.convention(Convention.PYTORCH).epsilon(0.1).build(), 1f, 1f), 1, 1 - 1 / 11.0);
  }

  private static final double KERAS_STEP_2 = 0.9821218841143606;

  /** With β2 0.5, g = 1 then 0.1: v drops from 0.5 to 0.255, AMSGrad keeps dividing by √0.5. */
  @Test
  void amsgradDividesByTheLargestSecondMoment() {
    Adam.Builder b = Optimizers.adam().learningRate(0.1).beta2(0.5).epsilon(0.1);
    assertSteps(run(b.build(), 1f, 0.1f), 0.9123899343099295, 0.8370475386633229);
    assertSteps(run(b.amsgrad(true).build(), 1f, 0.1f), 0.9123899343099295, 0.8559162613435116);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    assertRejected("Adam: beta1 must be in [0, 1), but was 1.5", () -> Optimizers.adam().beta1(1.5));
    assertRejected("Adam: beta2 must be in [0, 1), but was 1.0", () -> Optimizers.adam().beta2(1));
    assertRejected("Adam: epsilon must be finite and >= 0, but was -1.0E-7", () -> Optimizers.adam().epsilon(-1e-7));
    assertRejected("Adam: learningRate must be finite and >= 0, but was NaN", () -> Optimizers.adam().learningRate(Double.NaN));
  }
}

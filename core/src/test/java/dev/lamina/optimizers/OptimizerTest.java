// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static dev.lamina.optimizers.Runs.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Parameter;
import dev.lamina.schedules.Schedules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The base's shared steps, shown with plain SGD (lr 0.1) where w −= 0.1·g is easy to follow. */
class OptimizerTest {

  @Test
  void weightDecayShrinksTheWeightsBeforeTheUpdate() {
    // w = 1 − 1·0.5·0.1 = 0.95, then − 0.1·1 = 0.85 (the gradient was computed before the decay)
    assertSteps(run(Optimizers.sgd().learningRate(0.1).weightDecay(0.5).build(), 1f), 0.85);
    assertSteps(run(Optimizers.sgd().learningRate(0.1).weightDecay(0.5).build(), 0f, 0f), 0.95, 0.9025);
  }

  @Test
  void accumulationUpdatesWithTheMeanOnEveryKthCallCountingCallsAsKerasDoes() {
    SGD sgd = Optimizers.sgd().learningRate(step -> 0.1 * (step + 1)).gradientAccumulationSteps(2).build();
    Parameter p = scalar(1f);
    long[] iterations = new long[4];
    float[] w = accumulate(sgd, p, iterations);
    // Keras 3 counts every call: call 2 updates with mean 2 at lr 0.2 (schedule at step 1): 1 − 0.4;
    // call 4 with mean −1 at lr 0.4 (step 3): 0.6 + 0.4
    assertSteps(w, 1, 0.6, 0.6, 1.0);
    assertEquals(List.of(1L, 2L, 3L, 4L), List.of(iterations[0], iterations[1], iterations[2], iterations[3]));
    assertEquals(0f, sgd.slots(p).get(Optimizer.ACCUMULATOR)[0], "the accumulator restarts after an update");
  }

  @Test
  void accumulationCountsOnlyUpdatesUnderThePyTorchConvention() {
    SGD sgd = Optimizers.sgd().learningRate(step -> 0.1 * (step + 1)).gradientAccumulationSteps(2)
        .convention(Convention.PYTORCH).build();
    long[] iterations = new long[4];
    float[] w = accumulate(sgd, scalar(1f), iterations);
    // call 2: mean 2 at lr 0.1 (schedule at 0 updates): 1 − 0.2; call 4: mean −1 at lr 0.2: 0.8 + 0.2
    assertSteps(w, 1, 0.8, 0.8, 1.0);
    assertEquals(List.of(0L, 1L, 1L, 2L), List.of(iterations[0], iterations[1], iterations[2], iterations[3]));
  }

  /** Four calls with gradients 1, 3, −2, 0; the weight and the step count after each. */
  private static float[] accumulate(Optimizer optimizer, Parameter p, long[] iterations) {
    float[] gradients = {1, 3, -2, 0};
    float[] w = new float[4];
    for (int call = 0; call < 4; call++) {
      p.gradient()[0] = gradients[call];
      optimizer.apply(List.of(p));
      w[call] = p.value()[0];
      iterations[call] = optimizer.iterations();
    }
    return w;
  }

  @Test
  void accumulationClipsTheMeanGradient() {
    // mean of 4 and 0 is 2, clipped to 1: w = 1 − 0.1·1; clipping each call would give 1 − 0.1·0.5
    SGD sgd = Optimizers.sgd().learningRate(0.1).clipValue(1).gradientAccumulationSteps(2).build();
    assertSteps(run(sgd, 4f, 0f), 1, 0.9);
  }

  @Test
  void setLearningRateReplacesTheScheduleFromTheNextUpdate() {
    SGD sgd = Optimizers.sgd().learningRate(step -> 1.0 / (step + 1)).build();
    Parameter p = scalar(1f);
    p.gradient()[0] = 1;
    sgd.apply(List.of(p)); // w = 1 − 1·1 = 0
    assertEquals(0.5, sgd.currentLearningRate());
    sgd.setLearningRate(0.25);
    assertEquals(0.25, sgd.currentLearningRate());
    assertEquals(Schedules.constant(0.25), sgd.learningRate());
    sgd.apply(List.of(p)); // w = 0 − 0.25·1
    assertEquals(-0.25, p.value()[0], 1e-7);
    assertEquals(2, sgd.iterations());
  }

  @Test
  void invalidCommonOptionsAreRejectedWithTheOptimizerAndValue() {
    assertRejected("Adam: weightDecay must be finite and >= 0, but was -0.1", () -> Optimizers.adam().weightDecay(-0.1));
    assertRejected("RMSprop: gradientAccumulationSteps must be >= 2, but was 1",
        () -> Optimizers.rmsprop().gradientAccumulationSteps(1));
    assertRejected("SGD: setLearningRate needs a finite rate >= 0, but got -1.0",
        () -> Optimizers.sgd().build().setLearningRate(-1));
  }

  @Test
  void aScheduleThatGivesNoFiniteRateStopsTheUpdateNamingTheStep() {
    SGD sgd = Optimizers.sgd().learningRate(step -> step == 1 ? Double.NaN : 0.1).build();
    Parameter p = scalar(1f);
    p.gradient()[0] = 1;
    sgd.apply(List.of(p));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.apply(List.of(p)));
    assertTrue(e.getMessage().startsWith("SGD: the learning rate must be finite and >= 0, but "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" gave NaN at step 1"), e.getMessage());
    assertEquals(0.9f, p.value()[0], "the weights are left as they were");
  }

  /** An optimizer written outside Lamina (sign SGD) gets the base's learning rate, clipping, slots and step count. */
  @Test
  void anOptimizerOfOnesOwnUsesTheBaseOptions() {
    final class SignSgd extends Optimizer {
      SignSgd() {
        super(Optimizer.options("SignSgd").learningRate(0.5).clipValue(0.1));
      }

      @Override
      protected void update(float[] w, float[] g, Slots slots, double lr, long step, int from, int to) {
        float[] seen = slots.get("last_gradient", 0f);
        for (int i = from; i < to; i++) {
          seen[i] = g[i];
          w[i] -= (float) (lr * Math.signum(g[i]));
        }
      }
    }
    SignSgd opt = new SignSgd();
    Parameter p = new Parameter("p", new int[] {3}, true);
    System.arraycopy(new float[] {3, -4, 0}, 0, p.gradient(), 0, 3);
    opt.apply(List.of(p));
    assertEquals(1, opt.iterations());
    assertEquals(0.5, opt.currentLearningRate());
    assertEquals(-0.5f, p.value()[0]);
    assertEquals(0.5f, p.value()[1]);
    assertEquals(0f, p.value()[2]);
    float[] clipped = opt.slots(p).get("last_gradient");
    assertEquals(0.1f, clipped[0], "clipped by the base before the update");
    assertEquals(-0.1f, clipped[1]);
    assertThrows(IllegalArgumentException.class, () -> Optimizer.options("SignSgd").learningRate(-1));
  }
}

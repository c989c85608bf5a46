// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static dev.lamina.optimizers.Runs.assertRejected;
import static dev.lamina.optimizers.Runs.assertSteps;
import static dev.lamina.optimizers.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SGDTest {

  @Test
  void kerasDefaults() {
    SGD sgd = Optimizers.sgd().build();
    assertEquals(0.01, sgd.learningRate().at(0));
    assertEquals(0.0, sgd.momentum());
    assertEquals(false, sgd.nesterov());
    assertEquals(Convention.KERAS, sgd.convention());
  }

  @Test
  void plainMomentumAndNesterovFollowKerasForm() {
    assertSteps(run(Optimizers.sgd().learningRate(0.1).build(), 1f, 1f), 0.9, 0.8);
    // m1 = -0.1, w1 = 0.9; m2 = 0.9*-0.1 - 0.1 = -0.19, w2 = 0.71
    assertSteps(run(Optimizers.sgd().learningRate(0.1).momentum(0.9).build(), 1f, 1f), 0.9, 0.71);
    // Nesterov: w1 = 1 + 0.9*(-0.1) - 0.1 = 0.81; m2 = -0.19, w2 = 0.81 + 0.9*(-0.19) - 0.1 = 0.539
    assertSteps(run(Optimizers.sgd().learningRate(0.1).momentum(0.9).nesterov(true).build(), 1f, 1f), 0.81, 0.539);
  }

  /** lr 0.1 then 0.05, momentum 0.9, g = 1: the conventions part when the learning rate changes. */
  @Test
  void momentumUnderAChangingLearningRate() {
    SGD.Builder b = Optimizers.sgd().learningRate(step -> step == 0 ? 0.1 : 0.05).momentum(0.9);
    // Keras: m1 = -0.1, w1 = 0.9; m2 = -0.09 - 0.05 = -0.14, w2 = 0.76
    assertSteps(run(b.build(), 1f, 1f), 0.9, 0.76);
    // PyTorch: b1 = 1, w1 = 0.9; b2 = 1.9, w2 = 0.9 - 0.05*1.9 = 0.805
    assertSteps(run(b.convention(Convention.PYTORCH).build(), 1f, 1f), 0.9, 0.805);
    // PyTorch Nesterov: w1 = 1 - 0.1*(1 + 0.9) = 0.81; w2 = 0.81 - 0.05*(1 + 0.9*1.9) = 0.6745
    assertSteps(run(b.nesterov(true).build(), 1f, 1f), 0.81, 0.6745);
  }

  @Test
  void scheduleIsEvaluatedAtTheStepBeforeTheUpdate() {
    SGD sgd = Optimizers.sgd().learningRate(step -> step == 0 ? 0.5 : 0.25).build();
    assertSteps(run(sgd, 1f, 1f), 0.5, 0.25);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    assertRejected("SGD: momentum must be in [0, 1], but was 1.5", () -> Optimizers.sgd().momentum(1.5));
    assertRejected("SGD: learningRate must be finite and >= 0, but was -1.0", () -> Optimizers.sgd().learningRate(-1));
    assertRejected("SGD: clipNorm must be finite and > 0, but was 0.0", () -> Optimizers.sgd().clipNorm(0));
    assertRejected("SGD: clipValue must be finite and > 0, but was -1.0", () -> Optimizers.sgd().clipValue(-1));
    assertRejected("SGD: globalClipNorm must be finite and > 0, but was NaN", () -> Optimizers.sgd().globalClipNorm(Double.NaN));
  }
}

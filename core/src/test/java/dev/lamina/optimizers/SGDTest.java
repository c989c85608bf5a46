package dev.lamina.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.layers.Dense;
import dev.lamina.layers.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SGDTest {

  private static Parameter scalar(float value) {
    Dense d = Dense.builder(1).useBias(false).create("s");
    d.build(new int[] {1}, new SplittableRandom(0));
    Parameter p = d.kernel();
    p.value()[0] = value;
    return p;
  }

  /** Runs SGD with a constant gradient g and returns w after each step. */
  private static float[] run(SGD sgd, float g, int steps) {
    Parameter p = scalar(1f);
    float[] w = new float[steps];
    for (int t = 0; t < steps; t++) {
      p.gradient()[0] = g;
      sgd.apply(List.of(p));
      w[t] = p.value()[0];
    }
    return w;
  }

  @Test
  void kerasDefaults() {
    SGD sgd = Optimizers.sgd().build();
    assertEquals(0.01, sgd.learningRate().at(0));
    assertEquals(0.0, sgd.momentum());
    assertEquals(false, sgd.nesterov());
  }

  @Test
  void plainMomentumAndNesterovFollowKerasForm() {
    float[] plain = run(Optimizers.sgd().learningRate(0.1).build(), 1f, 2);
    assertEquals(0.9f, plain[0], 1e-7f);
    assertEquals(0.8f, plain[1], 1e-7f);
    // m1 = -0.1, w1 = 0.9; m2 = 0.9*-0.1 - 0.1 = -0.19, w2 = 0.71
    float[] momentum = run(Optimizers.sgd().learningRate(0.1).momentum(0.9).build(), 1f, 2);
    assertEquals(0.9f, momentum[0], 1e-6f);
    assertEquals(0.71f, momentum[1], 1e-6f);
    // Nesterov: w1 = 1 + 0.9*(-0.1) - 0.1 = 0.81; m2 = -0.19, w2 = 0.81 + 0.9*(-0.19) - 0.1 = 0.539
    float[] nesterov = run(Optimizers.sgd().learningRate(0.1).momentum(0.9).nesterov(true).build(), 1f, 2);
    assertEquals(0.81f, nesterov[0], 1e-6f);
    assertEquals(0.539f, nesterov[1], 1e-6f);
  }

  @Test
  void scheduleIsEvaluatedAtTheStepBeforeTheUpdate() {
    SGD sgd = Optimizers.sgd().learningRate(step -> step == 0 ? 0.5 : 0.25).build();
    float[] w = run(sgd, 1f, 2);
    assertEquals(0.5f, w[0], 1e-7f);
    assertEquals(0.25f, w[1], 1e-7f);
  }

  @Test
  void invalidHyperparametersAreRejectedWithTheValue() {
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().momentum(1.5));
    assertEquals("SGD: momentum must be in [0, 1], but was 1.5", m.getMessage());
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().learningRate(-1));
    assertEquals("learningRate must be finite and >= 0, but was -1.0", lr.getMessage());
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().clipNorm(0));
    assertEquals("Clipping NORM: threshold must be finite and > 0, but was 0.0", c.getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API update rules against the portable loops: the same float operations in the same
 * order, so after several steps weights and slots must be bit-identical, on sizes around the
 * vector length.
 */
class OptimizerKernelsTest {
  private static final OptimizerKernels PORTABLE = new OptimizerKernels.Portable();
  private static final OptimizerKernels VECTOR = new VectorOptimizerKernels();
  private static final int STEPS = 3;

  /** A parameter with its gradient and four slots (the first, "a", is all zeros like a fresh slot). */
  private record State(float[] w, float[] g, float[] a, float[] b, float[] c, float[] d) {
    static State random(int n, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      float[][] v = new float[6][n];
      for (int k = 0; k < 6; k++) {
        for (int i = 0; i < n; i++) {
          v[k][i] = k == 2 ? 0f : (float) r.nextGaussian();
        }
      }
      for (int i = 0; i < n; i += 5) {
        v[1][i] = 0f; // zero gradients
      }
      for (int i = 0; i < n; i++) {
        v[3][i] = Math.abs(v[3][i]); // second moments and norms are non-negative
        v[4][i] = Math.abs(v[4][i]);
      }
      return new State(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    State copy() {
      return new State(w.clone(), g.clone(), a.clone(), b.clone(), c.clone(), d.clone());
    }
  }

  /** Runs {@code rule} for STEPS steps on both implementations' copies of the same state and compares them. */
  private static void assertSame(int n, String name, RuleOn rule) {
    State start = State.random(n, 31L * n + name.hashCode());
    State portable = start.copy();
    State vector = start.copy();
    for (int step = 0; step < STEPS; step++) {
      rule.apply(PORTABLE, portable);
      rule.apply(VECTOR, vector);
    }
    assertArrayEquals(portable.w(), vector.w(), 0f, name + ": w");
    assertArrayEquals(portable.a(), vector.a(), 0f, name + ": slot a");
    assertArrayEquals(portable.b(), vector.b(), 0f, name + ": slot b");
    assertArrayEquals(portable.c(), vector.c(), 0f, name + ": slot c");
    assertArrayEquals(portable.d(), vector.d(), 0f, name + ": slot d");
    if (n > 1) {
      assertFalse(Arrays.equals(start.w(), vector.w()), name + ": the weights moved");
    }
  }

  private interface RuleOn {
    void apply(OptimizerKernels k, State s);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 33, 1001})
  void everyRuleIsBitIdenticalToThePortableLoop(int n) {
    assertSame(n, "decay", (k, s) -> k.decay(s.w(), 0.01f, 0, n));
    assertSame(n, "sgd", (k, s) -> k.sgd(s.w(), s.g(), 0.1f, 0, n));
    assertSame(n, "momentum (Keras)", (k, s) -> k.momentum(s.w(), s.g(), s.a(), 0.9f, -0.1f, 1f, false, 0, n));
    assertSame(n, "momentum (PyTorch)", (k, s) -> k.momentum(s.w(), s.g(), s.a(), 0.9f, 1f, -0.1f, false, 0, n));
    assertSame(n, "Nesterov", (k, s) -> k.momentum(s.w(), s.g(), s.a(), 0.9f, -0.1f, 1f, true, 0, n));
    assertSame(n, "adam", (k, s) -> k.adam(s.w(), s.g(), s.a(), s.b(), s.b(), 0.9f, 0.1f, 0.999f, 0.001f,
        0.01f, 1e-7f, 0, n));
    assertSame(n, "AMSGrad", (k, s) -> k.adam(s.w(), s.g(), s.a(), s.b(), s.c(), 0.9f, 0.1f, 0.999f, 0.001f,
        0.01f, 1e-7f, 0, n));
    assertSame(n, "nadam", (k, s) -> k.nadam(s.w(), s.g(), s.a(), s.b(), 0.9f, 0.1f, 0.999f, 0.001f, 0.02f,
        0.003f, 1.5f, 1e-7f, 0, n));
    assertSame(n, "adamax (Keras)", (k, s) -> k.adamax(s.w(), s.g(), s.a(), s.b(), 0.9f, 0.1f, 0.999f, 0.01f,
        0f, 1e-7f, 0, n));
    assertSame(n, "adamax (PyTorch)", (k, s) -> k.adamax(s.w(), s.g(), s.a(), s.b(), 0.9f, 0.1f, 0.999f, 0.01f,
        1e-8f, 0f, 0, n));
    assertSame(n, "adagrad", (k, s) -> k.adagrad(s.w(), s.g(), s.b(), 0.01f, 1e-7f, 0f, 0, n));
    assertSame(n, "rmsprop", (k, s) -> k.rmsprop(s.w(), s.g(), s.b(), null, null, 0.9f, 0.1f, 0.01f, 0f, 0f, 0f,
        1e-7f, 0f, 0, n));
    assertSame(n, "rmsprop centered, momentum", (k, s) -> k.rmsprop(s.w(), s.g(), s.b(), s.d(), s.a(), 0.9f, 0.1f,
        0.01f, 0.9f, 0.01f, 1f, 1e-7f, 0f, 0, n));
    assertSame(n, "rmsprop momentum (PyTorch)", (k, s) -> k.rmsprop(s.w(), s.g(), s.b(), null, s.a(), 0.9f, 0.1f,
        0.01f, 0.9f, 1f, 0.01f, 0f, 1e-8f, 0, n));
  }

  @Test
  void theVectorKernelsAreChosenWhenTheModuleIsPresent() {
    assertInstanceOf(VectorOptimizerKernels.class, OptimizerKernels.best());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.layers.Dense;
import dev.lamina.layers.LayerRun;
import dev.lamina.layers.Parameter;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Helpers for the optimizer unit tests: one scalar weight updated with given gradients. */
final class Runs {
  private Runs() {}

  /** A trainable 1-element parameter holding {@code value}. */
  static Parameter scalar(float value) {
    Dense d = (Dense) LayerRun.of(Dense.builder(1).useBias(false).name("s"), 0, new int[] {1}).layer();
    Parameter p = d.kernel();
    p.value()[0] = value;
    return p;
  }

  /** Starts at w = 1, applies one update per gradient and returns w after each. */
  static float[] run(Optimizer optimizer, float... gradients) {
    Parameter p = scalar(1f);
    float[] w = new float[gradients.length];
    for (int t = 0; t < gradients.length; t++) {
      p.gradient()[0] = gradients[t];
      optimizer.apply(List.of(p));
      w[t] = p.value()[0];
    }
    return w;
  }

  /** Asserts w after each step, to float precision of values near 1. */
  static void assertSteps(float[] got, double... expected) {
    assertEquals(expected.length, got.length);
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], got[t], 2e-6, "w after step " + (t + 1));
    }
  }

  /** Asserts that building fails with exactly this message. */
  static void assertRejected(String message, Executable build) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
  }
}

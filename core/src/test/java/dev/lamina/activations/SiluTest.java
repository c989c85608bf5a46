// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static dev.lamina.activations.Apply.assertFinite;
import static dev.lamina.activations.Apply.derivative;
import static dev.lamina.activations.Apply.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SiluTest {
  @Test
  void values() {
    // x·σ(x): σ(1) = 0.7310585786300049, σ(-2) = 0.11920292202211755
    assertArrayEquals(new float[] {0f, 0.7310586f, -0.23840584f}, forward(Activations.SILU, 0f, 1f, -2f), 1e-7f);
    // σ(x)·(1 + x·(1 − σ(x))): 0.5 at 0, 0.9276705 at 1
    assertArrayEquals(new float[] {0.5f, 0.92767054f}, derivative(Activations.SILU, 0f, 1f), 1e-7f);
    assertEquals("silu", Activations.SILU.name());
  }

  @Test
  void finiteForLargeInputs() {
    float[] x = {-Float.MAX_VALUE, -1000f, -100f, 100f, 1000f, Float.MAX_VALUE};
    float[] y = forward(Activations.SILU, x);
    float[] d = derivative(Activations.SILU, x);
    assertFinite(Activations.SILU, "f", x, y);
    assertFinite(Activations.SILU, "f'", x, d);
    assertEquals(100f, y[3], 0);
    assertEquals(-3.720076e-42f, y[2], 3e-45f); // -100·e^-100 / (1 + e^-100), a float subnormal
    assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 1f, 1f}, d, 1e-30f);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static dev.lamina.activations.Apply.assertFinite;
import static dev.lamina.activations.Apply.derivative;
import static dev.lamina.activations.Apply.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SoftplusTest {
  @Test
  void values() {
    // log(1 + e^x): ln 2, log(1 + e) = 1.3132616875182228, log(1 + e^-20) = 2.0611536e-9
    assertArrayEquals(new float[] {0.6931472f, 1.3132616f, 2.0611537e-9f, 20f},
        forward(Activations.SOFTPLUS, 0f, 1f, -20f, 20f), 1e-7f);
    assertArrayEquals(new float[] {0.5f, 0.7310586f}, derivative(Activations.SOFTPLUS, 0f, 1f), 1e-7f);
    assertEquals("softplus", Activations.SOFTPLUS.name());
  }

  @Test
  void finiteAndStableForLargeInputs() {
    float[] x = {-Float.MAX_VALUE, -1000f, -100f, 100f, 1000f, Float.MAX_VALUE};
    float[] y = forward(Activations.SOFTPLUS, x);
    float[] d = derivative(Activations.SOFTPLUS, x);
    assertFinite(Activations.SOFTPLUS, "f", x, y);
    assertFinite(Activations.SOFTPLUS, "f'", x, d);
    assertArrayEquals(new float[] {0f, 0f, 3.7e-44f, 100f, 1000f, Float.MAX_VALUE}, y, 1e-45f);
    assertTrue(y[2] > 0, "softplus(-100) = e^-100 is positive, not rounded to 0 by log(1 + e^x)");
    assertArrayEquals(new float[] {0f, 0f, 3.7e-44f, 1f, 1f, 1f}, d, 1e-45f);
  }
}

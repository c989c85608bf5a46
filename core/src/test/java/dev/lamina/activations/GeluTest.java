// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static dev.lamina.activations.Apply.assertFinite;
import static dev.lamina.activations.Apply.derivative;
import static dev.lamina.activations.Apply.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeluTest {
  private static final float[] X = {-3f, -1f, 0f, 1f, 3f};

  @Test
  void exactIsTheDefault() {
    assertSame(Activations.GELU, Activations.gelu(false));
    assertSame(Activations.GELU_TANH, Activations.gelu(true));
    assertEquals(new Gelu(false), Activations.GELU);
    assertEquals("gelu", Activations.GELU.name());
    assertEquals("gelu", Activations.GELU_TANH.name());
  }

  @Test
  void valuesOfMpmath() {
    // x·Φ(x) and x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))) at x = -3, -1, 0, 1, 3, by mpmath (30
    // digits). The float32 examples of the Keras documentation differ by up to 2e-7 (-0.00404951 at -3).
    assertArrayEquals(new float[] {-0.0040496940948902835f, -0.15865525393145705f, 0f, 0.8413447460685429f,
        2.99595030590511f}, forward(Activations.GELU, X), 1e-8f);
    assertArrayEquals(new float[] {-0.003637392081773019f, -0.1588080093917233f, 0f, 0.8411919906082767f,
        2.996362607918227f}, forward(Activations.GELU_TANH, X), 1e-7f);
  }

  @Test
  void derivatives() {
    // Φ(x) + x·φ(x): 0.5 at 0; Φ(1) + φ(1) = 0.8413447460685429 + 0.24197072451914337
    assertArrayEquals(new float[] {0.5f, 1.0833155f}, derivative(Activations.GELU, 0f, 1f), 1e-7f);
    // the tanh approximation's derivative at 1, by mpmath: 1.0829640838457826
    assertArrayEquals(new float[] {0.5f, 1.0829641f}, derivative(Activations.GELU_TANH, 0f, 1f), 1e-7f);
  }

  @Test
  void theTanhApproximationIsWithin5e4() {
    float[] grid = new float[2001];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = -10f + 0.01f * i;
    }
    float[] exact = forward(Activations.GELU, grid);
    float[] tanh = forward(Activations.GELU_TANH, grid);
    double worst = 0;
    for (int i = 0; i < grid.length; i++) {
      worst = Math.max(worst, Math.abs(exact[i] - tanh[i]));
    }
    assertTrue(worst > 4e-4 && worst < 5e-4, "largest difference " + worst);
  }

  @Test
  void finiteForLargeInputs() {
    float[] x = {-Float.MAX_VALUE, -1000f, -100f, -10f, 10f, 100f, 1000f, Float.MAX_VALUE};
    for (Activation gelu : new Activation[] {Activations.GELU, Activations.GELU_TANH}) {
      float[] y = forward(gelu, x);
      float[] d = derivative(gelu, x);
      assertFinite(gelu, "f", x, y);
      assertFinite(gelu, "f'", x, d);
      assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 10f, 100f, 1000f, Float.MAX_VALUE}, y, 1e-20f, gelu.toString());
      assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f}, d, 1e-20f, gelu.toString());
    }
    // the exact GELU keeps relative accuracy in the tail: -10·Φ(-10) = -7.619853e-23
    assertEquals(-7.619853e-23f, forward(Activations.GELU, -10f)[0], 1e-29f);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static dev.lamina.activations.Apply.derivative;
import static dev.lamina.activations.Apply.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HardSigmoidTest {
  @Test
  void theKeras3AndPyTorchPresetIsRelu6OfXPlus3Over6() {
    HardSigmoid h = (HardSigmoid) Activations.HARD_SIGMOID;
    assertEquals(1.0 / 6, h.alpha(), 0);
    assertEquals(0.5, h.beta(), 0);
    float[] x = {-4f, -3f, -1.5f, 0f, 1.5f, 3f, 4f};
    assertArrayEquals(new float[] {0f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1f}, forward(h, x));
    float s = (float) (1.0 / 6);
    // 0 at the kinks x = ±3, as PyTorch (x > -3 && x < 3) and Keras 3 (relu6' = 0 at 0 and 6)
    assertArrayEquals(new float[] {0f, 0f, s, s, s, 0f, 0f}, derivative(h, x));
    float[] grid = new float[161];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = -4f + 0.05f * i;
    }
    float[] relu6 = forward(Activations.RELU6, shifted(grid));
    float[] y = forward(h, grid);
    for (int i = 0; i < grid.length; i++) {
      assertEquals(relu6[i] / 6, y[i], 1e-7, "relu6(x + 3) / 6 at " + grid[i]);
    }
  }

  @Test
  void keras2AndOnnxDefaultsHaveSlope02AndKinksAt25() {
    Activation keras2 = Activations.hardSigmoid(0.2, 0.5);
    float[] x = {-3f, -2.5f, -1f, 0f, 2.5f, 3f};
    assertArrayEquals(new float[] {0f, 0f, 0.3f, 0.5f, 1f, 1f}, forward(keras2, x), 1e-7f);
    assertArrayEquals(new float[] {0f, 0f, 0.2f, 0.2f, 0f, 0f}, derivative(keras2, x), 1e-7f);
  }

  @Test
  void parametersAreChecked() {
    for (double bad : new double[] {0, -0.2, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.hardSigmoid(bad, 0.5));
      assertEquals("HardSigmoid: alpha must be finite and > 0, but was " + bad, e.getMessage());
    }
    for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.hardSigmoid(0.2, bad));
      assertEquals("HardSigmoid: beta must be finite, but was " + bad, e.getMessage());
    }
  }

  private static float[] shifted(float[] x) {
    float[] s = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = x[i] + 3f;
    }
    return s;
  }
}

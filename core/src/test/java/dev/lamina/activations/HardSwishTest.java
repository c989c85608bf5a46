// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static dev.lamina.activations.Apply.derivative;
import static dev.lamina.activations.Apply.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HardSwishTest {
  @Test
  void valuesAndPyTorchDerivativeAtTheKinks() {
    float[] x = {-4f, -3f, -1f, 0f, 1f, 3f, 4f};
    assertArrayEquals(new float[] {0f, 0f, -1f / 3, 0f, 2f / 3, 3f, 4f}, forward(Activations.HARD_SWISH, x), 1e-7f);
    // x/3 + 1/2 on the closed interval [-3, 3]: -1/2 at -3 and 3/2 at 3 (PyTorch; Keras 3 gives 0 and 1)
    assertArrayEquals(new float[] {0f, -0.5f, 1f / 6, 0.5f, 5f / 6, 1.5f, 1f}, derivative(Activations.HARD_SWISH, x), 1e-7f);
  }

  @Test
  void isXTimesTheHardSigmoid() {
    float[] grid = new float[201];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = -5f + 0.05f * i;
    }
    float[] gate = forward(Activations.HARD_SIGMOID, grid);
    float[] y = forward(Activations.HARD_SWISH, grid);
    for (int i = 0; i < grid.length; i++) {
      assertEquals(grid[i] * gate[i], y[i], 1e-6, "x * hard_sigmoid(x) at " + grid[i]);
    }
    assertEquals("hard_swish", Activations.HARD_SWISH.name());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static dev.lamina.activations.Apply.derivative;
import static dev.lamina.activations.Apply.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClippedReluTest {
  @Test
  void relu6ClipsAtZeroAndSixWithDerivativeZeroAtBothKinks() {
    float[] x = {-25f, -1f, 0f, 0.5f, 3f, 5.99f, 6f, 6.01f, 25f};
    assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 3f, 5.99f, 6f, 6f, 6f}, forward(Activations.RELU6, x));
    // as PyTorch's ReLU6 (Hardtanh) and TensorFlow's relu6: 0 at x = 0 and at x = 6
    assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 1f, 1f, 0f, 0f, 0f}, derivative(Activations.RELU6, x));
  }

  @Test
  void presetAndFactory() {
    assertEquals(new ClippedRelu(6), Activations.RELU6);
    assertEquals(Activations.RELU6, Activations.relu(6));
    assertEquals("relu6", Activations.RELU6.name());
    assertEquals("relu", Activations.relu(2.5).name());
    assertArrayEquals(new float[] {0f, 1f, 2.5f}, forward(Activations.relu(2.5), -1f, 1f, 3f));
    assertArrayEquals(new float[] {0f, 1f, 0f}, derivative(Activations.relu(2.5), -1f, 1f, 3f));
  }

  @Test
  void maxValueMustBeFiniteAndPositive() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.relu(bad));
      assertEquals("ClippedRelu: maxValue must be finite and > 0, but was " + bad, e.getMessage());
    }
  }
}

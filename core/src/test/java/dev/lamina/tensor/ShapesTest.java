// SPDX-License-Identifier: Apache-2.0

package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapesTest {

  @Test
  void sizeIsTheProduct() {
    assertEquals(1, Shapes.size());
    assertEquals(0, Shapes.size(0, 28, 28));
    assertEquals(60000L * 28 * 28, Shapes.size(60000, 28, 28));
    assertEquals(Shapes.MAX_SIZE, Shapes.size(Shapes.MAX_SIZE));
  }

  @Test
  void sizeRefusesOverflowAndWhatNoFloatArrayHolds() {
    IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
        () -> Shapes.size(65536, 65536, 65536, 65536));
    assertTrue(overflow.getMessage().startsWith("shape [65536, 65536, 65536, 65536] has more than 2^63 values"),
        overflow.getMessage());
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> Shapes.size(Integer.MAX_VALUE));
    assertEquals("shape [2147483647] has 2147483647 values, more than one float array can hold (2147483639)",
        big.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Shapes.size(0, -1));
    assertEquals("shape [0, -1] has a negative dimension -1", negative.getMessage());
  }

  @Test
  void batchShapeIsKerasStyle() {
    assertEquals("(None, 28, 28)", Shapes.batchShape(28, 28));
  }
}

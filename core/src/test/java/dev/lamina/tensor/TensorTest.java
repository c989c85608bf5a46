// SPDX-License-Identifier: Apache-2.0

package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void rowMajorIndexingAndShapes() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(6f, t.get(1, 2));
    assertEquals(2, t.samples());
    assertArrayEquals(new int[] {3}, t.sampleShape());
    t.set(new int[] {0, 1}, 9f);
    assertEquals(9f, t.data()[1]);
    assertArrayEquals(new float[] {4, 5, 6}, t.rows(1, 2).data(), 0f);
    assertArrayEquals(new int[] {3, 2}, t.reshape(3, 2).shape());
  }

  @Test
  void fromRowsCopiesAndChecksRaggedness() {
    Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    assertArrayEquals(new int[] {2, 2}, t.shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new float[][] {{1, 2}, {3}}));
    assertEquals("Tensor: every row must have 2 values, but row 1 had 1", e.getMessage());
  }

  @Test
  void errorsNameTheShapeAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
    assertEquals("Tensor: data length must equal the product of the shape [2, 3] = 6, but was 5", e.getMessage());
    IndexOutOfBoundsException i = assertThrows(IndexOutOfBoundsException.class,
        () -> Tensor.zeros(2, 3).get(2, 0));
    assertEquals("Tensor: index 2 is out of bounds for axis 0 of shape [2, 3]", i.getMessage());
  }

  @Test
  void valueLastSettersForKotlinIndexedAssignment() {
    Tensor v = Tensor.zeros(3);
    v.set(2, 5f);
    assertArrayEquals(new float[] {0, 0, 5}, v.data(), 0f);
    v.set(0, 3); // an int value is still the value: no overload takes indices after a value
    assertArrayEquals(new float[] {3, 0, 5}, v.data(), 0f);
    Tensor m = Tensor.zeros(2, 3);
    m.set(1, 1, 5f);
    assertEquals(5f, m.get(1, 1));
    assertEquals(5f, m.data()[4]);
    Tensor c = Tensor.zeros(2, 3, 4);
    c.set(1, 2, 3, 7f);
    assertEquals(7f, c.data()[23]);
    c.set(new int[] {0, 0, 1}, 8f);
    assertEquals(8f, c.get(0, 0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.set(1, 5f));
    assertEquals("Tensor: expected 2 indices for shape [2, 3], but got 1", e.getMessage());
    IndexOutOfBoundsException i = assertThrows(IndexOutOfBoundsException.class, () -> m.set(0, 3, 1f));
    assertEquals("Tensor: index 3 is out of bounds for axis 1 of shape [2, 3]", i.getMessage());
  }

  @Test
  void shapesBeyondAFloatArrayAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new float[0], 65536, 65536, 65536, 65536));
    assertEquals("shape [65536, 65536, 65536, 65536] has more than 2^63 values, more than one float array can hold ("
        + Shapes.MAX_SIZE + ")", e.getMessage());
    IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 32768));
    assertEquals("shape [65536, 32768] has 2147483648 values, more than one float array can hold ("
        + Shapes.MAX_SIZE + ")", z.getMessage());
  }
}

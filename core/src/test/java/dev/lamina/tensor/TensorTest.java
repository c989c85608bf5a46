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
    t.set(9f, 0, 1);
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
}

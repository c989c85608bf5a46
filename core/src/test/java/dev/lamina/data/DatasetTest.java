package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {
  @Test
  void selectKeepsRowsAndLabelsTogether() {
    Dataset d = new Dataset(Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2), Tensor.of(new float[] {0, 1, 2}, 3));
    Dataset s = d.select(new int[] {2, 0});
    assertArrayEquals(new float[] {20, 21, 0, 1}, s.features().data());
    assertArrayEquals(new float[] {2, 0}, s.labels().data());
    assertEquals(2, s.size());
  }

  @Test
  void labelsMustMatchSamples() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Tensor.zeros(3, 2), Tensor.zeros(2)));
    assertEquals("Dataset: labels must have shape [3] (one per sample of features Tensor[3, 2]), but had shape [2]",
        e.getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

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

  @Test
  void selectChecksEveryIndex() {
    Dataset d = new Dataset(Tensor.zeros(3, 2), Tensor.zeros(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.select(new int[] {5}));
    assertEquals("Dataset.select: index 5 (position 0) is outside [0, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> d.select(new int[] {0, 2, -1}));
    assertEquals("Dataset.select: index -1 (position 2) is outside [0, 3)", e.getMessage());
    assertEquals(0, d.select(new int[0]).size());
  }

  @Test
  void scalarFeaturesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Tensor.of(new float[] {1}), Tensor.zeros(1)));
    assertEquals("Dataset: features must have a sample axis (rank 1 or more), but were a scalar", e.getMessage());
  }
}

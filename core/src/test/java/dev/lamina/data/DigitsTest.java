// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DigitsTest {
  @Test
  void embeddedSetLoadsScaledWithItsSource() {
    Digits d = Digits.load();
    assertArrayEquals(new int[] {1797, 8, 8}, d.images().shape());
    assertArrayEquals(new int[] {1797}, d.labels().shape());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : d.images().data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    int[] counts = new int[10];
    for (float label : d.labels().data()) {
      counts[(int) label]++;
    }
    for (int c = 0; c < 10; c++) {
      assertTrue(counts[c] >= 174 && counts[c] <= 183, "class " + c + ": " + counts[c] + " images");
    }
    // scikit-learn's load_digits(): the first image is a 0 whose first row is 0 0 5 13 9 1 0 0.
    assertEquals(0f, d.labels().data()[0]);
    assertArrayEquals(new float[] {0, 0, 5 / 16f, 13 / 16f, 9 / 16f, 1 / 16f, 0, 0},
        java.util.Arrays.copyOf(d.images().data(), 8));
    assertTrue(d.source().contains("embedded in lamina-core"), d.source());
    assertEquals(1797, d.dataset().size());
  }
}

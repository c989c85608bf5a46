// SPDX-License-Identifier: Apache-2.0

package dev.lamina.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConstraintsTest {
  private static final double EPS = MaxNorm.EPSILON;

  @Test
  void maxNormDefaultsAreKeras() {
    assertEquals(new MaxNorm(2, 0), Constraints.maxNorm());
    assertEquals(new MaxNorm(3, 0), Constraints.maxNorm(3));
    assertEquals(1e-7, MaxNorm.EPSILON);
  }

  /** Kernel [3, 2]: column 0 has norm 5 (clipped to 2), column 1 norm 1 (kept, up to epsilon). */
  @Test
  void axisZeroClipsEachOutputUnitsIncomingWeights() {
    float[] w = {3, 0.6f, 4, 0.8f, 0, 0};
    Constraints.maxNorm().apply(w, new int[] {3, 2});
    double clip = 2 / (EPS + 5);
    double keep = 1 / (EPS + 1);
    assertArrayEquals(new float[] {(float) (3 * clip), (float) (0.6 * keep), (float) (4 * clip), (float) (0.8 * keep), 0, 0},
        w, 1e-6f);
  }

  @Test
  void axisOneAndNegativeAxesWorkOnRows() {
    float[] a = {3, 4, 0.3f, 0.4f};
    float[] b = a.clone();
    Constraints.maxNorm(1, 1).apply(a, new int[] {2, 2});
    Constraints.maxNorm(1, -1).apply(b, new int[] {2, 2});
    assertArrayEquals(new float[] {0.6f, 0.8f, 0.3f, 0.4f}, a, 1e-6f);
    assertArrayEquals(a, b, 0f);
    float[] bias = {6, 8};
    Constraints.maxNorm(5).apply(bias, new int[] {2});
    assertArrayEquals(new float[] {3, 4}, bias, 1e-5f);
  }

  @Test
  void badArgumentsAreRejected() {
    IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> Constraints.maxNorm(0));
    assertEquals("MaxNorm: maxValue must be a finite number > 0, but was 0.0", v.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> Constraints.maxNorm(1, 2).apply(new float[4], new int[] {2, 2}));
    assertEquals("MaxNorm: axis must be in [-rank, rank), but was 2 for shape [2, 2]", a.getMessage());
  }

  @Test
  void nonNegZeroesNegativeValues() {
    float[] w = {-1, 2, -0.5f, 0};
    Constraints.nonNeg().apply(w, new int[] {4});
    assertArrayEquals(new float[] {0, 2, 0, 0}, w, 0f);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StandardScalerTest {
  /**
   * Oracle: NumPy, {@code x.mean(0)}, {@code x.std(0)} (population std, as scikit-learn's
   * StandardScaler) with a zero std replaced by 1: mean [2, 10, 8], scale [0.81649658, 1,
   * 2.94392029].
   */
  @Test
  void matchesScikitLearn() {
    Tensor x = Tensor.of(new float[][] {{1, 10, 5}, {2, 10, 7}, {3, 10, 12}});
    StandardScaler s = StandardScaler.fit(x);
    assertArrayEquals(new float[] {2, 10, 8}, s.getMean(), 1e-6f);
    assertArrayEquals(new float[] {0.81649658f, 1, 2.94392029f}, s.getScale(), 1e-6f);
    Tensor z = s.transform(x);
    assertArrayEquals(new float[] {-1.2247449f, 0, -1.0190493f, 0, 0, -0.3396831f, 1.2247449f, 0, 1.3587324f},
        z.data(), 1e-6f);
    assertArrayEquals(new float[] {1, 10, 5}, x.rows(0, 1).data(), "input not modified");
  }

  @Test
  void constantFeatureWithRoundingIsCentredNotScaled() {
    int n = 1797;
    float[] v = new float[n * 2];
    for (int i = 0; i < n; i++) {
      v[2 * i] = 0.1f;            // constant, but its float mean is not exact in double arithmetic
      v[2 * i + 1] = i;
    }
    StandardScaler s = StandardScaler.fit(Tensor.of(v, n, 2));
    assertEquals(1f, s.getScale()[0]);
    Tensor z = s.transform(Tensor.of(v, n, 2));
    assertEquals(0f, z.data()[0], 1e-6f);
    double mean = 0;
    double square = 0;
    for (int i = 0; i < n; i++) {
      mean += z.data()[2 * i + 1] / n;
      square += z.data()[2 * i + 1] * z.data()[2 * i + 1] / n;
    }
    assertEquals(0, mean, 1e-5);
    assertEquals(1, square, 1e-5);
  }

  @Test
  void imagesAreScaledPerPixel() {
    Tensor images = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
    Tensor z = StandardScaler.fit(images).transform(images);
    assertArrayEquals(new int[] {2, 2, 2}, z.shape());
    assertArrayEquals(new float[] {-1, -1, -1, -1, 1, 1, 1, 1}, z.data(), 1e-6f);
  }

  @Test
  void errors() {
    StandardScaler s = StandardScaler.fit(Tensor.zeros(4, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 5)));
    assertEquals("StandardScaler.transform: samples must have 3 features (as fitted), but got Tensor[2, 5] with 5 per sample",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(Tensor.zeros(0, 3)));
    assertEquals("StandardScaler.fit: needs at least one sample, but got Tensor[0, 3]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StandardScaler.fit(Tensor.of(new float[] {1, Float.NaN}, 2, 1)));
    assertEquals("StandardScaler.fit: feature 0 holds NaN or infinite values", e.getMessage());
  }
}

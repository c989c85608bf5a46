// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
  /** n samples, feature = index, label = index % classes; skewed: 2/3 in class 0, 1/6 each in classes 1 and 2. */
  private static Dataset data(int n, int classes, boolean skewed) {
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = !skewed ? i % classes : i % 3 != 0 ? 0 : 1 + (i / 3) % 2;
    }
    return new Dataset(Tensor.of(x, n, 1), Tensor.of(y, n));
  }

  @Test
  void deterministicPartitionOfAllSamples() {
    Dataset d = data(101, 3, false);
    Split a = Split.of(d, 0.2, 7);
    Split b = Split.of(d, 0.2, 7);
    assertEquals(21, a.validation().size(), "ceil(0.2 × 101), as scikit-learn");
    assertEquals(80, a.train().size());
    assertArrayEquals(a.validation().features().data(), b.validation().features().data());
    Set<Float> seen = new HashSet<>();
    for (float v : a.train().features().data()) {
      seen.add(v);
    }
    for (float v : a.validation().features().data()) {
      assertFalse(seen.contains(v), "sample " + v + " is in both parts");
      seen.add(v);
    }
    assertEquals(101, seen.size());
    for (int i = 0; i < 21; i++) {
      assertEquals(a.validation().features().data()[i] % 3f, a.validation().labels().data()[i], "labels follow samples");
    }
    assertFalse(Arrays.equals(a.validation().features().data(), Split.of(d, 0.2, 8).validation().features().data()));
  }

  @Test
  void stratifiedKeepsClassProportions() {
    Dataset d = data(300, 3, true);           // 200, 50 and 50 samples
    Split s = Split.stratified(d, 0.25, 1);
    int[] all = counts(d.labels());
    int[] validation = counts(s.validation().labels());
    for (int c = 0; c < 3; c++) {
      assertEquals(Math.round(0.25 * all[c]), validation[c], "class " + c);
    }
    assertEquals(300, s.train().size() + s.validation().size());
    assertArrayEquals(s.train().features().data(), Split.stratified(d, 0.25, 1).train().features().data());
  }

  @Test
  void invalidArguments() {
    Dataset d = data(10, 2, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.of(d, 1.0, 0));
    assertEquals("Split: validationFraction must be in (0, 1), but was 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Split.of(data(1, 1, false), 0.5, 0));
    assertEquals("Split: validationFraction 0.5 of 1 samples leaves no training sample", e.getMessage());
    Dataset fractional = new Dataset(Tensor.zeros(2, 1), Tensor.of(new float[] {0, 0.5f}, 2));
    e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(fractional, 0.5, 0));
    assertEquals("Split.stratified: labels must be class indices (whole numbers from 0 to 2147483647), but row 1 has"
        + " label 0.5", e.getMessage());
  }

  @Test
  void stratifiedRefusesLabelsThatAreNotClassIndicesNamingTheRow() {
    float[][] bad = {{0, 0, -1, 1}, {0, 0, 1, Float.NaN}, {0, 3e9f, 0, 0}, {0, 0, Float.POSITIVE_INFINITY, 1}};
    int[] rows = {2, 3, 1, 2};
    for (int k = 0; k < bad.length; k++) {
      Dataset d = new Dataset(Tensor.zeros(4, 1), Tensor.of(bad[k], 4));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(d, 0.5, 0));
      assertTrue(e.getMessage().endsWith("but row " + rows[k] + " has label " + bad[k][rows[k]]), e.getMessage());
    }
  }

  @Test
  void stratifiedRefusesASingletonClassAsScikitLearnDoes() {
    float[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    Dataset d = new Dataset(Tensor.zeros(10, 1), Tensor.of(labels, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(d, 0.5, 1));
    assertEquals("Split.stratified: class 1 has only 1 sample (row 9); every class needs at least 2, one for each part",
        e.getMessage());
  }

  @Test
  void stratifiedKeepsATrainingSampleOfEveryClass() {
    // 2 per class with 0.8: round(1.6) = 2 would leave classes without training samples.
    float[] labels = {0, 0, 1, 1, 2, 2};
    Dataset d = new Dataset(Tensor.zeros(6, 1), Tensor.of(labels, 6));
    Split s = Split.stratified(d, 0.8, 3);
    assertArrayEquals(new int[] {1, 1, 1}, counts(s.train().labels()));
    assertArrayEquals(new int[] {1, 1, 1}, counts(s.validation().labels()));
  }

  private static int[] counts(Tensor labels) {
    int[] c = new int[3];
    for (float v : labels.data()) {
      c[(int) v]++;
    }
    return c;
  }
}

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    assertEquals("Split.stratified: labels must be class indices (whole numbers), but label 1 was 0.5", e.getMessage());
  }

  private static int[] counts(Tensor labels) {
    int[] c = new int[3];
    for (float v : labels.data()) {
      c[(int) v]++;
    }
    return c;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EjmlMatMul} against a naive triple loop accumulating in double. The static helpers are
 * shared with {@link VectorMatMulTest}.
 */
class EjmlMatMulTest {
  /** Written past m*n in C; must survive every multiply. */
  static final float SENTINEL = -12345.5f;

  private final MatMul ejml = new EjmlMatMul();

  @Test
  void matchesNaiveOnRandomShapesAllTransposesAndModes() {
    Random rnd = new Random(42);
    int[] sizes = {1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 64};
    for (int trial = 0; trial < 300; trial++) {
      int m = sizes[rnd.nextInt(sizes.length)];
      int n = sizes[rnd.nextInt(sizes.length)];
      int k = sizes[rnd.nextInt(sizes.length)];
      checkAgainstNaive(ejml, rnd, m, n, k, trial % 4 >= 2, trial % 2 == 1, rnd.nextBoolean());
    }
  }

  @Test
  void vectorShapes() {
    Random rnd = new Random(7);
    for (int trans = 0; trans < 4; trans++) {
      for (boolean acc : new boolean[] {false, true}) {
        checkAgainstNaive(ejml, rnd, 1, 37, 19, trans >= 2, trans % 2 == 1, acc);
        checkAgainstNaive(ejml, rnd, 37, 1, 19, trans >= 2, trans % 2 == 1, acc);
        checkAgainstNaive(ejml, rnd, 23, 29, 1, trans >= 2, trans % 2 == 1, acc);
        checkAgainstNaive(ejml, rnd, 1, 1, 1, trans >= 2, trans % 2 == 1, acc);
      }
    }
  }

  @Test
  void emptyInnerDimensionZeroesOrKeepsC() {
    checkEmptyK(ejml);
  }

  @Test
  void offsetsGiveTheProductOfTheBlocksTheyPointTo() {
    Random rnd = new Random(4);
    for (int trans = 0; trans < 4; trans++) {
      checkOffsets(ejml, rnd, 7, 9, 5, trans >= 2, trans % 2 == 1, trans == 1);
      checkOffsets(ejml, rnd, 1, 17, 3, trans >= 2, trans % 2 == 1, trans == 2);
    }
  }

  @Test
  void denseLayerShapes() {
    Random rnd = new Random(3);
    checkAgainstNaive(ejml, rnd, 32, 300, 784, false, false, false);
    checkAgainstNaive(ejml, rnd, 784, 300, 32, true, false, true);
    checkAgainstNaive(ejml, rnd, 32, 784, 300, false, true, false);
  }

  // ---- shared helpers ----

  /** C (+)= op(A)·op(B) in double; also returns, in {@code mag}, Σ|a||b| for each element. */
  static double[] naive(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b,
      float[] c0, boolean accumulate, double[] mag) {
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = accumulate ? c0[i * n + j] : 0;
        double abs = accumulate ? Math.abs(c0[i * n + j]) : 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[p * m + i] : a[i * k + p];
          double y = tb ? b[j * k + p] : b[p * n + j];
          s += x * y;
          abs += Math.abs(x * y);
        }
        out[i * n + j] = s;
        mag[i * n + j] = abs;
      }
    }
    return out;
  }

  /** An array of {@code size} random values in [-1, 1) followed by up to 20 spare floats. */
  static float[] randomWithSpare(Random rnd, int size) {
    float[] x = new float[size + rnd.nextInt(21)];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
    }
    return x;
  }

  /** A C buffer of m*n random values (the accumulate base) and spare floats set to SENTINEL. */
  static float[] randomC(Random rnd, int m, int n) {
    float[] c = randomWithSpare(rnd, m * n);
    Arrays.fill(c, m * n, c.length, SENTINEL);
    return c;
  }

  /** Checks C against the naive product element-wise, relative to Σ|a||b|, and the spare tail. */
  static void assertProduct(String what, double[] want, double[] mag, float[] c, int m, int n,
      double tol) {
    for (int i = 0; i < m * n; i++) {
      double err = Math.abs(c[i] - want[i]);
      double bound = tol * mag[i] + 1e-30;
      if (!(err <= bound)) {
        throw new AssertionError(what + ": element (" + i / n + "," + i % n + ") = " + c[i]
            + ", want " + want[i] + " (error " + err + " > " + bound + ")");
      }
    }
    assertTail(what, c, m * n);
  }

  /** Checks that nothing past {@code used} was written. */
  static void assertTail(String what, float[] c, int used) {
    for (int i = used; i < c.length; i++) {
      assertEquals(SENTINEL, c[i], what + ": wrote past m*n at " + i);
    }
  }

  static String describe(MatMul mm, int m, int n, int k, boolean ta, boolean tb, boolean acc) {
    return mm.name() + " " + (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n
        + " k=" + k + (acc ? " accumulate" : "");
  }

  /** Random operands of the given shape; checks {@code mm} against {@link #naive}. */
  static void checkAgainstNaive(MatMul mm, Random rnd, int m, int n, int k, boolean ta,
      boolean tb, boolean acc) {
    float[] a = randomWithSpare(rnd, m * k);
    float[] b = randomWithSpare(rnd, k * n);
    float[] c = randomC(rnd, m, n);
    float[] a0 = a.clone();
    float[] b0 = b.clone();
    double[] mag = new double[m * n];
    double[] want = naive(ta, tb, m, n, k, a, b, c, acc, mag);
    mm.multiply(ta, tb, m, n, k, a, b, c, acc);
    String what = describe(mm, m, n, k, ta, tb, acc);
    assertProduct(what, want, mag, c, m, n, 1e-5);
    assertArrayEquals(a0, a, what + ": modified a");
    assertArrayEquals(b0, b, what + ": modified b");
  }

  /**
   * A, B and C placed at random offsets in larger arrays: C gets bit for bit what the same product
   * on arrays starting at 0 gives; A, B and the values of C's array around the block are unchanged.
   */
  static void checkOffsets(MatMul mm, Random rnd, int m, int n, int k, boolean ta, boolean tb, boolean acc) {
    float[] a = randomWithSpare(rnd, m * k);
    float[] b = randomWithSpare(rnd, k * n);
    float[] c = randomC(rnd, m, n);
    int aOff = 1 + rnd.nextInt(40);
    int bOff = 1 + rnd.nextInt(40);
    int cOff = 1 + rnd.nextInt(40);
    float[] aBig = embed(rnd, a, aOff);
    float[] bBig = embed(rnd, b, bOff);
    float[] cBig = embed(rnd, Arrays.copyOf(c, m * n), cOff);
    float[] aBefore = aBig.clone();
    float[] bBefore = bBig.clone();
    float[] cBefore = cBig.clone();
    mm.multiply(ta, tb, m, n, k, a, b, c, acc);
    mm.multiply(ta, tb, m, n, k, aBig, aOff, bBig, bOff, cBig, cOff, acc);
    String what = describe(mm, m, n, k, ta, tb, acc) + " at offsets " + aOff + ", " + bOff + ", " + cOff;
    for (int i = 0; i < cBig.length; i++) {
      float want = i >= cOff && i < cOff + m * n ? c[i - cOff] : cBefore[i];
      if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(cBig[i])) {
        throw new AssertionError(what + ": C's array at " + i + " is " + cBig[i] + ", want " + want);
      }
    }
    assertArrayEquals(aBefore, aBig, what + ": modified a");
    assertArrayEquals(bBefore, bBig, what + ": modified b");
  }

  /** {@code values} at {@code offset} in a longer array of random values. */
  private static float[] embed(Random rnd, float[] values, int offset) {
    float[] big = randomWithSpare(rnd, offset + values.length);
    System.arraycopy(values, 0, big, offset, values.length);
    return big;
  }

  /** k == 0: C becomes zero, or stays as it was when accumulating; nothing past m*n changes. */
  static void checkEmptyK(MatMul mm) {
    Random rnd = new Random(5);
    for (int trans = 0; trans < 4; trans++) {
      for (boolean acc : new boolean[] {false, true}) {
        float[] c = randomC(rnd, 3, 5);
        float[] before = c.clone();
        mm.multiply(trans >= 2, trans % 2 == 1, 3, 5, 0, new float[0], new float[0], c, acc);
        for (int i = 0; i < 15; i++) {
          assertEquals(acc ? before[i] : 0f, c[i], "k=0 element " + i);
        }
        assertTail("k=0", c, 15);
      }
    }
    float[] c = randomC(rnd, 0, 0);
    float[] before = c.clone();
    mm.multiply(false, false, 0, 4, 3, new float[0], new float[12], c, false);
    mm.multiply(false, false, 4, 0, 3, new float[12], new float[0], c, false);
    assertTrue(Arrays.equals(before, c), "m or n = 0 must not touch c");
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The contract every micro-kernel family of {@link VectorMatMul} meets, whichever family this
 * machine's register count selects: one tile of {@link #rows()} rows and 1 to
 * {@link #maxVectors()} vectors of columns is {@code Σ_p A[r][p]·B[p][j]} ({@code set}) or C plus
 * that ({@code add}), at any offsets and strides, without touching C outside the tile. Subclasses
 * bind one family; A is read at stride {@link #aStride(int)} per depth (the packed panel's
 * constant, or any stride for the in-place kernels).
 */
abstract class TileKernelContract {
  static final int L = FloatVector.SPECIES_PREFERRED.length();

  abstract int rows();

  abstract int maxVectors();

  /** The distance between depths in A: the rows for packed panels, anything for strided ones. */
  abstract int aStride(int rows);

  abstract void run(boolean add, int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc);

  @Test
  void setAndAddMatchTheSumsOfProducts() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      boolean add = trial % 2 == 1;
      int vectors = 1 + rnd.nextInt(maxVectors());
      int cols = vectors * L;
      int kc = 1 + rnd.nextInt(150);
      int ps = aStride(rows()) + (aStride(rows()) == rows() ? 0 : rnd.nextInt(5));
      int aOff = rnd.nextInt(7);
      int ldb = cols + rnd.nextInt(9);
      int bOff = rnd.nextInt(5);
      int ldc = cols + rnd.nextInt(9);
      int cOff = rnd.nextInt(5);
      float[] a = random(rnd, aOff + kc * ps + rows());
      float[] b = random(rnd, bOff + kc * ldb + cols);
      float[] c = random(rnd, cOff + rows() * ldc + cols);
      float[] before = c.clone();
      run(add, vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
      for (int i = 0; i < c.length; i++) {
        int r = (i - cOff) / ldc;
        int j = (i - cOff) % ldc;
        boolean inTile = i >= cOff && r < rows() && j < cols;
        if (!inTile) {
          assertEquals(before[i], c[i], "C outside the tile at " + i);
          continue;
        }
        double want = add ? before[i] : 0;
        for (int p = 0; p < kc; p++) {
          want += (double) a[aOff + p * ps + r] * b[bOff + p * ldb + j];
        }
        assertEquals(want, c[i], 1e-4 * (1 + Math.abs(want)),
            "trial " + trial + (add ? " add" : " set") + ", " + vectors + " vectors, kc " + kc + ", row " + r + ", column " + j);
      }
    }
  }

  private static float[] random(Random rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
    }
    return x;
  }
}

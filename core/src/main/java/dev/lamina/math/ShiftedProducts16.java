// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;

/**
 * The tiles of {@link VectorShiftedProducts} for machines with 16 vector registers (x86 with AVX2):
 * at most 15 live vectors, so that nothing spills.
 *
 * <ul>
 *   <li>{@link #product}: 6×2-vector tiles (12 accumulators, 2 vectors of B, one broadcast), the
 *       tile of {@link MicroKernels6}, except that depth step p reads B at {@code bOff + offsets[p]};
 *       the last vector of columns in a 6×1 tile. Rows go in panels of 6, and of 4 where 6 does not
 *       divide them (after rounding up to even): 32 rows are 4 + 4 + 6·4, not 36.
 *   <li>{@link #gradient}: C tiles of 6×2 vectors, and 12×1 for a last odd vector of D's rows;
 *       per pixel j the tile loads one row of D and broadcasts one float of each of its rows'
 *       windows, the sum over j staying in registers.
 * </ul>
 *
 * The kernels are written out in full and have no branch, for the reasons given in
 * {@link MicroKernels}.
 */
final class ShiftedProducts16 extends VectorShiftedProducts {
  private static final int MR = 6;
  private static final int NR = 2 * L;
  /** A multiple of every gradient tile's rows (6 and 12). */
  private static final int GRADIENT_ROWS = 12;

  /** Even, and at least one panel of 4 (so that the panels of 6 and 4 add up to it). */
  @Override
  public int productRows(int m) {
    return Math.max(4, ShiftedProducts.roundUp(m, 2));
  }

  /** 4 until the rows left are a multiple of 6, then 6. */
  @Override
  int panelRows(int rows, int row) {
    return (rows - row) % MR == 0 ? MR : 4;
  }

  @Override
  public int gradientRowBlock() {
    return GRADIENT_ROWS;
  }

  @Override
  public void product(int m, int n, int k, float[] packedA, int[] offsets, float[] b, int bOff, float[] c,
      int cOff, int ldc) {
    int rows = productRows(m);
    int padded = (n + L - 1) / L * L;
    int whole = padded - padded % NR;
    for (int j = 0; j < whole; j += NR) {
      for (int row = 0; row < rows; row += panelRows(rows, row)) {
        if (panelRows(rows, row) == MR) {
          product6x2(k, packedA, row * k, offsets, b, bOff + j, c, cOff + row * ldc + j, ldc);
        } else {
          product4x2(k, packedA, row * k, offsets, b, bOff + j, c, cOff + row * ldc + j, ldc);
        }
      }
    }
    for (int row = 0; whole < padded && row < rows; row += panelRows(rows, row)) {
      if (panelRows(rows, row) == MR) {
        product6x1(k, packedA, row * k, offsets, b, bOff + whole, c, cOff + row * ldc + whole, ldc);
      } else {
        product4x1(k, packedA, row * k, offsets, b, bOff + whole, c, cOff + row * ldc + whole, ldc);
      }
    }
  }

  @Override
  public void gradient(int n, int p0, int p1, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd,
      float[] c) {
    int f = 0;
    for (; f + NR <= ldd; f += NR) {
      for (int p = p0; p < p1; p += 6) {
        gradient6x2(n, p, offsets, b, bOff, d, dOff + f, ldd, c, p * ldd + f);
      }
    }
    for (; f < ldd; f += L) {
      for (int p = p0; p < p1; p += 12) {
        gradient12x1(n, p, offsets, b, bOff, d, dOff + f, ldd, c, p * ldd + f);
      }
    }
  }

  /** The 6×2-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product6x2(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z;
    FloatVector c10 = z, c11 = z;
    FloatVector c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z;
    FloatVector c50 = z, c51 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 6) {
      int bi = bOff + offsets[p];
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x0, c00);
      c01 = b1.fma(x0, c01);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x1, c10);
      c11 = b1.fma(x1, c11);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x2, c20);
      c21 = b1.fma(x2, c21);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x3, c30);
      c31 = b1.fma(x3, c31);
      FloatVector x4 = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x4, c40);
      c41 = b1.fma(x4, c41);
      FloatVector x5 = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x5, c50);
      c51 = b1.fma(x5, c51);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + 1 * ldc);
    c11.intoArray(c, cOff + 1 * ldc + L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c50.intoArray(c, cOff + 5 * ldc);
    c51.intoArray(c, cOff + 5 * ldc + L);
  }

  /** The 6×1-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product6x1(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z;
    FloatVector c10 = z;
    FloatVector c20 = z;
    FloatVector c30 = z;
    FloatVector c40 = z;
    FloatVector c50 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 6) {
      int bi = bOff + offsets[p];
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x0, c00);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x1, c10);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x2, c20);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x3, c30);
      FloatVector x4 = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x4, c40);
      FloatVector x5 = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x5, c50);
    }
    c00.intoArray(c, cOff);
    c10.intoArray(c, cOff + 1 * ldc);
    c20.intoArray(c, cOff + 2 * ldc);
    c30.intoArray(c, cOff + 3 * ldc);
    c40.intoArray(c, cOff + 4 * ldc);
    c50.intoArray(c, cOff + 5 * ldc);
  }

  /** The 4×2-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product4x2(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z;
    FloatVector c10 = z, c11 = z;
    FloatVector c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 4) {
      int bi = bOff + offsets[p];
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x0, c00);
      c01 = b1.fma(x0, c01);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x1, c10);
      c11 = b1.fma(x1, c11);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x2, c20);
      c21 = b1.fma(x2, c21);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x3, c30);
      c31 = b1.fma(x3, c31);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + 1 * ldc);
    c11.intoArray(c, cOff + 1 * ldc + L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
  }

  /** The 4×1-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product4x1(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z;
    FloatVector c10 = z;
    FloatVector c20 = z;
    FloatVector c30 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 4) {
      int bi = bOff + offsets[p];
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x0, c00);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x1, c10);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x2, c20);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x3, c30);
    }
    c00.intoArray(c, cOff);
    c10.intoArray(c, cOff + 1 * ldc);
    c20.intoArray(c, cOff + 2 * ldc);
    c30.intoArray(c, cOff + 3 * ldc);
  }

  /** The 6×2-vector tile of {@link #gradient}: rows p0.., columns from dOff and cOff. */
  static void gradient6x2(int n, int p0, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd, float[] c, int cOff) {
    int o0 = bOff + offsets[p0];
    int o1 = bOff + offsets[p0 + 1];
    int o2 = bOff + offsets[p0 + 2];
    int o3 = bOff + offsets[p0 + 3];
    int o4 = bOff + offsets[p0 + 4];
    int o5 = bOff + offsets[p0 + 5];
    FloatVector c00 = FloatVector.fromArray(S, c, cOff);
    FloatVector c01 = FloatVector.fromArray(S, c, cOff + L);
    FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldd);
    FloatVector c11 = FloatVector.fromArray(S, c, cOff + 1 * ldd + L);
    FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldd);
    FloatVector c21 = FloatVector.fromArray(S, c, cOff + 2 * ldd + L);
    FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldd);
    FloatVector c31 = FloatVector.fromArray(S, c, cOff + 3 * ldd + L);
    FloatVector c40 = FloatVector.fromArray(S, c, cOff + 4 * ldd);
    FloatVector c41 = FloatVector.fromArray(S, c, cOff + 4 * ldd + L);
    FloatVector c50 = FloatVector.fromArray(S, c, cOff + 5 * ldd);
    FloatVector c51 = FloatVector.fromArray(S, c, cOff + 5 * ldd + L);
    for (int j = 0, di = dOff; j < n; j++, di += ldd) {
      FloatVector d0 = FloatVector.fromArray(S, d, di);
      FloatVector d1 = FloatVector.fromArray(S, d, di + L);
      FloatVector x0 = FloatVector.broadcast(S, b[o0 + j]);
      c00 = d0.fma(x0, c00);
      c01 = d1.fma(x0, c01);
      FloatVector x1 = FloatVector.broadcast(S, b[o1 + j]);
      c10 = d0.fma(x1, c10);
      c11 = d1.fma(x1, c11);
      FloatVector x2 = FloatVector.broadcast(S, b[o2 + j]);
      c20 = d0.fma(x2, c20);
      c21 = d1.fma(x2, c21);
      FloatVector x3 = FloatVector.broadcast(S, b[o3 + j]);
      c30 = d0.fma(x3, c30);
      c31 = d1.fma(x3, c31);
      FloatVector x4 = FloatVector.broadcast(S, b[o4 + j]);
      c40 = d0.fma(x4, c40);
      c41 = d1.fma(x4, c41);
      FloatVector x5 = FloatVector.broadcast(S, b[o5 + j]);
      c50 = d0.fma(x5, c50);
      c51 = d1.fma(x5, c51);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + 1 * ldd);
    c11.intoArray(c, cOff + 1 * ldd + L);
    c20.intoArray(c, cOff + 2 * ldd);
    c21.intoArray(c, cOff + 2 * ldd + L);
    c30.intoArray(c, cOff + 3 * ldd);
    c31.intoArray(c, cOff + 3 * ldd + L);
    c40.intoArray(c, cOff + 4 * ldd);
    c41.intoArray(c, cOff + 4 * ldd + L);
    c50.intoArray(c, cOff + 5 * ldd);
    c51.intoArray(c, cOff + 5 * ldd + L);
  }
}

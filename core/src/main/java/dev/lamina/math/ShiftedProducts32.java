// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;

/**
 * The tiles of {@link VectorShiftedProducts} for machines with 32 vector registers (AVX-512,
 * AArch64): the accumulators, their operands and a broadcast must fit.
 *
 * <ul>
 *   <li>{@link #product}: 8×3-vector tiles, the tile of {@link MicroKernels}, except that depth step
 *       p reads its three vectors of B at {@code bOff + offsets[p]} instead of one row further; the
 *       last columns in a tile of 1 or 2 vectors. Column panels are the outer loop, so that the
 *       windows of one panel stay in L1 while every row panel of A sweeps them (the other order
 *       measured the same).
 *   <li>{@link #gradient}: C tiles of 8×3, 12×2 or 12×1 vectors, as wide as D's rows allow; per
 *       pixel j the tile loads one row of D and broadcasts one float of each of its rows' windows.
 *       The tile is loaded from C and stored back once per call, so the whole sum over j stays in
 *       registers.
 * </ul>
 *
 * The kernels are written out in full and have no branch, for the reasons given in
 * {@link MicroKernels}.
 */
final class ShiftedProducts32 extends VectorShiftedProducts {
  private static final int MR = 8;
  private static final int NR = 3 * L;
  /** A multiple of every gradient tile's rows (8 and 12). */
  private static final int GRADIENT_ROWS = 24;

  @Override
  public int productRows(int m) {
    return ShiftedProducts.roundUp(m, MR);
  }

  @Override
  int panelRows(int rows, int row) {
    return MR;
  }

  @Override
  public int gradientRowBlock() {
    return GRADIENT_ROWS;
  }

  @Override
  public void product(int m, int n, int k, float[] packedA, int[] offsets, float[] b, int bOff, float[] c,
      int cOff, int ldc) {
    int panels = (m + MR - 1) / MR;
    int padded = (n + L - 1) / L * L;
    int whole = padded - padded % NR;
    for (int j = 0; j < whole; j += NR) {
      for (int panel = 0; panel < panels; panel++) {
        product8x3(k, packedA, panel * MR * k, offsets, b, bOff + j, c, cOff + panel * MR * ldc + j, ldc);
      }
    }
    int rest = (padded - whole) / L;
    for (int panel = 0; rest > 0 && panel < panels; panel++) {
      if (rest == 2) {
        product8x2(k, packedA, panel * MR * k, offsets, b, bOff + whole, c, cOff + panel * MR * ldc + whole, ldc);
      } else {
        product8x1(k, packedA, panel * MR * k, offsets, b, bOff + whole, c, cOff + panel * MR * ldc + whole, ldc);
      }
    }
  }

  @Override
  public void gradient(int n, int p0, int p1, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd,
      float[] c) {
    int f = 0;
    if (ldd % NR == 0) {
      for (; f < ldd; f += NR) {
        for (int p = p0; p < p1; p += 8) {
          gradient8x3(n, p, offsets, b, bOff, d, dOff + f, ldd, c, p * ldd + f);
        }
      }
      return;
    }
    for (; f + 2 * L <= ldd; f += 2 * L) {
      for (int p = p0; p < p1; p += 12) {
        gradient12x2(n, p, offsets, b, bOff, d, dOff + f, ldd, c, p * ldd + f);
      }
    }
    for (; f < ldd; f += L) {
      for (int p = p0; p < p1; p += 12) {
        gradient12x1(n, p, offsets, b, bOff, d, dOff + f, ldd, c, p * ldd + f);
      }
    }
  }

  /** The 8×3-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product8x3(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c02 = z;
    FloatVector c10 = z, c11 = z, c12 = z;
    FloatVector c20 = z, c21 = z, c22 = z;
    FloatVector c30 = z, c31 = z, c32 = z;
    FloatVector c40 = z, c41 = z, c42 = z;
    FloatVector c50 = z, c51 = z, c52 = z;
    FloatVector c60 = z, c61 = z, c62 = z;
    FloatVector c70 = z, c71 = z, c72 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 8) {
      int bi = bOff + offsets[p];
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector x0 = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x0, c00);
      c01 = b1.fma(x0, c01);
      c02 = b2.fma(x0, c02);
      FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x1, c10);
      c11 = b1.fma(x1, c11);
      c12 = b2.fma(x1, c12);
      FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x2, c20);
      c21 = b1.fma(x2, c21);
      c22 = b2.fma(x2, c22);
      FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x3, c30);
      c31 = b1.fma(x3, c31);
      c32 = b2.fma(x3, c32);
      FloatVector x4 = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x4, c40);
      c41 = b1.fma(x4, c41);
      c42 = b2.fma(x4, c42);
      FloatVector x5 = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x5, c50);
      c51 = b1.fma(x5, c51);
      c52 = b2.fma(x5, c52);
      FloatVector x6 = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x6, c60);
      c61 = b1.fma(x6, c61);
      c62 = b2.fma(x6, c62);
      FloatVector x7 = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x7, c70);
      c71 = b1.fma(x7, c71);
      c72 = b2.fma(x7, c72);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c10.intoArray(c, cOff + 1 * ldc);
    c11.intoArray(c, cOff + 1 * ldc + L);
    c12.intoArray(c, cOff + 1 * ldc + 2 * L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c32.intoArray(c, cOff + 3 * ldc + 2 * L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c42.intoArray(c, cOff + 4 * ldc + 2 * L);
    c50.intoArray(c, cOff + 5 * ldc);
    c51.intoArray(c, cOff + 5 * ldc + L);
    c52.intoArray(c, cOff + 5 * ldc + 2 * L);
    c60.intoArray(c, cOff + 6 * ldc);
    c61.intoArray(c, cOff + 6 * ldc + L);
    c62.intoArray(c, cOff + 6 * ldc + 2 * L);
    c70.intoArray(c, cOff + 7 * ldc);
    c71.intoArray(c, cOff + 7 * ldc + L);
    c72.intoArray(c, cOff + 7 * ldc + 2 * L);
  }

  /** The 8×2-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product8x2(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z;
    FloatVector c10 = z, c11 = z;
    FloatVector c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z;
    FloatVector c50 = z, c51 = z;
    FloatVector c60 = z, c61 = z;
    FloatVector c70 = z, c71 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 8) {
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
      FloatVector x6 = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x6, c60);
      c61 = b1.fma(x6, c61);
      FloatVector x7 = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x7, c70);
      c71 = b1.fma(x7, c71);
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
    c60.intoArray(c, cOff + 6 * ldc);
    c61.intoArray(c, cOff + 6 * ldc + L);
    c70.intoArray(c, cOff + 7 * ldc);
    c71.intoArray(c, cOff + 7 * ldc + L);
  }

  /** The 8×1-vector tile of {@link #product}: rows r of the packed panel at aOff, columns from bOff. */
  static void product8x1(int k, float[] a, int aOff, int[] offsets, float[] b, int bOff, float[] c, int cOff, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z;
    FloatVector c10 = z;
    FloatVector c20 = z;
    FloatVector c30 = z;
    FloatVector c40 = z;
    FloatVector c50 = z;
    FloatVector c60 = z;
    FloatVector c70 = z;
    for (int p = 0, ai = aOff; p < k; p++, ai += 8) {
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
      FloatVector x6 = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x6, c60);
      FloatVector x7 = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x7, c70);
    }
    c00.intoArray(c, cOff);
    c10.intoArray(c, cOff + 1 * ldc);
    c20.intoArray(c, cOff + 2 * ldc);
    c30.intoArray(c, cOff + 3 * ldc);
    c40.intoArray(c, cOff + 4 * ldc);
    c50.intoArray(c, cOff + 5 * ldc);
    c60.intoArray(c, cOff + 6 * ldc);
    c70.intoArray(c, cOff + 7 * ldc);
  }

  /** The 8×3-vector tile of {@link #gradient}: rows p0.., columns f0.. */
  static void gradient8x3(int n, int p0, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd, float[] c, int cOff) {
    int o0 = bOff + offsets[p0];
    int o1 = bOff + offsets[p0 + 1];
    int o2 = bOff + offsets[p0 + 2];
    int o3 = bOff + offsets[p0 + 3];
    int o4 = bOff + offsets[p0 + 4];
    int o5 = bOff + offsets[p0 + 5];
    int o6 = bOff + offsets[p0 + 6];
    int o7 = bOff + offsets[p0 + 7];
    FloatVector c00 = FloatVector.fromArray(S, c, cOff);
    FloatVector c01 = FloatVector.fromArray(S, c, cOff + L);
    FloatVector c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldd);
    FloatVector c11 = FloatVector.fromArray(S, c, cOff + 1 * ldd + L);
    FloatVector c12 = FloatVector.fromArray(S, c, cOff + 1 * ldd + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldd);
    FloatVector c21 = FloatVector.fromArray(S, c, cOff + 2 * ldd + L);
    FloatVector c22 = FloatVector.fromArray(S, c, cOff + 2 * ldd + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldd);
    FloatVector c31 = FloatVector.fromArray(S, c, cOff + 3 * ldd + L);
    FloatVector c32 = FloatVector.fromArray(S, c, cOff + 3 * ldd + 2 * L);
    FloatVector c40 = FloatVector.fromArray(S, c, cOff + 4 * ldd);
    FloatVector c41 = FloatVector.fromArray(S, c, cOff + 4 * ldd + L);
    FloatVector c42 = FloatVector.fromArray(S, c, cOff + 4 * ldd + 2 * L);
    FloatVector c50 = FloatVector.fromArray(S, c, cOff + 5 * ldd);
    FloatVector c51 = FloatVector.fromArray(S, c, cOff + 5 * ldd + L);
    FloatVector c52 = FloatVector.fromArray(S, c, cOff + 5 * ldd + 2 * L);
    FloatVector c60 = FloatVector.fromArray(S, c, cOff + 6 * ldd);
    FloatVector c61 = FloatVector.fromArray(S, c, cOff + 6 * ldd + L);
    FloatVector c62 = FloatVector.fromArray(S, c, cOff + 6 * ldd + 2 * L);
    FloatVector c70 = FloatVector.fromArray(S, c, cOff + 7 * ldd);
    FloatVector c71 = FloatVector.fromArray(S, c, cOff + 7 * ldd + L);
    FloatVector c72 = FloatVector.fromArray(S, c, cOff + 7 * ldd + 2 * L);
    for (int j = 0, di = dOff; j < n; j++, di += ldd) {
      FloatVector d0 = FloatVector.fromArray(S, d, di);
      FloatVector d1 = FloatVector.fromArray(S, d, di + L);
      FloatVector d2 = FloatVector.fromArray(S, d, di + 2 * L);
      FloatVector x0 = FloatVector.broadcast(S, b[o0 + j]);
      c00 = d0.fma(x0, c00);
      c01 = d1.fma(x0, c01);
      c02 = d2.fma(x0, c02);
      FloatVector x1 = FloatVector.broadcast(S, b[o1 + j]);
      c10 = d0.fma(x1, c10);
      c11 = d1.fma(x1, c11);
      c12 = d2.fma(x1, c12);
      FloatVector x2 = FloatVector.broadcast(S, b[o2 + j]);
      c20 = d0.fma(x2, c20);
      c21 = d1.fma(x2, c21);
      c22 = d2.fma(x2, c22);
      FloatVector x3 = FloatVector.broadcast(S, b[o3 + j]);
      c30 = d0.fma(x3, c30);
      c31 = d1.fma(x3, c31);
      c32 = d2.fma(x3, c32);
      FloatVector x4 = FloatVector.broadcast(S, b[o4 + j]);
      c40 = d0.fma(x4, c40);
      c41 = d1.fma(x4, c41);
      c42 = d2.fma(x4, c42);
      FloatVector x5 = FloatVector.broadcast(S, b[o5 + j]);
      c50 = d0.fma(x5, c50);
      c51 = d1.fma(x5, c51);
      c52 = d2.fma(x5, c52);
      FloatVector x6 = FloatVector.broadcast(S, b[o6 + j]);
      c60 = d0.fma(x6, c60);
      c61 = d1.fma(x6, c61);
      c62 = d2.fma(x6, c62);
      FloatVector x7 = FloatVector.broadcast(S, b[o7 + j]);
      c70 = d0.fma(x7, c70);
      c71 = d1.fma(x7, c71);
      c72 = d2.fma(x7, c72);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c10.intoArray(c, cOff + 1 * ldd);
    c11.intoArray(c, cOff + 1 * ldd + L);
    c12.intoArray(c, cOff + 1 * ldd + 2 * L);
    c20.intoArray(c, cOff + 2 * ldd);
    c21.intoArray(c, cOff + 2 * ldd + L);
    c22.intoArray(c, cOff + 2 * ldd + 2 * L);
    c30.intoArray(c, cOff + 3 * ldd);
    c31.intoArray(c, cOff + 3 * ldd + L);
    c32.intoArray(c, cOff + 3 * ldd + 2 * L);
    c40.intoArray(c, cOff + 4 * ldd);
    c41.intoArray(c, cOff + 4 * ldd + L);
    c42.intoArray(c, cOff + 4 * ldd + 2 * L);
    c50.intoArray(c, cOff + 5 * ldd);
    c51.intoArray(c, cOff + 5 * ldd + L);
    c52.intoArray(c, cOff + 5 * ldd + 2 * L);
    c60.intoArray(c, cOff + 6 * ldd);
    c61.intoArray(c, cOff + 6 * ldd + L);
    c62.intoArray(c, cOff + 6 * ldd + 2 * L);
    c70.intoArray(c, cOff + 7 * ldd);
    c71.intoArray(c, cOff + 7 * ldd + L);
    c72.intoArray(c, cOff + 7 * ldd + 2 * L);
  }

  /** The 12×2-vector tile of {@link #gradient}: rows p0.., columns f0.. */
  static void gradient12x2(int n, int p0, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd, float[] c, int cOff) {
    int o0 = bOff + offsets[p0];
    int o1 = bOff + offsets[p0 + 1];
    int o2 = bOff + offsets[p0 + 2];
    int o3 = bOff + offsets[p0 + 3];
    int o4 = bOff + offsets[p0 + 4];
    int o5 = bOff + offsets[p0 + 5];
    int o6 = bOff + offsets[p0 + 6];
    int o7 = bOff + offsets[p0 + 7];
    int o8 = bOff + offsets[p0 + 8];
    int o9 = bOff + offsets[p0 + 9];
    int o10 = bOff + offsets[p0 + 10];
    int o11 = bOff + offsets[p0 + 11];
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
    FloatVector c60 = FloatVector.fromArray(S, c, cOff + 6 * ldd);
    FloatVector c61 = FloatVector.fromArray(S, c, cOff + 6 * ldd + L);
    FloatVector c70 = FloatVector.fromArray(S, c, cOff + 7 * ldd);
    FloatVector c71 = FloatVector.fromArray(S, c, cOff + 7 * ldd + L);
    FloatVector c80 = FloatVector.fromArray(S, c, cOff + 8 * ldd);
    FloatVector c81 = FloatVector.fromArray(S, c, cOff + 8 * ldd + L);
    FloatVector c90 = FloatVector.fromArray(S, c, cOff + 9 * ldd);
    FloatVector c91 = FloatVector.fromArray(S, c, cOff + 9 * ldd + L);
    FloatVector c100 = FloatVector.fromArray(S, c, cOff + 10 * ldd);
    FloatVector c101 = FloatVector.fromArray(S, c, cOff + 10 * ldd + L);
    FloatVector c110 = FloatVector.fromArray(S, c, cOff + 11 * ldd);
    FloatVector c111 = FloatVector.fromArray(S, c, cOff + 11 * ldd + L);
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
      FloatVector x6 = FloatVector.broadcast(S, b[o6 + j]);
      c60 = d0.fma(x6, c60);
      c61 = d1.fma(x6, c61);
      FloatVector x7 = FloatVector.broadcast(S, b[o7 + j]);
      c70 = d0.fma(x7, c70);
      c71 = d1.fma(x7, c71);
      FloatVector x8 = FloatVector.broadcast(S, b[o8 + j]);
      c80 = d0.fma(x8, c80);
      c81 = d1.fma(x8, c81);
      FloatVector x9 = FloatVector.broadcast(S, b[o9 + j]);
      c90 = d0.fma(x9, c90);
      c91 = d1.fma(x9, c91);
      FloatVector x10 = FloatVector.broadcast(S, b[o10 + j]);
      c100 = d0.fma(x10, c100);
      c101 = d1.fma(x10, c101);
      FloatVector x11 = FloatVector.broadcast(S, b[o11 + j]);
      c110 = d0.fma(x11, c110);
      c111 = d1.fma(x11, c111);
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
    c60.intoArray(c, cOff + 6 * ldd);
    c61.intoArray(c, cOff + 6 * ldd + L);
    c70.intoArray(c, cOff + 7 * ldd);
    c71.intoArray(c, cOff + 7 * ldd + L);
    c80.intoArray(c, cOff + 8 * ldd);
    c81.intoArray(c, cOff + 8 * ldd + L);
    c90.intoArray(c, cOff + 9 * ldd);
    c91.intoArray(c, cOff + 9 * ldd + L);
    c100.intoArray(c, cOff + 10 * ldd);
    c101.intoArray(c, cOff + 10 * ldd + L);
    c110.intoArray(c, cOff + 11 * ldd);
    c111.intoArray(c, cOff + 11 * ldd + L);
  }
}

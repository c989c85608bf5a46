// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernels} for machines with 16 vector registers (x86 with AVX2 or SSE): tiles of
 * {@value #MR} rows and 1 or 2 vectors of columns. The 8×3 tile of {@link MicroKernels} needs 28
 * registers (24 accumulators, 3 of B, one broadcast) and spills on such machines; 6×2 needs 15,
 * the register blocking of BLIS' and OpenBLAS' Haswell kernels. Same layouts and contracts as
 * {@link MicroKernels}: A a packed panel ({@code a[aOff + p*MR + r]}), B rows at stride ldb, and
 * the code written out in full with separate {@code set} and {@code add} kernels, for the reasons
 * given there.
 */
final class MicroKernels6 {
  /** Rows per tile; {@link VectorMatMul#MR} on these machines. */
  static final int MR = 6;
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();

  private MicroKernels6() {}

  /** C tile = A panel · B panel, for tiles of 1 or 2 vectors' width. */
  static void set(int vectors, int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (vectors == 2) {
      set2(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    } else {
      set1(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /** C tile += A panel · B panel, for tiles of 1 or 2 vectors' width. */
  static void add(int vectors, int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (vectors == 2) {
      add2(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    } else {
      add1(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /** The MR×2-vector tile {@code c[cOff + r*ldc + j] = Σ_p a[aOff + p*MR + r]·b[bOff + p*ldb + j]}
   * for p &lt; kc. */
  static void set2(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    FloatVector c00 = FloatVector.zero(S), c01 = c00;
    FloatVector c10 = c00, c11 = c00;
    FloatVector c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00;
    FloatVector c40 = c00, c41 = c00;
    FloatVector c50 = c00, c51 = c00;
    for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
    }
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
  }

  /** {@link #set2} for a tile of MR×1 vector (edge columns). */
  static void set1(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00;
    FloatVector c20 = c00;
    FloatVector c30 = c00;
    FloatVector c40 = c00;
    FloatVector c50 = c00;
    for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
    }
    c00.intoArray(c, o0);
    c10.intoArray(c, o1);
    c20.intoArray(c, o2);
    c30.intoArray(c, o3);
    c40.intoArray(c, o4);
    c50.intoArray(c, o5);
  }

  /** {@link #set2}, added to the tile's values in C. */
  static void add2(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, o0);
    FloatVector c01 = FloatVector.fromArray(S, c, o0 + L);
    FloatVector c10 = FloatVector.fromArray(S, c, o1);
    FloatVector c11 = FloatVector.fromArray(S, c, o1 + L);
    FloatVector c20 = FloatVector.fromArray(S, c, o2);
    FloatVector c21 = FloatVector.fromArray(S, c, o2 + L);
    FloatVector c30 = FloatVector.fromArray(S, c, o3);
    FloatVector c31 = FloatVector.fromArray(S, c, o3 + L);
    FloatVector c40 = FloatVector.fromArray(S, c, o4);
    FloatVector c41 = FloatVector.fromArray(S, c, o4 + L);
    FloatVector c50 = FloatVector.fromArray(S, c, o5);
    FloatVector c51 = FloatVector.fromArray(S, c, o5 + L);
    for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
    }
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
  }

  /** {@link #add2} for a tile of MR×1 vector (edge columns). */
  static void add1(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, o0);
    FloatVector c10 = FloatVector.fromArray(S, c, o1);
    FloatVector c20 = FloatVector.fromArray(S, c, o2);
    FloatVector c30 = FloatVector.fromArray(S, c, o3);
    FloatVector c40 = FloatVector.fromArray(S, c, o4);
    FloatVector c50 = FloatVector.fromArray(S, c, o5);
    for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
    }
    c00.intoArray(c, o0);
    c10.intoArray(c, o1);
    c20.intoArray(c, o2);
    c30.intoArray(c, o3);
    c40.intoArray(c, o4);
    c50.intoArray(c, o5);
  }
}

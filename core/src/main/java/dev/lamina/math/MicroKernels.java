// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link VectorMatMul}: each computes one tile of C, of
 * {@value #MR} rows and 1, 2 or 3 vectors of columns, over one k block:
 * {@code C[r][j] = Σ_p A[r][p]·B[p][j]} ({@code set}) or {@code C[r][j] += Σ_p ...} ({@code add}),
 * with A a packed panel ({@code a[aOff + p*MR + r]}, see {@link Packing#packA}) and B rows of
 * contiguous floats at stride ldb.
 *
 * <p>The accumulators (up to 24 vectors) start from zero or from C, take one FMA per depth step
 * and are stored to C. They stay in registers because the code is written out in full (a helper
 * that is not inlined would box them) and has no branch: once an untaken branch of a compiled
 * kernel was first taken, the recompiled kernel boxed its accumulators (960 bytes and ~30% more
 * time per call), hence separate {@code set} and {@code add} kernels. Per depth step the
 * 3-vector kernel loads 3 vectors of B, broadcasts {@value #MR} values of A and
 * issues 24 FMAs: 176–179 GFLOP/s on L1-resident data, against 201-214 for a pure FMA loop
 * ({@code bench/} GemmPeak), on an AVX-512 Xeon.
 *
 * <p>The depth loop counts A's offset by the constant MR: the JIT then drops A's bounds checks
 * and keeps the loop's scalar work to ~9 instructions beside the FMAs. Counting p and computing
 * {@code aOff + p*MR} cost ~4 more (ldb reloaded from the stack, a shift), which took FMA ports:
 * 166 GFLOP/s on L1-resident data, and 10% more time on the 784→300 products. Unrolling the
 * depth loop twice was slower (147 → 120 GFLOP/s on a 256×128×288 product).
 */
final class MicroKernels {
  /** Rows per tile; {@link VectorMatMul#MR} on machines with 32 vector registers. */
  static final int MR = 8;
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();

  private MicroKernels() {}

  /** C tile = A panel · B panel, for tiles of 1, 2 or 3 vectors' width. */
  static void set(int vectors, int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    switch (vectors) {
      case 3 -> set3(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
      case 2 -> set2(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
      default -> set1(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /** C tile += A panel · B panel, for tiles of 1, 2 or 3 vectors' width. */
  static void add(int vectors, int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    switch (vectors) {
      case 3 -> add3(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
      case 2 -> add2(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
      default -> add1(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /**
   * The MR×3-vector tile {@code c[cOff + r*ldc + j] = Σ_p a[aOff + p*MR + r]·b[bOff + p*ldb + j]}
   * for p &lt; kc.
   */
  static void set3(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    FloatVector c40 = c00, c41 = c00, c42 = c00;
    FloatVector c50 = c00, c51 = c00, c52 = c00;
    FloatVector c60 = c00, c61 = c00, c62 = c00;
    FloatVector c70 = c00, c71 = c00, c72 = c00;
    for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      c42 = b2.fma(x, c42);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      c52 = b2.fma(x, c52);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      c62 = b2.fma(x, c62);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
      c72 = b2.fma(x, c72);
    }
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c02.intoArray(c, o0 + 2 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c42.intoArray(c, o4 + 2 * L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
    c52.intoArray(c, o5 + 2 * L);
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c62.intoArray(c, o6 + 2 * L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
    c72.intoArray(c, o7 + 2 * L);
  }

  /** {@link #set3} for a tile of MR×2 vectors (edge columns). */
  static void set2(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    FloatVector c00 = FloatVector.zero(S), c01 = c00;
    FloatVector c10 = c00, c11 = c00;
    FloatVector c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00;
    FloatVector c40 = c00, c41 = c00;
    FloatVector c50 = c00, c51 = c00;
    FloatVector c60 = c00, c61 = c00;
    FloatVector c70 = c00, c71 = c00;
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
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
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
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
  }

  /** {@link #set3} for a tile of MR×1 vector (edge columns). */
  static void set1(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00;
    FloatVector c20 = c00;
    FloatVector c30 = c00;
    FloatVector c40 = c00;
    FloatVector c50 = c00;
    FloatVector c60 = c00;
    FloatVector c70 = c00;
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
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
    }
    c00.intoArray(c, o0);
    c10.intoArray(c, o1);
    c20.intoArray(c, o2);
    c30.intoArray(c, o3);
    c40.intoArray(c, o4);
    c50.intoArray(c, o5);
    c60.intoArray(c, o6);
    c70.intoArray(c, o7);
  }

  /** {@link #set3} adding to C: {@code c[cOff + r*ldc + j] += Σ_p ...}. */
  static void add3(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, o0);
    FloatVector c01 = FloatVector.fromArray(S, c, o0 + L);
    FloatVector c02 = FloatVector.fromArray(S, c, o0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, c, o1);
    FloatVector c11 = FloatVector.fromArray(S, c, o1 + L);
    FloatVector c12 = FloatVector.fromArray(S, c, o1 + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, c, o2);
    FloatVector c21 = FloatVector.fromArray(S, c, o2 + L);
    FloatVector c22 = FloatVector.fromArray(S, c, o2 + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, c, o3);
    FloatVector c31 = FloatVector.fromArray(S, c, o3 + L);
    FloatVector c32 = FloatVector.fromArray(S, c, o3 + 2 * L);
    FloatVector c40 = FloatVector.fromArray(S, c, o4);
    FloatVector c41 = FloatVector.fromArray(S, c, o4 + L);
    FloatVector c42 = FloatVector.fromArray(S, c, o4 + 2 * L);
    FloatVector c50 = FloatVector.fromArray(S, c, o5);
    FloatVector c51 = FloatVector.fromArray(S, c, o5 + L);
    FloatVector c52 = FloatVector.fromArray(S, c, o5 + 2 * L);
    FloatVector c60 = FloatVector.fromArray(S, c, o6);
    FloatVector c61 = FloatVector.fromArray(S, c, o6 + L);
    FloatVector c62 = FloatVector.fromArray(S, c, o6 + 2 * L);
    FloatVector c70 = FloatVector.fromArray(S, c, o7);
    FloatVector c71 = FloatVector.fromArray(S, c, o7 + L);
    FloatVector c72 = FloatVector.fromArray(S, c, o7 + 2 * L);
    for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      c42 = b2.fma(x, c42);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      c52 = b2.fma(x, c52);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      c62 = b2.fma(x, c62);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
      c72 = b2.fma(x, c72);
    }
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c02.intoArray(c, o0 + 2 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c42.intoArray(c, o4 + 2 * L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
    c52.intoArray(c, o5 + 2 * L);
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c62.intoArray(c, o6 + 2 * L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
    c72.intoArray(c, o7 + 2 * L);
  }

  /** {@link #add3} for a tile of MR×2 vectors (edge columns). */
  static void add2(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
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
    FloatVector c60 = FloatVector.fromArray(S, c, o6);
    FloatVector c61 = FloatVector.fromArray(S, c, o6 + L);
    FloatVector c70 = FloatVector.fromArray(S, c, o7);
    FloatVector c71 = FloatVector.fromArray(S, c, o7 + L);
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
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
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
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
  }

  /** {@link #add3} for a tile of MR×1 vector (edge columns). */
  static void add1(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, o0);
    FloatVector c10 = FloatVector.fromArray(S, c, o1);
    FloatVector c20 = FloatVector.fromArray(S, c, o2);
    FloatVector c30 = FloatVector.fromArray(S, c, o3);
    FloatVector c40 = FloatVector.fromArray(S, c, o4);
    FloatVector c50 = FloatVector.fromArray(S, c, o5);
    FloatVector c60 = FloatVector.fromArray(S, c, o6);
    FloatVector c70 = FloatVector.fromArray(S, c, o7);
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
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
    }
    c00.intoArray(c, o0);
    c10.intoArray(c, o1);
    c20.intoArray(c, o2);
    c30.intoArray(c, o3);
    c40.intoArray(c, o4);
    c50.intoArray(c, o5);
    c60.intoArray(c, o6);
    c70.intoArray(c, o7);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernels6} with A read in place at any stride, as {@link StridedKernels} is to
 * {@link MicroKernels}: the {@value MicroKernels6#MR} values of A at depth p are
 * {@code a[aOff + p*ps + r]}.
 */
final class StridedKernels6 {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();

  private StridedKernels6() {}

  /** C tile = A · B panel, A at stride ps, for tiles of 1 or 2 vectors' width. */
  static void set(int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    if (vectors == 2) {
      set2(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    } else {
      set1(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /** C tile += A · B panel, A at stride ps, for tiles of 1 or 2 vectors' width. */
  static void add(int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    if (vectors == 2) {
      add2(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    } else {
      add1(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /** {@link MicroKernels6#set2} with A at stride ps. */
  static void set2(int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
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
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
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

  /** {@link MicroKernels6#set1} with A at stride ps. */
  static void set1(int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
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
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
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

  /** {@link MicroKernels6#add2} with A at stride ps. */
  static void add2(int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
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
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
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

  /** {@link MicroKernels6#add1} with A at stride ps. */
  static void add1(int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
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
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
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

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The m = 1 products of {@link VectorMatMul}: {@code y[1×n] (+)= x[1×k]·op(B)}, the forward pass of
 * a dense layer on one sample. Packing would cost as much as the product (each element of B is
 * used once), so B is streamed in place.
 *
 * <ul>
 *   <li>B (k×n): 8 or 4 vectors of y stay in registers while B's rows stream past, each row adding
 *       {@code x[p]·B[p][j..]}. The last group of 4 vectors ends at column n and may overlap the
 *       previous group: the overlapping columns are simply computed twice. Fewer than 4 vectors'
 *       worth of columns go one vector at a time, and fewer than one vector one float at a time.
 *   <li>Bᵀ (B stored n×k): each y[j] is a dot product of two contiguous rows; four rows at a time
 *       share the loads of x.
 * </ul>
 *
 * <p>With {@code add}, the product goes to a scratch array first and is then added to y: the
 * vector code has no branch, since a branch taken only after compilation made C2 box vectors
 * (see {@link MicroKernels}). Measured (AVX-512, JDK 17): 1×784 · 784×300 in about 12 µs, bound
 * by reading B's 940 KB from L2; the groups of 8 and 4 independent accumulators hide the 4-cycle
 * FMA latency that bounds a single vector to one FMA per 4 cycles.
 *
 * <p>Each y[j] is summed by the same sequence of FMAs (vector lanes and {@link Math#fma} round
 * alike) in whichever group it falls, so a split of the columns between threads gives
 * bit-identical results.
 */
final class Gemv {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();
  /** The unit of a split of the columns between threads: 4 vectors. */
  static final int BLOCK = 4 * L;

  private Gemv() {}

  /**
   * Columns j0..j1 of y (+)= x·op(B), with x from {@code x[xOff]}, B k×n (or stored n×k when
   * {@code transB}) from {@code b[bOff]} and y from {@code y[yOff]}; {@code tmp} must hold at least
   * j1 floats. A split of the columns is exact if every part but the first starts at a multiple of
   * {@link #BLOCK} and every part spans at least BLOCK columns (or all n).
   */
  static void multiply(boolean transB, int n, int k, float[] x, int xOff, float[] b, int bOff,
      float[] y, int yOff, boolean add, float[] tmp, int j0, int j1) {
    float[] out = add ? tmp : y;
    int outOff = add ? 0 : yOff;
    if (transB) {
      dots(j0, j1, k, x, xOff, b, bOff, out, outOff);
    } else if (n < L) {
      narrow(n, k, x, xOff, b, bOff, out, outOff);
    } else {
      columns(j0, j1, n, k, x, xOff, b, bOff, out, outOff);
    }
    if (add) {
      for (int j = j0; j < j1; j++) {
        y[yOff + j] += tmp[j];
      }
    }
  }

  /**
   * out[j0..j1] = x·B[.][j0..j1] for B k×n with n ≥ L; vectors that would end past j1 are moved
   * back to end at j1, never before j0 if {@code j1 - j0 ≥ BLOCK}.
   */
  private static void columns(int j0, int j1, int n, int k, float[] x, int xOff, float[] b, int bOff,
      float[] out, int outOff) {
    int j = j0;
    for (; j + 8 * L <= j1; j += 8 * L) {
      columns8(k, x, xOff, b, bOff + j, n, out, outOff + j);
    }
    for (; j + BLOCK <= j1; j += BLOCK) {
      columns4(k, x, xOff, b, bOff + j, n, out, outOff + j);
    }
    if (j < j1 && j1 - j0 >= BLOCK) {
      columns4(k, x, xOff, b, bOff + j1 - BLOCK, n, out, outOff + j1 - BLOCK);
    } else {
      for (; j < j1; j += L) {
        int at = Math.min(j, j1 - L);
        columns1(k, x, xOff, b, bOff + at, n, out, outOff + at);
      }
    }
  }

  /** out[o..o+8L] = x·B[.][j..j+8L], with B's column j at {@code b[bj]}. */
  private static void columns8(int k, float[] x, int xOff, float[] b, int bj, int n, float[] out, int o) {
    FloatVector y0 = FloatVector.zero(S), y1 = y0, y2 = y0, y3 = y0;
    FloatVector y4 = y0, y5 = y0, y6 = y0, y7 = y0;
    for (int p = xOff, end = xOff + k, bi = bj; p < end; p++, bi += n) {
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      y0 = FloatVector.fromArray(S, b, bi).fma(xp, y0);
      y1 = FloatVector.fromArray(S, b, bi + L).fma(xp, y1);
      y2 = FloatVector.fromArray(S, b, bi + 2 * L).fma(xp, y2);
      y3 = FloatVector.fromArray(S, b, bi + 3 * L).fma(xp, y3);
      y4 = FloatVector.fromArray(S, b, bi + 4 * L).fma(xp, y4);
      y5 = FloatVector.fromArray(S, b, bi + 5 * L).fma(xp, y5);
      y6 = FloatVector.fromArray(S, b, bi + 6 * L).fma(xp, y6);
      y7 = FloatVector.fromArray(S, b, bi + 7 * L).fma(xp, y7);
    }
    y0.intoArray(out, o);
    y1.intoArray(out, o + L);
    y2.intoArray(out, o + 2 * L);
    y3.intoArray(out, o + 3 * L);
    y4.intoArray(out, o + 4 * L);
    y5.intoArray(out, o + 5 * L);
    y6.intoArray(out, o + 6 * L);
    y7.intoArray(out, o + 7 * L);
  }

  /** out[o..o+4L] = x·B[.][j..j+4L], with B's column j at {@code b[bj]}. */
  private static void columns4(int k, float[] x, int xOff, float[] b, int bj, int n, float[] out, int o) {
    FloatVector y0 = FloatVector.zero(S), y1 = y0, y2 = y0, y3 = y0;
    for (int p = xOff, end = xOff + k, bi = bj; p < end; p++, bi += n) {
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      y0 = FloatVector.fromArray(S, b, bi).fma(xp, y0);
      y1 = FloatVector.fromArray(S, b, bi + L).fma(xp, y1);
      y2 = FloatVector.fromArray(S, b, bi + 2 * L).fma(xp, y2);
      y3 = FloatVector.fromArray(S, b, bi + 3 * L).fma(xp, y3);
    }
    y0.intoArray(out, o);
    y1.intoArray(out, o + L);
    y2.intoArray(out, o + 2 * L);
    y3.intoArray(out, o + 3 * L);
  }

  /** out[o..o+L] = x·B[.][j..j+L], with B's column j at {@code b[bj]}. */
  private static void columns1(int k, float[] x, int xOff, float[] b, int bj, int n, float[] out, int o) {
    FloatVector y0 = FloatVector.zero(S);
    for (int p = xOff, end = xOff + k, bi = bj; p < end; p++, bi += n) {
      y0 = FloatVector.fromArray(S, b, bi).fma(FloatVector.broadcast(S, x[p]), y0);
    }
    y0.intoArray(out, o);
  }

  /**
   * out = x·B for B k×n with n &lt; L, one float at a time: measured 0.3 µs for k = 100, n = 10,
   * where one masked vector per row of B took 1.2 µs on JDK 17.
   */
  private static void narrow(int n, int k, float[] x, int xOff, float[] b, int bOff, float[] out, int o) {
    for (int j = 0; j < n; j++) {
      out[o + j] = 0f;
    }
    for (int p = 0, bi = bOff; p < k; p++, bi += n) {
      float xp = x[xOff + p];
      for (int j = 0; j < n; j++) {
        out[o + j] = Math.fma(xp, b[bi + j], out[o + j]);
      }
    }
  }

  /** out[j] = x·B[j] for j0 ≤ j &lt; j1 and B stored n×k: dot products, four rows at a time. */
  private static void dots(int j0, int j1, int k, float[] x, int xOff, float[] b, int bOff, float[] out,
      int o) {
    int kv = S.loopBound(k);
    int j = j0;
    for (; j + 4 <= j1; j += 4) {
      int r0 = bOff + j * k;
      int r1 = r0 + k;
      int r2 = r1 + k;
      int r3 = r2 + k;
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      for (int p = 0; p < kv; p += L) {
        FloatVector xv = FloatVector.fromArray(S, x, xOff + p);
        s0 = FloatVector.fromArray(S, b, r0 + p).fma(xv, s0);
        s1 = FloatVector.fromArray(S, b, r1 + p).fma(xv, s1);
        s2 = FloatVector.fromArray(S, b, r2 + p).fma(xv, s2);
        s3 = FloatVector.fromArray(S, b, r3 + p).fma(xv, s3);
      }
      out[o + j] = s0.reduceLanes(VectorOperators.ADD) + tail(x, xOff, b, r0, kv, k);
      out[o + j + 1] = s1.reduceLanes(VectorOperators.ADD) + tail(x, xOff, b, r1, kv, k);
      out[o + j + 2] = s2.reduceLanes(VectorOperators.ADD) + tail(x, xOff, b, r2, kv, k);
      out[o + j + 3] = s3.reduceLanes(VectorOperators.ADD) + tail(x, xOff, b, r3, kv, k);
    }
    for (; j < j1; j++) {
      int r0 = bOff + j * k;
      FloatVector s0 = FloatVector.zero(S);
      for (int p = 0; p < kv; p += L) {
        s0 = FloatVector.fromArray(S, b, r0 + p).fma(FloatVector.fromArray(S, x, xOff + p), s0);
      }
      out[o + j] = s0.reduceLanes(VectorOperators.ADD) + tail(x, xOff, b, r0, kv, k);
    }
  }

  /** {@code Σ_{kv ≤ p < k} x[p]·b[row + p]}: the part of a dot product past the last vector. */
  private static float tail(float[] x, int xOff, float[] b, int row, int kv, int k) {
    float sum = 0f;
    for (int p = kv; p < k; p++) {
      sum = Math.fma(x[xOff + p], b[row + p], sum);
    }
    return sum;
  }
}

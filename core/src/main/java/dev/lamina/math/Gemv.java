package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The m = 1 products of {@link VectorMatMul}: {@code y[1×n] (+)= x[1×k]·op(B)}, the forward pass of
 * a dense layer on one sample. Packing would cost as much as the product (each element of B is
 * used once), so B is streamed in place.
 *
 * <ul>
 *   <li>B (k×n): {@value #CHUNK} vectors of y stay in registers while B's rows stream past, each
 *       row adding {@code x[p]·B[p][j..]}; then the next {@value #CHUNK} vectors. Columns past the
 *       last whole vector are computed as the vector ending at column n (its overlap with the
 *       previous vector is recomputed identically and not stored twice); n &lt; L uses masked
 *       loads.
 *   <li>Bᵀ (B stored n×k): each y[j] is a dot product of two contiguous rows; four rows at a time
 *       share the loads of x.
 * </ul>
 *
 * <p>Each y[j] is summed in the same order whatever n is, so results depend only on the shapes.
 */
final class Gemv {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();
  /** Vectors of y held in registers while streaming B. */
  static final int CHUNK = 4;

  private Gemv() {}

  /**
   * y (+)= x·op(B), with B k×n, or stored n×k when {@code transB}; {@code tmp} holds at least L
   * floats of scratch.
   */
  static void multiply(boolean transB, int n, int k, float[] x, float[] b, float[] y,
      boolean add, float[] tmp) {
    if (transB) {
      dots(n, k, x, b, y, add);
    } else if (n < L) {
      narrow(n, k, x, b, y, add);
    } else {
      columns(n, k, x, b, y, add, tmp);
    }
  }

  /** y (+)= x·B for B k×n with n ≥ L. */
  private static void columns(int n, int k, float[] x, float[] b, float[] y, boolean add,
      float[] tmp) {
    int j = 0;
    for (; j + CHUNK * L <= n; j += CHUNK * L) {
      FloatVector y0 = FloatVector.zero(S), y1 = y0, y2 = y0, y3 = y0;
      for (int p = 0, bi = j; p < k; p++, bi += n) {
        FloatVector xp = FloatVector.broadcast(S, x[p]);
        y0 = FloatVector.fromArray(S, b, bi).fma(xp, y0);
        y1 = FloatVector.fromArray(S, b, bi + L).fma(xp, y1);
        y2 = FloatVector.fromArray(S, b, bi + 2 * L).fma(xp, y2);
        y3 = FloatVector.fromArray(S, b, bi + 3 * L).fma(xp, y3);
      }
      store(y0, y, j, add);
      store(y1, y, j + L, add);
      store(y2, y, j + 2 * L, add);
      store(y3, y, j + 3 * L, add);
    }
    for (; j < n; j += L) {
      // The last vector may overlap the previous one: it ends at column n.
      int j0 = Math.min(j, n - L);
      FloatVector y0 = FloatVector.zero(S);
      for (int p = 0, bi = j0; p < k; p++, bi += n) {
        y0 = FloatVector.fromArray(S, b, bi).fma(FloatVector.broadcast(S, x[p]), y0);
      }
      if (j0 == j) {
        store(y0, y, j, add);
      } else {
        y0.intoArray(tmp, 0);
        for (int i = j - j0; i < L; i++) {
          y[j0 + i] = add ? y[j0 + i] + tmp[i] : tmp[i];
        }
      }
    }
  }

  private static void store(FloatVector v, float[] y, int j, boolean add) {
    (add ? v.add(FloatVector.fromArray(S, y, j)) : v).intoArray(y, j);
  }

  /** y (+)= x·B for B k×n with n &lt; L: one masked vector per row of B. */
  private static void narrow(int n, int k, float[] x, float[] b, float[] y, boolean add) {
    VectorMask<Float> mask = S.indexInRange(0, n);
    FloatVector y0 = FloatVector.zero(S);
    for (int p = 0, bi = 0; p < k; p++, bi += n) {
      y0 = FloatVector.fromArray(S, b, bi, mask).fma(FloatVector.broadcast(S, x[p]), y0);
    }
    if (add) {
      y0 = y0.add(FloatVector.fromArray(S, y, 0, mask));
    }
    y0.intoArray(y, 0, mask);
  }

  /** y[j] (+)= x·B[j] for B stored n×k: dot products, four rows of B at a time. */
  private static void dots(int n, int k, float[] x, float[] b, float[] y, boolean add) {
    int kv = S.loopBound(k);
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      int r0 = j * k;
      int r1 = r0 + k;
      int r2 = r1 + k;
      int r3 = r2 + k;
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      for (int p = 0; p < kv; p += L) {
        FloatVector xv = FloatVector.fromArray(S, x, p);
        s0 = FloatVector.fromArray(S, b, r0 + p).fma(xv, s0);
        s1 = FloatVector.fromArray(S, b, r1 + p).fma(xv, s1);
        s2 = FloatVector.fromArray(S, b, r2 + p).fma(xv, s2);
        s3 = FloatVector.fromArray(S, b, r3 + p).fma(xv, s3);
      }
      y[j] = finish(s0, x, b, r0, kv, k, add ? y[j] : 0f);
      y[j + 1] = finish(s1, x, b, r1, kv, k, add ? y[j + 1] : 0f);
      y[j + 2] = finish(s2, x, b, r2, kv, k, add ? y[j + 2] : 0f);
      y[j + 3] = finish(s3, x, b, r3, kv, k, add ? y[j + 3] : 0f);
    }
    for (; j < n; j++) {
      int r0 = j * k;
      FloatVector s0 = FloatVector.zero(S);
      for (int p = 0; p < kv; p += L) {
        s0 = FloatVector.fromArray(S, b, r0 + p).fma(FloatVector.fromArray(S, x, p), s0);
      }
      y[j] = finish(s0, x, b, r0, kv, k, add ? y[j] : 0f);
    }
  }

  /** {@code y0 + Σ lanes of s + Σ_{p ≥ kv} x[p]·b[row + p]}: a dot product's end. */
  private static float finish(FloatVector s, float[] x, float[] b, int row, int kv, int k,
      float y0) {
    float sum = s.reduceLanes(VectorOperators.ADD);
    for (int p = kv; p < k; p++) {
      sum = Math.fma(x[p], b[row + p], sum);
    }
    return y0 + sum;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static jdk.incubator.vector.VectorOperators.FMA;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link WinogradTransforms} of F(4×4, 3×3) on the Vector API, one tile per lane: 6×6 input
 * tiles, four column phases. The matrices are Lavin and Gray's:
 *
 * <pre>
 *      | 4  0 −5  0  1  0 |        | ¼     0     0  |
 *      | 0 −4 −4  1  1  0 |        | −⅙   −⅙    −⅙  |        | 1  1  1  1  1  0 |
 * Bᵀ = | 0  4 −4 −1  1  0 |    G = | −⅙    ⅙    −⅙  |   Aᵀ = | 0  1 −1  2 −2  0 |
 *      | 0 −2 −1  2  1  0 |        | 1/24  1/12  ⅙  |        | 0  1  1  4  4  0 |
 *      | 0  2 −1 −2  1  0 |        | 1/24 −1/12  ⅙  |        | 0  1 −1  8 −8  1 |
 *      | 0  4  0 −5  0  1 |        | 0     0     1  |
 * </pre>
 *
 * Only loaded when the incubator module is present.
 */
final class VectorWinogradF4 implements WinogradTransforms {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();
  /** Input pixels per tile side. */
  private static final int N = 6;
  /** Lane j takes lane j/2 (LOW) or L/2 + j/2 (HIGH) of the vector rearranged. */
  private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(S, j -> j / 2);
  private static final VectorShuffle<Float> ZIP_HIGH = VectorShuffle.fromOp(S, j -> L / 2 + j / 2);
  /** The odd lanes. */
  private static final VectorMask<Float> ODD = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL);
  /** G, in double: the kernel transform and its adjoint run once per step, and round once. */
  private static final double[][] G = {
      {1.0 / 4, 0, 0},
      {-1.0 / 6, -1.0 / 6, -1.0 / 6},
      {-1.0 / 6, 1.0 / 6, -1.0 / 6},
      {1.0 / 24, 1.0 / 12, 1.0 / 6},
      {1.0 / 24, -1.0 / 12, 1.0 / 6},
      {0, 0, 1}};

  @Override
  public int outputTile() {
    return 4;
  }

  @Override
  public int lanes() {
    return L;
  }

  @Override
  public void kernel(float[] g, int gOff, float[] u, int uOff, int uStride) {
    for (int i = 0; i < N; i++) {
      // row i of G·g, then times Gᵀ
      double r0 = G[i][0] * g[gOff] + G[i][1] * g[gOff + 3] + G[i][2] * g[gOff + 6];
      double r1 = G[i][0] * g[gOff + 1] + G[i][1] * g[gOff + 4] + G[i][2] * g[gOff + 7];
      double r2 = G[i][0] * g[gOff + 2] + G[i][1] * g[gOff + 5] + G[i][2] * g[gOff + 8];
      for (int j = 0; j < N; j++) {
        u[uOff + (N * i + j) * uStride] = (float) (r0 * G[j][0] + r1 * G[j][1] + r2 * G[j][2]);
      }
    }
  }

  @Override
  public void kernelGradient(float[] du, int duOff, int duStride, float[] dg, int dgOff) {
    for (int a = 0; a < 3; a++) {
      // column j of Gᵀ·dU (row a), then times G
      double d0 = 0;
      double d1 = 0;
      double d2 = 0;
      for (int j = 0; j < N; j++) {
        double t = 0;
        for (int i = 0; i < N; i++) {
          t += G[i][a] * du[duOff + (N * i + j) * duStride];
        }
        d0 += t * G[j][0];
        d1 += t * G[j][1];
        d2 += t * G[j][2];
      }
      dg[dgOff + 3 * a] = (float) d0;
      dg[dgOff + 3 * a + 1] = (float) d1;
      dg[dgOff + 3 * a + 2] = (float) d2;
    }
  }

  // Two passes through memory per transform, rows then columns, as in VectorWinogradF2 (C2's
  // inlining budget); each line's arithmetic is a small static method, inlined. The input's first
  // pass goes to the scratch, at constant offsets whose bounds checks C2 merges.

  @Override
  public void input(int tiles, float[] image, int off, int phasePlane, int rowStride, float[] v, int vOff,
      int xiStride, float[] scratch) {
    int p = phasePlane;
    for (int t = 0; t < tiles; t += L) {
      // Row r of d·B into positions 6r..6r+5 of the scratch: columns 4t..4t+5 are phases 0–3 at t,
      // then 0–1 at t + 1
      for (int r = 0, e = off + t; r < N; r++, e += rowStride) {
        inputLine(FloatVector.fromArray(S, image, e), FloatVector.fromArray(S, image, e + p),
            FloatVector.fromArray(S, image, e + 2 * p), FloatVector.fromArray(S, image, e + 3 * p),
            FloatVector.fromArray(S, image, e + 1), FloatVector.fromArray(S, image, e + p + 1), scratch, N * L * r, L);
      }
      // Then Bᵀ over each column into V
      for (int j = 0, at = vOff + t; j < N; j++, at += xiStride) {
        inputLine(FloatVector.fromArray(S, scratch, j * L), FloatVector.fromArray(S, scratch, (N + j) * L),
            FloatVector.fromArray(S, scratch, (2 * N + j) * L), FloatVector.fromArray(S, scratch, (3 * N + j) * L),
            FloatVector.fromArray(S, scratch, (4 * N + j) * L), FloatVector.fromArray(S, scratch, (5 * N + j) * L),
            v, at, N * xiStride);
      }
    }
  }

  /** Bᵀ·(d0..d5) into {@code v[at + k·stride]}, k = 0..5. */
  private static void inputLine(FloatVector d0, FloatVector d1, FloatVector d2, FloatVector d3, FloatVector d4,
      FloatVector d5, float[] v, int at, int stride) {
    FloatVector even = d4.sub(d2);
    FloatVector odd = d3.sub(d1);
    d0.sub(d2).lanewise(FMA, 4f, even).intoArray(v, at); // 4(d0 − d2) + (d4 − d2)
    FloatVector e4 = d2.lanewise(FMA, -4f, d4);
    FloatVector o4 = d1.lanewise(FMA, -4f, d3);
    e4.add(o4).intoArray(v, at + stride);
    e4.sub(o4).intoArray(v, at + 2 * stride);
    FloatVector odd2 = odd.add(odd);
    even.add(odd2).intoArray(v, at + 3 * stride);
    even.sub(odd2).intoArray(v, at + 4 * stride);
    odd.lanewise(FMA, -4f, d5.sub(d3)).intoArray(v, at + 5 * stride); // 4(d1 − d3) + (d5 − d3)
  }

  @Override
  public void output(int tiles, int rowTiles, float[] m, int mOff, int xiStride, float[] dst, int dstOff,
      int dstStride) {
    // Two passes, each a method of its own: the whole transform in one method (then in three
    // passes) exceeded C2's budget, and its vectors were allocated (66 GB in a 2-epoch cnn run)
    for (int t = 0; t < tiles; t += L) {
      outputColumns(m, mOff + t, xiStride);
      // Each stored vector holds L/4 tiles, never split between rows (rowTiles is a multiple of L/4)
      int o0 = WinogradTransforms.place(t, rowTiles, 4, dstOff, dstStride);
      int o1 = WinogradTransforms.place(t + L / 4, rowTiles, 4, dstOff, dstStride);
      int o2 = WinogradTransforms.place(t + L / 2, rowTiles, 4, dstOff, dstStride);
      int o3 = WinogradTransforms.place(t + 3 * L / 4, rowTiles, 4, dstOff, dstStride);
      outputRows(m, mOff + t, xiStride, dst, o0, o1, o2, o3, dstStride);
    }
  }

  /** Aᵀ·M over each column j of a vector of tiles, in place: its rows 0..3 become the column's 4 outputs. */
  private static void outputColumns(float[] m, int mOff, int xiStride) {
    int row = N * xiStride;
    for (int j = 0, at = mOff; j < N; j++, at += xiStride) {
      FloatVector y0 = FloatVector.fromArray(S, m, at);
      FloatVector y1 = FloatVector.fromArray(S, m, at + row);
      FloatVector y2 = FloatVector.fromArray(S, m, at + 2 * row);
      FloatVector y3 = FloatVector.fromArray(S, m, at + 3 * row);
      FloatVector y4 = FloatVector.fromArray(S, m, at + 4 * row);
      FloatVector y5 = FloatVector.fromArray(S, m, at + 5 * row);
      FloatVector sum12 = y1.add(y2);
      FloatVector diff12 = y1.sub(y2);
      FloatVector sum34 = y3.add(y4);
      FloatVector diff34 = y3.sub(y4);
      y0.add(sum12).add(sum34).intoArray(m, at);
      diff34.lanewise(FMA, 2f, diff12).intoArray(m, at + row);
      sum34.lanewise(FMA, 4f, sum12).intoArray(m, at + 2 * row);
      diff34.lanewise(FMA, 8f, diff12).add(y5).intoArray(m, at + 3 * row);
    }
  }

  /**
   * Then ·A over each of the 4 rows, and each tile's 4 pixels side by side, by two rounds of zips:
   * pixels (0, 2) and (1, 3) pairwise, then those pairwise; the 4 vectors of L/4 tiles each go to
   * row r from o0..o3.
   */
  private static void outputRows(float[] m, int mOff, int xiStride, float[] dst, int o0, int o1, int o2, int o3,
      int dstStride) {
    for (int r = 0, at = mOff, to = 0; r < 4; r++, at += N * xiStride, to += dstStride) {
      FloatVector y1 = FloatVector.fromArray(S, m, at + xiStride);
      FloatVector y2 = FloatVector.fromArray(S, m, at + 2 * xiStride);
      FloatVector y3 = FloatVector.fromArray(S, m, at + 3 * xiStride);
      FloatVector y4 = FloatVector.fromArray(S, m, at + 4 * xiStride);
      FloatVector sum12 = y1.add(y2);
      FloatVector diff12 = y1.sub(y2);
      FloatVector sum34 = y3.add(y4);
      FloatVector diff34 = y3.sub(y4);
      FloatVector p0 = FloatVector.fromArray(S, m, at).add(sum12).add(sum34);
      FloatVector p1 = diff34.lanewise(FMA, 2f, diff12);
      FloatVector p2 = sum34.lanewise(FMA, 4f, sum12);
      FloatVector p3 = diff34.lanewise(FMA, 8f, diff12).add(FloatVector.fromArray(S, m, at + 5 * xiStride));
      FloatVector evenLow = p0.rearrange(ZIP_LOW).blend(p2.rearrange(ZIP_LOW), ODD);
      FloatVector evenHigh = p0.rearrange(ZIP_HIGH).blend(p2.rearrange(ZIP_HIGH), ODD);
      FloatVector oddLow = p1.rearrange(ZIP_LOW).blend(p3.rearrange(ZIP_LOW), ODD);
      FloatVector oddHigh = p1.rearrange(ZIP_HIGH).blend(p3.rearrange(ZIP_HIGH), ODD);
      evenLow.rearrange(ZIP_LOW).blend(oddLow.rearrange(ZIP_LOW), ODD).intoArray(dst, o0 + to);
      evenLow.rearrange(ZIP_HIGH).blend(oddLow.rearrange(ZIP_HIGH), ODD).intoArray(dst, o1 + to);
      evenHigh.rearrange(ZIP_LOW).blend(oddHigh.rearrange(ZIP_LOW), ODD).intoArray(dst, o2 + to);
      evenHigh.rearrange(ZIP_HIGH).blend(oddHigh.rearrange(ZIP_HIGH), ODD).intoArray(dst, o3 + to);
    }
  }

  @Override
  public void outputGradient(int filters, int rows, int columns, float[] dy, int dyOff, int rowStride,
      int pixelStride, float[] dm, int dmOff, int xiStride) {
    // dM = A·dY·Aᵀ: first each row of dY times Aᵀ into rows 0..3 of dM, then A over each column in
    // place. A missing row or column of dY is zero.
    FloatVector zero = FloatVector.zero(S);
    int row = N * xiStride;
    for (int f = 0; f < filters; f += L) {
      for (int a = 0, at = dyOff + f, to = dmOff + f; a < rows; a++, at += rowStride, to += row) {
        gradientLine(FloatVector.fromArray(S, dy, at),
            columns > 1 ? FloatVector.fromArray(S, dy, at + pixelStride) : zero,
            columns > 2 ? FloatVector.fromArray(S, dy, at + 2 * pixelStride) : zero,
            columns > 3 ? FloatVector.fromArray(S, dy, at + 3 * pixelStride) : zero, dm, to, xiStride);
      }
      for (int q = 0, to = dmOff + f; q < N; q++, to += xiStride) {
        gradientLine(FloatVector.fromArray(S, dm, to),
            rows > 1 ? FloatVector.fromArray(S, dm, to + row) : zero,
            rows > 2 ? FloatVector.fromArray(S, dm, to + 2 * row) : zero,
            rows > 3 ? FloatVector.fromArray(S, dm, to + 3 * row) : zero, dm, to, row);
      }
    }
  }

  /** A·(y0..y3) into {@code dm[at + q·stride]}, q = 0..5: A's rows are Aᵀ's columns. */
  private static void gradientLine(FloatVector y0, FloatVector y1, FloatVector y2, FloatVector y3, float[] dm,
      int at, int stride) {
    FloatVector even = y0.add(y2);
    FloatVector odd = y1.add(y3);
    FloatVector even4 = y2.lanewise(FMA, 4f, y0); // y0 + 4·y2
    FloatVector odd8 = y3.lanewise(FMA, 4f, y1); // (2·y1 + 8·y3) / 2
    FloatVector odd82 = odd8.add(odd8);
    y0.intoArray(dm, at);
    even.add(odd).intoArray(dm, at + stride);
    even.sub(odd).intoArray(dm, at + 2 * stride);
    even4.add(odd82).intoArray(dm, at + 3 * stride);
    even4.sub(odd82).intoArray(dm, at + 4 * stride);
    y3.intoArray(dm, at + 5 * stride);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link WinogradTransforms} of F(2×2, 3×3) on the Vector API, one tile per lane: 4×4 input
 * tiles, two column phases (even and odd padded columns). Only loaded when the incubator module is
 * present.
 */
final class VectorWinogradF2 implements WinogradTransforms {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();
  /** Lane j takes lane j/2 (LOW) or L/2 + j/2 (HIGH) of the vector rearranged. */
  private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(S, j -> j / 2);
  private static final VectorShuffle<Float> ZIP_HIGH = VectorShuffle.fromOp(S, j -> L / 2 + j / 2);
  /** The odd lanes. */
  private static final VectorMask<Float> ODD = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL);

  @Override
  public int outputTile() {
    return 2;
  }

  @Override
  public int lanes() {
    return L;
  }

  // Each transform goes in two passes through memory, its rows and then its columns, each a loop
  // whose body has few vector operations: C2 stops inlining a method's calls past a node budget,
  // and a Vector API call left out of line allocates its result (a one-pass version allocated 22 MB
  // per batch).

  @Override
  public void input(int tiles, float[] image, int off, int phasePlane, int rowStride, float[] v, int vOff,
      int xiStride, float[] scratch) {
    for (int t = 0; t < tiles; t += L) {
      // Row r of d·B into positions 4r..4r+3 of the scratch: columns 2t..2t+3 of the row are even t,
      // odd t, even t+1, odd t+1 (c0..c3), and its 4 values are c0 − c2, c1 + c2, c2 − c1, c1 − c3.
      for (int r = 0, e = off + t, o = off + phasePlane + t; r < 4; r++, e += rowStride, o += rowStride) {
        FloatVector c0 = FloatVector.fromArray(S, image, e);
        FloatVector c1 = FloatVector.fromArray(S, image, o);
        FloatVector c2 = FloatVector.fromArray(S, image, e + 1);
        FloatVector c3 = FloatVector.fromArray(S, image, o + 1);
        int at = 4 * L * r;
        c0.sub(c2).intoArray(scratch, at);
        c1.add(c2).intoArray(scratch, at + L);
        c2.sub(c1).intoArray(scratch, at + 2 * L);
        c1.sub(c3).intoArray(scratch, at + 3 * L);
      }
      // Then Bᵀ over each column j into V: rows d0..d3 become d0 − d2, d1 + d2, d2 − d1, d1 − d3.
      for (int j = 0, at = vOff + t; j < 4; j++, at += xiStride) {
        FloatVector d0 = FloatVector.fromArray(S, scratch, j * L);
        FloatVector d1 = FloatVector.fromArray(S, scratch, (4 + j) * L);
        FloatVector d2 = FloatVector.fromArray(S, scratch, (8 + j) * L);
        FloatVector d3 = FloatVector.fromArray(S, scratch, (12 + j) * L);
        d0.sub(d2).intoArray(v, at);
        d1.add(d2).intoArray(v, at + 4 * xiStride);
        d2.sub(d1).intoArray(v, at + 8 * xiStride);
        d1.sub(d3).intoArray(v, at + 12 * xiStride);
      }
    }
  }

  @Override
  public void output(int tiles, int rowTiles, float[] m, int mOff, int xiStride, float[] dst, int dstOff,
      int dstStride) {
    for (int t = 0; t < tiles; t += L) {
      // Aᵀ·M over each column j, in place: rows 0 and 1 of the column become M₀ + M₁ + M₂ (top)
      // and M₁ − M₂ − M₃ (bottom).
      for (int j = 0, at = mOff + t; j < 4; j++, at += xiStride) {
        FloatVector m0 = FloatVector.fromArray(S, m, at);
        FloatVector m1 = FloatVector.fromArray(S, m, at + 4 * xiStride);
        FloatVector m2 = FloatVector.fromArray(S, m, at + 8 * xiStride);
        FloatVector m3 = FloatVector.fromArray(S, m, at + 12 * xiStride);
        m0.add(m1).add(m2).intoArray(m, at);
        m1.sub(m2).sub(m3).intoArray(m, at + 4 * xiStride);
      }
      // Then ·A over each of the two rows: columns 0 + 1 + 2 (left pixel), 1 − 2 − 3 (right), to
      // two vectors of L/2 tiles each
      int low = WinogradTransforms.place(t, rowTiles, 2, dstOff, dstStride);
      int high = WinogradTransforms.place(t + L / 2, rowTiles, 2, dstOff, dstStride);
      for (int r = 0, at = mOff + t, to = 0; r < 2; r++, at += 4 * xiStride, to += dstStride) {
        FloatVector r0 = FloatVector.fromArray(S, m, at);
        FloatVector r1 = FloatVector.fromArray(S, m, at + xiStride);
        FloatVector r2 = FloatVector.fromArray(S, m, at + 2 * xiStride);
        FloatVector r3 = FloatVector.fromArray(S, m, at + 3 * xiStride);
        FloatVector left = r0.add(r1).add(r2);
        FloatVector right = r1.sub(r2).sub(r3);
        left.rearrange(ZIP_LOW).blend(right.rearrange(ZIP_LOW), ODD).intoArray(dst, low + to);
        left.rearrange(ZIP_HIGH).blend(right.rearrange(ZIP_HIGH), ODD).intoArray(dst, high + to);
      }
    }
  }

  @Override
  public void outputGradient(int filters, int rows, int columns, float[] dy, int dyOff, int rowStride,
      int pixelStride, float[] dm, int dmOff, int xiStride) {
    // dM = A·dY·Aᵀ, A = [[1, 0], [1, 1], [1, −1], [0, −1]]: row q of A·dY is (y0, y0 + y1, y0 − y1,
    // −y1) over dY's rows y0, y1, and the same over its columns. A missing row or column is zero.
    FloatVector zero = FloatVector.zero(S);
    for (int f = 0; f < filters; f += L) {
      int at = dyOff + f;
      FloatVector y00 = FloatVector.fromArray(S, dy, at);
      FloatVector y01 = columns > 1 ? FloatVector.fromArray(S, dy, at + pixelStride) : zero;
      FloatVector y10 = rows > 1 ? FloatVector.fromArray(S, dy, at + rowStride) : zero;
      FloatVector y11 = rows > 1 && columns > 1 ? FloatVector.fromArray(S, dy, at + rowStride + pixelStride) : zero;
      int to = dmOff + f;
      gradientRow(y00, y01, dm, to, xiStride);
      gradientRow(y00.add(y10), y01.add(y11), dm, to + 4 * xiStride, xiStride);
      gradientRow(y00.sub(y10), y01.sub(y11), dm, to + 8 * xiStride, xiStride);
      gradientRow(y10.neg(), y11.neg(), dm, to + 12 * xiStride, xiStride);
    }
  }

  /** One row of A·dY·Aᵀ from the row (z0, z1) of A·dY: z0, z0 + z1, z0 − z1, −z1. */
  private static void gradientRow(FloatVector z0, FloatVector z1, float[] dm, int at, int xiStride) {
    z0.intoArray(dm, at);
    z0.add(z1).intoArray(dm, at + xiStride);
    z0.sub(z1).intoArray(dm, at + 2 * xiStride);
    z1.neg().intoArray(dm, at + 3 * xiStride);
  }

  @Override
  public void kernel(float[] g, int gOff, float[] u, int uOff, int uStride) {
    // G·g, one column of g at a time, then each of its rows times Gᵀ
    float g0 = g[gOff];
    float g1 = g[gOff + 1];
    float g2 = g[gOff + 2];
    float g3 = g[gOff + 3];
    float g4 = g[gOff + 4];
    float g5 = g[gOff + 5];
    float g6 = g[gOff + 6];
    float g7 = g[gOff + 7];
    float g8 = g[gOff + 8];
    kernelRow(g0, g1, g2, u, uOff, uStride);
    kernelRow(0.5f * (g0 + g3 + g6), 0.5f * (g1 + g4 + g7), 0.5f * (g2 + g5 + g8), u, uOff + 4 * uStride, uStride);
    kernelRow(0.5f * (g0 - g3 + g6), 0.5f * (g1 - g4 + g7), 0.5f * (g2 - g5 + g8), u, uOff + 8 * uStride, uStride);
    kernelRow(g6, g7, g8, u, uOff + 12 * uStride, uStride);
  }

  /** One row of U: the row (a, b, c) of G·g times Gᵀ. */
  private static void kernelRow(float a, float b, float c, float[] u, int uOff, int uStride) {
    u[uOff] = a;
    u[uOff + uStride] = 0.5f * (a + b + c);
    u[uOff + 2 * uStride] = 0.5f * (a - b + c);
    u[uOff + 3 * uStride] = c;
  }


  @Override
  public void kernelGradient(float[] du, int duOff, int duStride, float[] dg, int dgOff) {
    // Gᵀ·dU (3×4): row 0 is dU₀ + ½(dU₁ + dU₂), row 1 ½(dU₁ − dU₂), row 2 ½(dU₁ + dU₂) + dU₃ (dUᵢ its
    // rows); then each row times G
    int r1 = duOff + 4 * duStride;
    int r2 = duOff + 8 * duStride;
    int r3 = duOff + 12 * duStride;
    gradientRow(du, duOff, r1, r2, r3, duStride, 1f, 0.5f, 0.5f, 0f, dg, dgOff);
    gradientRow(du, duOff, r1, r2, r3, duStride, 0f, 0.5f, -0.5f, 0f, dg, dgOff + 3);
    gradientRow(du, duOff, r1, r2, r3, duStride, 0f, 0.5f, 0.5f, 1f, dg, dgOff + 6);
  }

  /**
   * Row i of dg: the row of Gᵀ·dU whose coefficients on dU's rows are (k0..k3), times G. The
   * coefficients are 0, ±½ and 1, so each product is exact.
   */
  private static void gradientRow(float[] du, int r0, int r1, int r2, int r3, int duStride, float k0, float k1,
      float k2, float k3, float[] dg, int dgOff) {
    float u0 = k0 * du[r0] + (k1 * du[r1] + k2 * du[r2]) + k3 * du[r3];
    float u1 = k0 * du[r0 + duStride] + (k1 * du[r1 + duStride] + k2 * du[r2 + duStride]) + k3 * du[r3 + duStride];
    float u2 = k0 * du[r0 + 2 * duStride] + (k1 * du[r1 + 2 * duStride] + k2 * du[r2 + 2 * duStride])
        + k3 * du[r3 + 2 * duStride];
    float u3 = k0 * du[r0 + 3 * duStride] + (k1 * du[r1 + 3 * duStride] + k2 * du[r2 + 3 * duStride])
        + k3 * du[r3 + 3 * duStride];
    dg[dgOff] = u0 + 0.5f * (u1 + u2);
    dg[dgOff + 1] = 0.5f * (u1 - u2);
    dg[dgOff + 2] = 0.5f * (u1 + u2) + u3;
  }
}

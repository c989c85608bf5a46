// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradTransforms} on the Vector API, one tile per lane. Only loaded when the incubator
 * module is present.
 */
final class VectorWinogradTransforms implements WinogradTransforms {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();
  /** Lane j takes lane j/2 (LOW) or L/2 + j/2 (HIGH) of the vector rearranged. */
  private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(S, j -> j / 2);
  private static final VectorShuffle<Float> ZIP_HIGH = VectorShuffle.fromOp(S, j -> L / 2 + j / 2);
  /** The odd lanes. */
  private static final VectorMask<Float> ODD = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL);

  @Override
  public int lanes() {
    return L;
  }

  @Override
  public void input(int tiles, float[] even, int evenOff, float[] odd, int oddOff, int rowStride, float[] v, int vOff,
      int xiStride) {
    for (int t = 0; t < tiles; t += L) {
      // Column j of d·B takes columns 2t..2t+3 of each row (even t, odd t, even t+1, odd t+1): c0 − c2,
      // c1 + c2, c2 − c1, c1 − c3. One column at a time keeps its 4 rows live; Bᵀ then combines them.
      int e = evenOff + t;
      int o = oddOff + t;
      int at = vOff + t;
      for (int j = 0; j < 4; j++, at += xiStride) {
        combine(column(j, even, e, odd, o), column(j, even, e + rowStride, odd, o + rowStride),
            column(j, even, e + 2 * rowStride, odd, o + 2 * rowStride),
            column(j, even, e + 3 * rowStride, odd, o + 3 * rowStride), v, at, xiStride);
      }
    }
  }

  /** Column j of Bᵀ·(d·B) from column j of d·B's rows d0..d3: d0 − d2, d1 + d2, d2 − d1, d1 − d3. */
  private static void combine(FloatVector d0, FloatVector d1, FloatVector d2, FloatVector d3, float[] v, int at,
      int xiStride) {
    d0.sub(d2).intoArray(v, at);
    d1.add(d2).intoArray(v, at + 4 * xiStride);
    d2.sub(d1).intoArray(v, at + 8 * xiStride);
    d1.sub(d3).intoArray(v, at + 12 * xiStride);
  }

  /** Column j of (row · B) for one input row, its columns c0 and c2 in the even phase at e, e + 1, c1 and c3 in the odd. */
  private static FloatVector column(int j, float[] even, int e, float[] odd, int o) {
    if (j == 0) {
      return FloatVector.fromArray(S, even, e).sub(FloatVector.fromArray(S, even, e + 1));
    } else if (j == 1) {
      return FloatVector.fromArray(S, odd, o).add(FloatVector.fromArray(S, even, e + 1));
    } else if (j == 2) {
      return FloatVector.fromArray(S, even, e + 1).sub(FloatVector.fromArray(S, odd, o));
    }
    return FloatVector.fromArray(S, odd, o).sub(FloatVector.fromArray(S, odd, o + 1));
  }

  @Override
  public void output(int tiles, float[] m, int mOff, int xiStride, float[] dst, int dstOff, int dstStride) {
    for (int t = 0; t < tiles; t += L) {
      // Aᵀ·M by rows: r0 = M₀ + M₁ + M₂, r1 = M₁ − M₂ − M₃ (Mᵢ row i of M, one vector per column);
      // then r·A by columns, the two output columns zipped into consecutive pixels.
      int at = mOff + t;
      FloatVector r00 = row0(m, at, xiStride);
      FloatVector r01 = row0(m, at + xiStride, xiStride);
      FloatVector r02 = row0(m, at + 2 * xiStride, xiStride);
      FloatVector r03 = row0(m, at + 3 * xiStride, xiStride);
      store(r00.add(r01).add(r02), r01.sub(r02).sub(r03), dst, dstOff + 2 * t);
      FloatVector r10 = row1(m, at, xiStride);
      FloatVector r11 = row1(m, at + xiStride, xiStride);
      FloatVector r12 = row1(m, at + 2 * xiStride, xiStride);
      FloatVector r13 = row1(m, at + 3 * xiStride, xiStride);
      store(r10.add(r11).add(r12), r11.sub(r12).sub(r13), dst, dstOff + dstStride + 2 * t);
    }
  }

  /** Row 0 of Aᵀ·M at one column: M₀ + M₁ + M₂ (rows 4 positions apart). */
  private static FloatVector row0(float[] m, int at, int xiStride) {
    return FloatVector.fromArray(S, m, at).add(FloatVector.fromArray(S, m, at + 4 * xiStride))
        .add(FloatVector.fromArray(S, m, at + 8 * xiStride));
  }

  /** Row 1 of Aᵀ·M at one column: M₁ − M₂ − M₃. */
  private static FloatVector row1(float[] m, int at, int xiStride) {
    return FloatVector.fromArray(S, m, at + 4 * xiStride).sub(FloatVector.fromArray(S, m, at + 8 * xiStride))
        .sub(FloatVector.fromArray(S, m, at + 12 * xiStride));
  }

  /** Pixels 2t and 2t + 1 of each tile t in the lanes: the two vectors zipped. */
  private static void store(FloatVector left, FloatVector right, float[] dst, int at) {
    left.rearrange(ZIP_LOW).blend(right.rearrange(ZIP_LOW), ODD).intoArray(dst, at);
    left.rearrange(ZIP_HIGH).blend(right.rearrange(ZIP_HIGH), ODD).intoArray(dst, at + L);
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
}

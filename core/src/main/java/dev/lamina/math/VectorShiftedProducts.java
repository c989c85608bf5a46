// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The parts of {@link ShiftedProducts} on the Vector API that do not depend on the tiles: pad,
 * unpad, transpose, column sums and packing A in row panels ({@link #panelRows}). A subclass per
 * register file gives the tiles of {@link #product} and {@link #gradient}: {@link ShiftedProducts32}
 * for 32 vector registers, {@link ShiftedProducts16} for 16. Only loaded when the incubator module
 * is present.
 */
abstract class VectorShiftedProducts implements ShiftedProducts {
  static final VectorSpecies<Float> S = VectorMatMul.S;
  static final int L = S.length();
  /** Whether gathers compile to gather instructions (see {@link Packing}). */
  private static final boolean GATHERS = L >= 16;

  private final ThreadLocal<int[]> gatherMap = ThreadLocal.withInitial(() -> new int[L]);

  /**
   * The rows of the product tile whose panel starts at row {@code row} of an A padded to
   * {@code rows} = {@link #productRows}(m) rows: A is packed panel by panel, panel-major
   * ({@code packed[row·k + p·panelRows + r]}).
   */
  abstract int panelRows(int rows, int row);

  @Override
  public final int columnBlock() {
    return L;
  }

  @Override
  public final int lanes() {
    return L;
  }

  @Override
  public final void pad(int rows, int width, float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
      int dstStride) {
    if (width >= L) {
      copy(rows, width, src, srcOff, srcStride, dst, dstOff, dstStride, 0f);
      return;
    }
    if (2 * dstStride < L) {
      copyScalar(rows, width, src, srcOff, srcStride, dst, dstOff, dstStride, 0f);
      return;
    }
    // One vector per row, spilling past the row's end; the spill reaches at most the gap after the
    // next row (2·dstStride ≥ L), so writing that row and then zeroing its gap undoes it. Rows
    // too close to the end of either array go one float at a time.
    int start = dstOff;
    int last = -1;
    int r = 0;
    for (; r < rows && srcOff + L <= src.length && dstOff + L <= dst.length; r++) {
      FloatVector.fromArray(S, src, srcOff).intoArray(dst, dstOff);
      for (int j = dstOff + width, gap = dstOff + dstStride; j < gap; j++) {
        dst[j] = 0f;
      }
      last = dstOff;
      srcOff += srcStride;
      dstOff += dstStride;
    }
    copyScalar(rows - r, width, src, srcOff, srcStride, dst, dstOff, dstStride, 0f);
    if (last >= 0) { // the last vector's spill, where no later row wrote its pixels
      for (int j = last + width, end = Math.min(dst.length, last + L); j < end; j++) {
        int at = j - start;
        if (at >= rows * dstStride || at % dstStride >= width) {
          dst[j] = 0f;
        }
      }
    }
  }

  @Override
  public final void unpad(int rows, int width, float[] src, int srcOff, int srcStride, float[] dst, int dstOff, float add) {
    if (width >= L) {
      copy(rows, width, src, srcOff, srcStride, dst, dstOff, width, add);
      return;
    }
    // One vector per row, spilling into the rows after it, which are written later; the rows
    // whose spill would leave the plane one float at a time.
    FloatVector a = FloatVector.broadcast(S, add);
    int r = 0;
    for (; r * width + L <= rows * width; r++, srcOff += srcStride, dstOff += width) {
      FloatVector.fromArray(S, src, srcOff).add(a).intoArray(dst, dstOff);
    }
    copyScalar(rows - r, width, src, srcOff, srcStride, dst, dstOff, width, add);
  }

  /** Rows of at least one vector: whole vectors, the last one ending at the row's end. */
  private static void copy(int rows, int width, float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
      int dstStride, float add) {
    FloatVector a = FloatVector.broadcast(S, add);
    int last = width - L;
    for (int r = 0; r < rows; r++, srcOff += srcStride, dstOff += dstStride) {
      for (int j = 0; j < last; j += L) {
        FloatVector.fromArray(S, src, srcOff + j).add(a).intoArray(dst, dstOff + j);
      }
      FloatVector.fromArray(S, src, srcOff + last).add(a).intoArray(dst, dstOff + last);
    }
  }

  private static void copyScalar(int rows, int width, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride, float add) {
    for (int r = 0; r < rows; r++, srcOff += srcStride, dstOff += dstStride) {
      for (int j = 0; j < width; j++) {
        dst[dstOff + j] = src[srcOff + j] + add;
      }
    }
  }

  @Override
  public final void columnSums(int rows, float[] d, int dOff, int ldd, double[] sums) {
    for (int f = 0; f < ldd; f += L) {
      FloatVector sum = FloatVector.zero(S);
      for (int r = 0, at = dOff + f; r < rows; r++, at += ldd) {
        sum = sum.add(FloatVector.fromArray(S, d, at));
      }
      for (int l = 0; l < L; l++) {
        sums[f + l] += sum.lane(l);
      }
    }
  }

  @Override
  public final void transpose(int rows, int cols, float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
      int dstStride) {
    int gathered = 0;
    if (GATHERS && rows >= L) {
      gathered = rows - rows % L;
      int[] map = gatherMap(srcStride);
      for (int c = 0; c < cols; c++) {
        for (int r = 0; r < gathered; r += L) {
          FloatVector.fromArray(S, src, srcOff + r * srcStride + c, map, 0).intoArray(dst, dstOff + c * dstStride + r);
        }
      }
    }
    // Column by column, so that the writes are consecutive: a third faster than row by row.
    for (int c = 0; c < cols; c++) {
      for (int r = gathered; r < rows; r++) {
        dst[dstOff + c * dstStride + r] = src[srcOff + r * srcStride + c];
      }
    }
  }

  /** The offsets 0, stride, 2·stride, ... of one gather, made once per stride and thread. */
  private int[] gatherMap(int stride) {
    int[] map = gatherMap.get();
    if (map[1] != stride) {
      for (int l = 0; l < L; l++) {
        map[l] = l * stride;
      }
    }
    return map;
  }

  @Override
  public final void pack(int m, int k, float[] a, int aOff, float[] packed) {
    int rows = productRows(m);
    for (int first = 0, mr = 0; first < rows; first += mr) {
      mr = panelRows(rows, first);
      int base = first * k;
      for (int r = 0; r < mr; r++) {
        int row = first + r;
        if (row < m) {
          for (int p = 0, from = aOff + row * k; p < k; p++) {
            packed[base + p * mr + r] = a[from + p];
          }
        } else {
          for (int p = 0; p < k; p++) {
            packed[base + p * mr + r] = 0f;
          }
        }
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

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
  /** Whether {@link #transpose} goes in 8×8 blocks transposed in registers (no fast gather). */
  private static final boolean BLOCKS = L == 8;
  /** Lane j takes lane j − s (RIGHT) or j + s (LEFT) of the vector rearranged, for s = 1, 2, 4. */
  private static final VectorShuffle<Float> RIGHT1 = rotation(-1);
  private static final VectorShuffle<Float> RIGHT2 = rotation(-2);
  private static final VectorShuffle<Float> RIGHT4 = rotation(-4);
  private static final VectorShuffle<Float> LEFT1 = rotation(1);
  private static final VectorShuffle<Float> LEFT2 = rotation(2);
  private static final VectorShuffle<Float> LEFT4 = rotation(4);
  /** The lanes whose index has bit s set (HIGH) or clear (LOW). */
  private static final VectorMask<Float> HIGH1 = lanesWithBit(1, true);
  private static final VectorMask<Float> HIGH2 = lanesWithBit(2, true);
  private static final VectorMask<Float> HIGH4 = lanesWithBit(4, true);
  private static final VectorMask<Float> LOW1 = lanesWithBit(1, false);
  private static final VectorMask<Float> LOW2 = lanesWithBit(2, false);
  private static final VectorMask<Float> LOW4 = lanesWithBit(4, false);

  /** Lane j < L/2 takes lane 2j (LOW) or lane j ≥ L/2 takes lane 2j − L (HIGH) of the vector rearranged. */
  private static final VectorShuffle<Float> EVENS_LOW = VectorShuffle.fromOp(S, j -> j < L / 2 ? 2 * j : 0);
  private static final VectorShuffle<Float> EVENS_HIGH = VectorShuffle.fromOp(S, j -> j < L / 2 ? 0 : 2 * j - L);
  /** Lane j takes lane j/2 (LOW) or L/2 + j/2 (HIGH) of the vector rearranged. */
  private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(S, j -> j / 2);
  private static final VectorShuffle<Float> ZIP_HIGH = VectorShuffle.fromOp(S, j -> L / 2 + j / 2);
  /** The upper half of the lanes. */
  private static final VectorMask<Float> UPPER = lanesWithBit(L / 2, true);

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
  public final void everyOther(int rows, int count, float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
      int dstStride) {
    // Whole vectors, the last one ending at the row's end, or one vector and zeros past count (a
    // scalar loop over a short row costs more). Rows whose vectors would read or write past the end
    // of either array go one float at a time.
    int last = Math.max(count - L, 0);
    int r = 0;
    for (; r < rows && srcOff + 2 * (last + L) <= src.length && dstOff + Math.max(count, L) <= dst.length; r++) {
      for (int j = 0; j < last; j += L) {
        evens(src, srcOff + 2 * j).intoArray(dst, dstOff + j);
      }
      evens(src, srcOff + 2 * last).intoArray(dst, dstOff + last);
      for (int j = dstOff + count; j < dstOff + L; j++) {
        dst[j] = 0f;
      }
      srcOff += srcStride;
      dstOff += dstStride;
    }
    for (; r < rows; r++, srcOff += srcStride, dstOff += dstStride) {
      for (int j = 0; j < count; j++) {
        dst[dstOff + j] = src[srcOff + 2 * j];
      }
    }
  }

  @Override
  public final void quarters(int rows, int width, int shift, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int plane, int dstStride) {
    // One float at a time, four per step once at phase 0: gathers ran at a third of the speed (Zen
    // 3), permutes need as many instructions, and one phase per call made loops too short
    for (int r = 0; r < rows; r++, srcOff += srcStride, dstOff += dstStride) {
      int c = 0;
      for (; c < width && ((c + shift) & 3) != 0; c++) {
        dst[dstOff + ((c + shift) & 3) * plane + ((c + shift) >> 2)] = src[srcOff + c];
      }
      for (; c + 3 < width; c += 4) {
        int to = dstOff + ((c + shift) >> 2);
        dst[to] = src[srcOff + c];
        dst[to + plane] = src[srcOff + c + 1];
        dst[to + 2 * plane] = src[srcOff + c + 2];
        dst[to + 3 * plane] = src[srcOff + c + 3];
      }
      for (; c < width; c++) {
        dst[dstOff + ((c + shift) & 3) * plane + ((c + shift) >> 2)] = src[srcOff + c];
      }
    }
  }

  /** The even lanes of the two vectors at {@code src[at]}: two permutes and a blend. */
  private static FloatVector evens(float[] src, int at) {
    FloatVector low = FloatVector.fromArray(S, src, at).rearrange(EVENS_LOW);
    FloatVector high = FloatVector.fromArray(S, src, at + L).rearrange(EVENS_HIGH);
    return low.blend(high, UPPER);
  }

  @Override
  public final void interleave(int rows, int width, float[] even, int evenOff, float[] odd, int oddOff, int srcStride,
      float[] dst, int dstOff, int dstStride) {
    // Pairs of vectors, then one vector ending at the row's end (of even width: the lanes keep
    // their parity). Odd or short rows, and rows whose loads would leave the arrays (they read up
    // to L floats past width/2), go one float at a time.
    int r = 0;
    if (width % 2 == 0 && width >= L) {
      for (; r < rows && evenOff + width / 2 + L <= even.length && oddOff + width / 2 + L <= odd.length; r++) {
        int x = 0;
        for (; x + 2 * L <= width; x += 2 * L) {
          zip(ZIP_LOW, even, evenOff + x / 2, odd, oddOff + x / 2).intoArray(dst, dstOff + x);
          zip(ZIP_HIGH, even, evenOff + x / 2, odd, oddOff + x / 2).intoArray(dst, dstOff + x + L);
        }
        if (width - x > L) {
          zip(ZIP_LOW, even, evenOff + x / 2, odd, oddOff + x / 2).intoArray(dst, dstOff + x);
        }
        if (x < width) {
          int y = width - L;
          zip(ZIP_LOW, even, evenOff + y / 2, odd, oddOff + y / 2).intoArray(dst, dstOff + y);
        }
        evenOff += srcStride;
        oddOff += srcStride;
        dstOff += dstStride;
      }
    }
    for (; r < rows; r++, evenOff += srcStride, oddOff += srcStride, dstOff += dstStride) {
      for (int j = 0; 2 * j < width; j++) {
        dst[dstOff + 2 * j] = even[evenOff + j];
      }
      for (int j = 0; 2 * j + 1 < width; j++) {
        dst[dstOff + 2 * j + 1] = odd[oddOff + j];
      }
    }
  }

  /** Half of the lanes of the vectors at even[e] and odd[o], alternating: permutes and a blend. */
  private static FloatVector zip(VectorShuffle<Float> half, float[] even, int e, float[] odd, int o) {
    FloatVector evens = FloatVector.fromArray(S, even, e).rearrange(half);
    return evens.blend(FloatVector.fromArray(S, odd, o).rearrange(half), HIGH1);
  }

  @Override
  public final void unpad(int rows, int width, float[] src, int srcOff, int srcStride, float @Nullable [] dst,
      int dstOff, float add, float @Nullable [] relu) {
    if (width >= L) {
      if (relu == null) {
        copy(rows, width, src, srcOff, srcStride, Objects.requireNonNull(dst, "dst"), dstOff, width, add);
      } else if (dst == null) {
        copyRelu(rows, width, src, srcOff, srcStride, dstOff, add, relu);
      } else {
        copyAndRelu(rows, width, src, srcOff, srcStride, dst, dstOff, add, relu);
      }
      return;
    }
    // One vector per row, spilling into the rows after it, which are written later; the rows
    // whose spill would leave the plane one float at a time.
    FloatVector a = FloatVector.broadcast(S, add);
    FloatVector zero = FloatVector.zero(S);
    int r = 0;
    for (; r * width + L <= rows * width; r++, srcOff += srcStride, dstOff += width) {
      FloatVector v = FloatVector.fromArray(S, src, srcOff).add(a);
      if (dst != null) {
        v.intoArray(dst, dstOff);
      }
      if (relu != null) {
        v.max(zero).intoArray(relu, dstOff);
      }
    }
    for (; r < rows; r++, srcOff += srcStride, dstOff += width) {
      for (int j = 0; j < width; j++) {
        float v = src[srcOff + j] + add;
        if (dst != null) {
          dst[dstOff + j] = v;
        }
        if (relu != null) {
          relu[dstOff + j] = Math.max(v, 0f);
        }
      }
    }
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

  /** As {@link #copy} into a dense plane, also writing max(value, 0) to relu. */
  /** As {@link #copy}, also writing max(value, 0) to relu at the same offsets. */
  private static void copyAndRelu(int rows, int width, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, float add, float[] relu) {
    FloatVector a = FloatVector.broadcast(S, add);
    FloatVector zero = FloatVector.zero(S);
    int last = width - L;
    for (int r = 0; r < rows; r++, srcOff += srcStride, dstOff += width) {
      for (int j = 0; j < last; j += L) {
        FloatVector v = FloatVector.fromArray(S, src, srcOff + j).add(a);
        v.intoArray(dst, dstOff + j);
        v.max(zero).intoArray(relu, dstOff + j);
      }
      FloatVector v = FloatVector.fromArray(S, src, srcOff + last).add(a);
      v.intoArray(dst, dstOff + last);
      v.max(zero).intoArray(relu, dstOff + last);
    }
  }

  /** Only max(value, 0), to relu (dense rows of width): an inference pass keeps no z. */
  private static void copyRelu(int rows, int width, float[] src, int srcOff, int srcStride, int dstOff, float add,
      float[] relu) {
    FloatVector a = FloatVector.broadcast(S, add);
    FloatVector zero = FloatVector.zero(S);
    int last = width - L;
    for (int r = 0; r < rows; r++, srcOff += srcStride, dstOff += width) {
      for (int j = 0; j < last; j += L) {
        FloatVector.fromArray(S, src, srcOff + j).add(a).max(zero).intoArray(relu, dstOff + j);
      }
      FloatVector.fromArray(S, src, srcOff + last).add(a).max(zero).intoArray(relu, dstOff + last);
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
    if (transposeBlocks(rows, cols, src, srcOff, srcStride, dst, dstOff, dstStride)) {
      return;
    }
    int gathered = 0;
    if (VectorInstructions.INDEXED && rows >= L) {
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

  /**
   * With 8 lanes, blocks of 8 rows and 8 columns, the last block of each ending at the last row or
   * column (overlapping the one before it, which writes the same values): rows read as vectors,
   * transposed in registers, written as vectors. Twice fewer instructions than a float at a time.
   */
  private static boolean transposeBlocks(int rows, int cols, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride) {
    if (!BLOCKS || rows < 8 || cols < 8) {
      return false;
    }
    for (int c = 0; ; c = Math.min(c + 8, cols - 8)) {
      for (int r = 0; ; r = Math.min(r + 8, rows - 8)) {
        transpose8(src, srcOff + r * srcStride + c, srcStride, dst, dstOff + c * dstStride + r, dstStride);
        if (r == rows - 8) {
          break;
        }
      }
      if (c == cols - 8) {
        return true;
      }
    }
  }

  /**
   * One 8×8 block: three stages exchanging blocks of 1, 2, then 4 lanes between rows s apart
   * (a rotation and a blend each way), after which row c holds column c.
   */
  private static void transpose8(float[] src, int s, int srcStride, float[] dst, int d, int dstStride) {
    FloatVector v0 = FloatVector.fromArray(S, src, s);
    FloatVector v1 = FloatVector.fromArray(S, src, s + srcStride);
    FloatVector v2 = FloatVector.fromArray(S, src, s + 2 * srcStride);
    FloatVector v3 = FloatVector.fromArray(S, src, s + 3 * srcStride);
    FloatVector v4 = FloatVector.fromArray(S, src, s + 4 * srcStride);
    FloatVector v5 = FloatVector.fromArray(S, src, s + 5 * srcStride);
    FloatVector v6 = FloatVector.fromArray(S, src, s + 6 * srcStride);
    FloatVector v7 = FloatVector.fromArray(S, src, s + 7 * srcStride);
    FloatVector t0 = v0.blend(v1.rearrange(RIGHT1), HIGH1);
    FloatVector t1 = v1.blend(v0.rearrange(LEFT1), LOW1);
    FloatVector t2 = v2.blend(v3.rearrange(RIGHT1), HIGH1);
    FloatVector t3 = v3.blend(v2.rearrange(LEFT1), LOW1);
    FloatVector t4 = v4.blend(v5.rearrange(RIGHT1), HIGH1);
    FloatVector t5 = v5.blend(v4.rearrange(LEFT1), LOW1);
    FloatVector t6 = v6.blend(v7.rearrange(RIGHT1), HIGH1);
    FloatVector t7 = v7.blend(v6.rearrange(LEFT1), LOW1);
    v0 = t0.blend(t2.rearrange(RIGHT2), HIGH2);
    v2 = t2.blend(t0.rearrange(LEFT2), LOW2);
    v1 = t1.blend(t3.rearrange(RIGHT2), HIGH2);
    v3 = t3.blend(t1.rearrange(LEFT2), LOW2);
    v4 = t4.blend(t6.rearrange(RIGHT2), HIGH2);
    v6 = t6.blend(t4.rearrange(LEFT2), LOW2);
    v5 = t5.blend(t7.rearrange(RIGHT2), HIGH2);
    v7 = t7.blend(t5.rearrange(LEFT2), LOW2);
    v0.blend(v4.rearrange(RIGHT4), HIGH4).intoArray(dst, d);
    v1.blend(v5.rearrange(RIGHT4), HIGH4).intoArray(dst, d + dstStride);
    v2.blend(v6.rearrange(RIGHT4), HIGH4).intoArray(dst, d + 2 * dstStride);
    v3.blend(v7.rearrange(RIGHT4), HIGH4).intoArray(dst, d + 3 * dstStride);
    v4.blend(v0.rearrange(LEFT4), LOW4).intoArray(dst, d + 4 * dstStride);
    v5.blend(v1.rearrange(LEFT4), LOW4).intoArray(dst, d + 5 * dstStride);
    v6.blend(v2.rearrange(LEFT4), LOW4).intoArray(dst, d + 6 * dstStride);
    v7.blend(v3.rearrange(LEFT4), LOW4).intoArray(dst, d + 7 * dstStride);
  }

  private static VectorShuffle<Float> rotation(int by) {
    return VectorShuffle.fromOp(S, j -> Math.floorMod(j + by, L));
  }

  private static VectorMask<Float> lanesWithBit(int bit, boolean set) {
    boolean[] lanes = new boolean[L];
    for (int j = 0; j < L; j++) {
      lanes[j] = (j & bit) != 0 == set;
    }
    return VectorMask.fromArray(S, lanes, 0);
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

  /**
   * The 12×1-vector tile of {@link #gradient}, rows p0.., columns from dOff and cOff: 14 live
   * vectors, so both register files use it.
   */
  static void gradient12x1(int n, int p0, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd, float[] c, int cOff) {
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
    FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldd);
    FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldd);
    FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldd);
    FloatVector c40 = FloatVector.fromArray(S, c, cOff + 4 * ldd);
    FloatVector c50 = FloatVector.fromArray(S, c, cOff + 5 * ldd);
    FloatVector c60 = FloatVector.fromArray(S, c, cOff + 6 * ldd);
    FloatVector c70 = FloatVector.fromArray(S, c, cOff + 7 * ldd);
    FloatVector c80 = FloatVector.fromArray(S, c, cOff + 8 * ldd);
    FloatVector c90 = FloatVector.fromArray(S, c, cOff + 9 * ldd);
    FloatVector c100 = FloatVector.fromArray(S, c, cOff + 10 * ldd);
    FloatVector c110 = FloatVector.fromArray(S, c, cOff + 11 * ldd);
    for (int j = 0, di = dOff; j < n; j++, di += ldd) {
      FloatVector d0 = FloatVector.fromArray(S, d, di);
      FloatVector x0 = FloatVector.broadcast(S, b[o0 + j]);
      c00 = d0.fma(x0, c00);
      FloatVector x1 = FloatVector.broadcast(S, b[o1 + j]);
      c10 = d0.fma(x1, c10);
      FloatVector x2 = FloatVector.broadcast(S, b[o2 + j]);
      c20 = d0.fma(x2, c20);
      FloatVector x3 = FloatVector.broadcast(S, b[o3 + j]);
      c30 = d0.fma(x3, c30);
      FloatVector x4 = FloatVector.broadcast(S, b[o4 + j]);
      c40 = d0.fma(x4, c40);
      FloatVector x5 = FloatVector.broadcast(S, b[o5 + j]);
      c50 = d0.fma(x5, c50);
      FloatVector x6 = FloatVector.broadcast(S, b[o6 + j]);
      c60 = d0.fma(x6, c60);
      FloatVector x7 = FloatVector.broadcast(S, b[o7 + j]);
      c70 = d0.fma(x7, c70);
      FloatVector x8 = FloatVector.broadcast(S, b[o8 + j]);
      c80 = d0.fma(x8, c80);
      FloatVector x9 = FloatVector.broadcast(S, b[o9 + j]);
      c90 = d0.fma(x9, c90);
      FloatVector x10 = FloatVector.broadcast(S, b[o10 + j]);
      c100 = d0.fma(x10, c100);
      FloatVector x11 = FloatVector.broadcast(S, b[o11 + j]);
      c110 = d0.fma(x11, c110);
    }
    c00.intoArray(c, cOff);
    c10.intoArray(c, cOff + 1 * ldd);
    c20.intoArray(c, cOff + 2 * ldd);
    c30.intoArray(c, cOff + 3 * ldd);
    c40.intoArray(c, cOff + 4 * ldd);
    c50.intoArray(c, cOff + 5 * ldd);
    c60.intoArray(c, cOff + 6 * ldd);
    c70.intoArray(c, cOff + 7 * ldd);
    c80.intoArray(c, cOff + 8 * ldd);
    c90.intoArray(c, cOff + 9 * ldd);
    c100.intoArray(c, cOff + 10 * ldd);
    c110.intoArray(c, cOff + 11 * ldd);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import org.jspecify.annotations.Nullable;

/**
 * Matrix products whose operand B is a set of windows of one array: row p of B is
 * {@code b[bOff + offsets[p] ..]}, so that rows may overlap. A convolution with stride 1 is such a
 * product without copying its patches (an implicit GEMM): when the image is stored with zero
 * padding and a row stride of its own, the patch row of tap (channel, a, b) over consecutive output
 * pixels is the image itself, shifted by {@code channel·plane + a·rowStride + b}.
 *
 * <p>Two products, each split into tiles whose sizes the caller pads to:
 *
 * <ul>
 *   <li>{@link #product}: {@code C[r][j] = Σ_p A[r][p]·B[p][j]}, the forward pass, with A packed by
 *       {@link #pack}; rows are computed in panels, A's m rows padded to {@link #productRows}, and
 *       columns in blocks of {@link #columnBlock()}.
 *   <li>{@link #gradient}: {@code C[p][f] += Σ_j B[p][j]·D[j][f]}, the kernel gradient, with D the
 *       output gradient transposed (one row per pixel); rows are computed in blocks of
 *       {@link #gradientRowBlock()} and columns in whole vectors of {@link #lanes()}.
 * </ul>
 *
 * Each element of C is computed by the same operations in the same order whichever tile or
 * thread computes it, so callers that split the tiles among threads get bit-identical results.
 * {@link MatMuls#shifted()} gives the implementation for this machine.
 */
public interface ShiftedProducts {

  /**
   * The rows of the packed A and of C that {@link #product} computes for an A of m rows: m rounded
   * up to what its tiles' row panels add up to.
   */
  int productRows(int m);

  /** Columns of C computed together by {@link #product}: C has a multiple of it per row. */
  int columnBlock();

  /** Rows of C computed together by {@link #gradient}: its row range is a multiple of it. */
  int gradientRowBlock();

  /** Floats per vector: the columns of D and C in {@link #gradient} are a multiple of it. */
  int lanes();

  /** The length of A packed by {@link #pack}: {@link #productRows}(m) times k. */
  default int packedSize(int m, int k) {
    return productRows(m) * k;
  }

  /** n rounded up to a multiple of block. */
  static int roundUp(int n, int block) {
    return (n + block - 1) / block * block;
  }

  /**
   * Copies {@code rows} rows of {@code width} floats from {@code src[srcOff + r·srcStride]} into the
   * rows of a zero-padded plane, {@code dst[dstOff + r·dstStride]} (dstStride &gt; width), leaving
   * every other float of the plane as it was: zeros stay zeros. Modified: dst.
   */
  void pad(int rows, int width, float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride);

  /**
   * {@code dst[dstOff + r·dstStride + j] = src[srcOff + r·srcStride + 2j]} for r &lt; rows, j &lt; count:
   * one column phase of image rows for a convolution with stride 2. When count is below
   * {@link #lanes()}, each row may also write zeros up to {@code lanes()} floats from its start, so
   * the caller's layout must hold zeros or floats written later there (rows are written in order).
   * Modified: dst.
   */
  void everyOther(int rows, int count, float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride);

  /**
   * The four column phases of image rows, for Winograd's F(4×4, 3×3): float c of row r, at padded
   * column k = c + shift, to {@code dst[dstOff + (k mod 4)·plane + r·dstStride + k/4]}, for
   * r &lt; rows and c &lt; width. Nothing else of dst is written. Modified: dst.
   */
  void quarters(int rows, int width, int shift, float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
      int plane, int dstStride);

  /**
   * {@code dst[dstOff + r·dstStride + 2j] = even[evenOff + r·srcStride + j]} and
   * {@code dst[dstOff + r·dstStride + 2j + 1] = odd[oddOff + r·srcStride + j]} for r &lt; rows and the
   * {@code width} floats of each row of dst: the two column phases of image rows for a convolution
   * with stride 2, put back together (the adjoint of {@link #everyOther}). Nothing else of dst is
   * written. Modified: dst.
   */
  void interleave(int rows, int width, float[] even, int evenOff, float[] odd, int oddOff, int srcStride, float[] dst,
      int dstOff, int dstStride);

  /**
   * Copies {@code rows} rows of {@code width} floats from {@code src[srcOff + r·srcStride]} to the
   * dense plane at {@code dst[dstOff]} (row stride width), adding {@code add} to each; nothing
   * outside the plane is written. When relu is not null, also writes {@code max(value, 0)} to it at
   * the same offsets as dst (a ReLU fused with the copy); dst may then be null, for the ReLU alone.
   * src must hold a vector's floats from the start of every row read. Modified: dst, relu.
   */
  void unpad(int rows, int width, float[] src, int srcOff, int srcStride, float @Nullable [] dst, int dstOff,
      float add, float @Nullable [] relu);

  /**
   * {@code dst[dstOff + c·dstStride + r] = src[srcOff + r·srcStride + c]} for r &lt; rows, c &lt; cols.
   * Modified: dst.
   */
  void transpose(int rows, int cols, float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride);

  /**
   * {@code sums[f] += Σ_{r<rows} d[dOff + r·ldd + f]} for f &lt; ldd (a multiple of {@link #lanes()}):
   * each column summed in float over the rows, then added in double. Modified: sums.
   */
  void columnSums(int rows, float[] d, int dOff, int ldd, double[] sums);

  /**
   * Packs the m×k row-major A at {@code a[aOff]} (row stride k) for {@link #product}, rows past m
   * zero. Modified: packed.
   */
  void pack(int m, int k, float[] a, int aOff, float[] packed);

  /**
   * {@code C[r][j] = Σ_{p<k} A[r][p]·b[bOff + offsets[p] + j]} for every r below
   * {@link #productRows}(m) and j below n rounded up to {@link #columnBlock()}, into
   * {@code c[cOff + r·ldc + j]}. b must hold every window read, up to the rounded n. Modified: c.
   */
  void product(int m, int n, int k, float[] packedA, int[] offsets, float[] b, int bOff, float[] c, int cOff,
      int ldc);

  /**
   * {@code C[p][f] += Σ_{j<n} b[bOff + offsets[p] + j]·d[dOff + j·ldd + f]} for rows p from p0 to
   * p1 (both multiples of {@link #gradientRowBlock()}, offsets holding an entry for each) and
   * columns f below ldd (a multiple of {@link #lanes()}), into {@code c[p·ldd + f]}. Modified: c.
   */
  void gradient(int n, int p0, int p1, int[] offsets, float[] b, int bOff, float[] d, int dOff, int ldd,
      float[] c);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Elementwise} on the Vector API: branch-free selects. The row-wise kernels take each row a
 * vector of columns at a time, with a last vector that ends with the row and may overlap the one
 * before it: it is computed from the row's original values before the others and stored after
 * them, and the column sums leave its overlapping lanes out. They add each column up in row order,
 * as the portable loop does. Rows shorter than two vectors run the portable loop (see below).
 * Vectors never cross a method call (a call C2 did not inline would box them: an allocation per
 * call). Only loaded when the module is present.
 *
 * <p>The row-wise kernels call a method of their own per row (bias and activation), per vector of
 * columns of a block of rows (column sums) or per {@value #CHUNK} elements (ELU), for the JIT:
 * until C2 compiles a method, its vector operations run as Java code that allocates every vector,
 * and HotSpot compiles a method with C2 only after about a thousand calls (or, from its loops
 * alone, for the calls still to come only). A dense layer calls these kernels once per batch, so
 * kernels over the whole matrix ran uncompiled, allocating, for about a thousand batches of a
 * fresh JVM; their parts are called dozens of times per batch and compiled within a few dozen.
 * Rows shorter than {@value #MIN_VECTORS} vectors (a 10-class output layer with 8 lanes) run the
 * portable loop: their kernels' calls did too little per batch to reach C2 early (64 bias rows of
 * 10 values, or 8 calls of column sums, took 80 to 110 batches), and the work is a few hundred
 * additions.
 */
final class VectorElementwise implements Elementwise {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final Elementwise PORTABLE = new Portable();
  /**
   * {@link #uncovered} by cols mod L, made once: the vectors before the last cover its first
   * L − (cols mod L) lanes, none when cols is a multiple of L.
   */
  private static final VectorMask<Float>[] UNCOVERED = uncoveredMasks();
  /** Every lane: the lanes whose column sums a vector of columns before a row's last one updates. */
  private static final VectorMask<Float> ALL_LANES = UNCOVERED[0];
  /**
   * Rows per block of the column sums: each vector of columns walks down a block with its sums in
   * a register, while the block's cache lines stay in L1 for the next vector of columns.
   */
  static final int ROW_BLOCK = 16;
  /**
   * Elements per call of the streaming ELU within a larger pass (see the class comment): a whole
   * number of vectors, and enough of them that a call costs little beside its work.
   */
  private static final int CHUNK = 256;
  /**
   * Rows shorter than this many vectors run the portable loop (see the class comment): C2 compiles
   * a method after about 5,000 calls, or 15,000 calls and loop iterations, and the row-wise kernels
   * over a batch of 64 such rows count about a hundred per batch.
   */
  static final int MIN_VECTORS = 2;

  /**
   * Where the last vector of a row of {@code cols} ≥ L values starts: at cols − L, so that it ends
   * with the row. The row's other vectors start at 0, L, 2L, … below it and may overlap it.
   */
  static int lastVector(int cols) {
    return cols - S.length();
  }

  /** The lanes of the last vector of a row that the vectors before it do not cover. */
  static VectorMask<Float> uncovered(int cols) {
    return UNCOVERED[cols % S.length()];
  }

  @SuppressWarnings("unchecked")
  private static VectorMask<Float>[] uncoveredMasks() {
    VectorMask<Float>[] masks = new VectorMask[S.length()];
    long allLanes = S.length() == Long.SIZE ? -1L : (1L << S.length()) - 1;
    for (int remainder = 0; remainder < masks.length; remainder++) {
      int coveredLanes = remainder == 0 ? 0 : S.length() - remainder;
      masks[remainder] = VectorMask.fromLong(S, allLanes & (-1L << coveredLanes)); // bit i: lane i
    }
    return masks;
  }

  @Override
  public void relu(float[] x, float[] y, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public void reluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector xv = FloatVector.fromArray(S, x, i);
      zero.blend(FloatVector.fromArray(S, dy, i), xv.compare(VectorOperators.GT, 0f)).intoArray(dx, i);
    }
    for (; i < to; i++) {
      dx[i] = x[i] > 0 ? dy[i] : 0f;
    }
  }

  @Override
  public void elu(float[] x, float[] y, float alpha, int n) {
    eluChunks(x, y, alpha, 0, n);
  }

  /**
   * {@link #elu(float[], float[], float, int, int)} over from..to, {@link #CHUNK} elements per call
   * (see the class comment); only the last chunk can have a scalar tail.
   */
  private static void eluChunks(float[] x, float[] y, float alpha, int from, int to) {
    for (int i = from; i < to; i += CHUNK) {
      elu(x, y, alpha, i, Math.min(to, i + CHUNK));
    }
  }

  /**
   * y = ELU(x) over elements from..to. e^x − 1 is {@link Expm1#of} lane by lane, by the same
   * operations in the same order, so each element gets the same bits in the vector loop, in the
   * scalar tail, in the portable kernels and in every JIT tier.
   */
  private static void elu(float[] x, float[] y, float alpha, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector xv = FloatVector.fromArray(S, x, i);
      FloatVector e = xv.min(0f).max(Expm1.LOWEST);
      FloatVector t = e.mul(Expm1.LOG2E).add(Expm1.ROUND);
      FloatVector k = t.sub(Expm1.ROUND);
      FloatVector r = e.sub(k.mul(Expm1.LN2_HI)).sub(k.mul(Expm1.LN2_LO));
      FloatVector q = r.mul(Expm1.C7).add(Expm1.C6).mul(r).add(Expm1.C5).mul(r).add(Expm1.C4)
          .mul(r).add(Expm1.C3).mul(r).add(Expm1.C2);
      FloatVector p = r.mul(r).mul(q).add(r);
      FloatVector scale = ((IntVector) t.reinterpretAsInts())
          .sub(Expm1.ROUND_BITS_LESS_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector negative = scale.mul(p).add(scale.sub(1f)).mul(alpha);
      negative.blend(xv, xv.compare(VectorOperators.GT, 0f)).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = x[i] > 0 ? x[i] : alpha * Expm1.of(x[i]);
    }
  }

  @Override
  public void eluBackward(float[] x, float[] y, float[] dy, float[] dx, float alpha, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, i);
      FloatVector negative = FloatVector.fromArray(S, y, i).add(alpha).mul(g);
      negative.blend(g, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f)).intoArray(dx, i);
    }
    for (; i < n; i++) {
      dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
    }
  }

  @Override
  public void addBias(float[] z, int from, int to, int cols, float[] bias) {
    if (cols < MIN_VECTORS * S.length()) {
      PORTABLE.addBias(z, from, to, cols, bias);
      return;
    }
    for (int o = from * cols, end = to * cols; o < end; o += cols) {
      addBiasRow(z, o, cols, bias);
    }
  }

  /** {@link #addBias} on the row at {@code o}, cols ≥ 2L. */
  private static void addBiasRow(float[] z, int o, int cols, float[] bias) {
    int last = lastVector(cols);
    FloatVector lastSum = FloatVector.fromArray(S, z, o + last).add(FloatVector.fromArray(S, bias, last));
    for (int c = 0; c < last; c += S.length()) {
      FloatVector.fromArray(S, z, o + c).add(FloatVector.fromArray(S, bias, c)).intoArray(z, o + c);
    }
    lastSum.intoArray(z, o + last);
  }

  @Override
  public void biasRelu(float[] z, int from, int to, int cols, float[] bias, float[] y) {
    if (cols < MIN_VECTORS * S.length()) {
      PORTABLE.biasRelu(z, from, to, cols, bias, y);
      return;
    }
    for (int o = from * cols, end = to * cols; o < end; o += cols) {
      biasReluRow(z, o, cols, bias, y);
    }
  }

  /** {@link #biasRelu} on the row at {@code o}, cols ≥ 2L. */
  private static void biasReluRow(float[] z, int o, int cols, float[] bias, float[] y) {
    int last = lastVector(cols);
    FloatVector lastH = FloatVector.fromArray(S, z, o + last).add(FloatVector.fromArray(S, bias, last));
    for (int c = 0; c < last; c += S.length()) {
      FloatVector h = FloatVector.fromArray(S, z, o + c).add(FloatVector.fromArray(S, bias, c));
      h.intoArray(z, o + c);
      h.max(0f).intoArray(y, o + c);
    }
    lastH.intoArray(z, o + last);
    lastH.max(0f).intoArray(y, o + last);
  }

  /**
   * Two passes, the bias and then ELU over the rows' values: its e^x − 1 is written out in
   * {@link #elu(float[], float[], float, int, int)} alone, because a vector passed to or returned
   * from a helper that C2 did not inline is boxed (measured: 4.6 KB per single-sample predict).
   */
  @Override
  public void biasElu(float[] z, int from, int to, int cols, float[] bias, float alpha, float[] y) {
    addBias(z, from, to, cols, bias);
    eluChunks(z, y, alpha, from * cols, to * cols);
  }

  @Override
  public void columnSums(float[] g, int rows, int cols, float[] sum) {
    if (cols < MIN_VECTORS * S.length()) {
      PORTABLE.columnSums(g, rows, cols, sum);
      return;
    }
    int last = lastVector(cols);
    Arrays.fill(sum, 0, cols, 0f);
    for (int r = 0; r < rows; r += ROW_BLOCK) {
      int end = Math.min(rows, r + ROW_BLOCK) * cols;
      for (int c = 0; c < last; c += S.length()) {
        columnSums(g, r * cols + c, end, cols, sum, c, ALL_LANES);
      }
      columnSums(g, r * cols + last, end, cols, sum, last, uncovered(cols));
    }
  }

  /**
   * Adds the vector of columns at {@code c} of the rows from {@code k} to {@code end} (indices into
   * g) to {@code sum[c..]}, in row order; the other lanes than {@code lanes} keep their sums (the
   * sums there are added up but then dropped).
   */
  private static void columnSums(float[] g, int k, int end, int cols, float[] sum, int c, VectorMask<Float> lanes) {
    FloatVector before = FloatVector.fromArray(S, sum, c);
    FloatVector s = before;
    for (; k < end; k += cols) {
      s = s.add(FloatVector.fromArray(S, g, k));
    }
    before.blend(s, lanes).intoArray(sum, c);
  }

  @Override
  public void reluBackwardColumnSums(float[] z, float[] dy, float[] dz, int rows, int cols, float[] sum) {
    if (cols < MIN_VECTORS * S.length()) {
      PORTABLE.reluBackwardColumnSums(z, dy, dz, rows, cols, sum);
      return;
    }
    int last = lastVector(cols);
    Arrays.fill(sum, 0, cols, 0f);
    for (int r = 0; r < rows; r += ROW_BLOCK) {
      int end = Math.min(rows, r + ROW_BLOCK) * cols;
      for (int c = 0; c < last; c += S.length()) {
        reluBackwardColumnSums(z, dy, dz, r * cols + c, end, cols, sum, c, ALL_LANES);
      }
      reluBackwardColumnSums(z, dy, dz, r * cols + last, end, cols, sum, last, uncovered(cols));
    }
  }

  /** {@link #reluBackwardColumnSums} on one vector of columns of a block of rows, as {@link #columnSums}. */
  private static void reluBackwardColumnSums(float[] z, float[] dy, float[] dz, int k, int end, int cols,
      float[] sum, int c, VectorMask<Float> lanes) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector before = FloatVector.fromArray(S, sum, c);
    FloatVector s = before;
    for (; k < end; k += cols) {
      VectorMask<Float> positive = FloatVector.fromArray(S, z, k).compare(VectorOperators.GT, 0f);
      FloatVector d = zero.blend(FloatVector.fromArray(S, dy, k), positive);
      d.intoArray(dz, k);
      s = s.add(d);
    }
    before.blend(s, lanes).intoArray(sum, c);
  }

  @Override
  public void eluBackwardColumnSums(float[] z, float[] y, float[] dy, float[] dz, float alpha, int rows, int cols,
      float[] sum) {
    if (cols < MIN_VECTORS * S.length()) {
      PORTABLE.eluBackwardColumnSums(z, y, dy, dz, alpha, rows, cols, sum);
      return;
    }
    int last = lastVector(cols);
    Arrays.fill(sum, 0, cols, 0f);
    for (int r = 0; r < rows; r += ROW_BLOCK) {
      int end = Math.min(rows, r + ROW_BLOCK) * cols;
      for (int c = 0; c < last; c += S.length()) {
        eluBackwardColumnSums(z, y, dy, dz, alpha, r * cols + c, end, cols, sum, c, ALL_LANES);
      }
      eluBackwardColumnSums(z, y, dy, dz, alpha, r * cols + last, end, cols, sum, last, uncovered(cols));
    }
  }

  /** {@link #eluBackwardColumnSums} on one vector of columns of a block of rows, as {@link #columnSums}. */
  private static void eluBackwardColumnSums(float[] z, float[] y, float[] dy, float[] dz, float alpha, int k,
      int end, int cols, float[] sum, int c, VectorMask<Float> lanes) {
    FloatVector before = FloatVector.fromArray(S, sum, c);
    FloatVector s = before;
    for (; k < end; k += cols) {
      FloatVector g = FloatVector.fromArray(S, dy, k);
      FloatVector negative = FloatVector.fromArray(S, y, k).add(alpha).mul(g);
      FloatVector d = negative.blend(g, FloatVector.fromArray(S, z, k).compare(VectorOperators.GT, 0f));
      d.intoArray(dz, k);
      s = s.add(d);
    }
    before.blend(s, lanes).intoArray(sum, c);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPoolKernels} on the Vector API: a vector of consecutive outputs at a time, each window
 * cell gathered through the cell table, the winner kept by a branch-free select (the rule of the
 * portable loop: the new value wins where the best so far is a number and the new one is not ≤ it).
 * The argmax rides along as an int vector of cells, selected by the same mask cast to ints (not
 * as floats reinterpreted: a reinterpreted vector has no exact type for C2, whose calls on it then
 * box vectors where other vector shapes have been seen); inference's pass has no argmax. The
 * last {@code outputs mod L} outputs run the portable loop. The backward pass scatters a vector of
 * output gradients to their cells where C2 has a scatter instruction
 * ({@link VectorInstructions#INDEXED}), else stores them one by one. Only loaded when the module
 * is present.
 */
final class VectorMaxPoolKernels implements MaxPoolKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Lane j < L/2 takes lane 2j (LOW), lane j ≥ L/2 lane 2j − L (HIGH); ODDS one lane further. */
  private static final VectorShuffle<Float> EVENS_LOW = VectorShuffle.fromOp(S, j -> j < L / 2 ? 2 * j : 0);
  private static final VectorShuffle<Float> EVENS_HIGH = VectorShuffle.fromOp(S, j -> j < L / 2 ? 0 : 2 * j - L);
  private static final VectorShuffle<Float> ODDS_LOW = VectorShuffle.fromOp(S, j -> j < L / 2 ? 2 * j + 1 : 0);
  private static final VectorShuffle<Float> ODDS_HIGH = VectorShuffle.fromOp(S, j -> j < L / 2 ? 0 : 2 * j + 1 - L);
  /** The upper half of the lanes. */
  private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (L / 2));

  @Override
  public void forward(float[] x, int xo, int[] cells, int window, int outputs, float[] y, int yo, int[] argmax) {
    int o = 0;
    for (int end = S.loopBound(outputs); o < end; o += S.length()) {
      FloatVector best = FloatVector.fromArray(S, x, xo, cells, o);
      IntVector arg = IntVector.fromArray(I, cells, o);
      for (int w = 1; w < window; w++) {
        int at = w * outputs + o;
        FloatVector v = FloatVector.fromArray(S, x, xo, cells, at);
        VectorMask<Float> wins = best.compare(VectorOperators.EQ, best).and(v.compare(VectorOperators.LE, best).not());
        best = best.blend(v, wins);
        arg = arg.blend(IntVector.fromArray(I, cells, at), wins.cast(I));
      }
      best.intoArray(y, yo + o);
      arg.intoArray(argmax, yo + o);
    }
    for (; o < outputs; o++) {
      int arg = cells[o];
      float best = x[xo + arg];
      for (int w = 1; w < window; w++) {
        int cell = cells[w * outputs + o];
        float v = x[xo + cell];
        if (MaxPoolKernels.Portable.wins(v, best)) {
          best = v;
          arg = cell;
        }
      }
      y[yo + o] = best;
      argmax[yo + o] = arg;
    }
  }

  @Override
  public void forward(float[] x, int xo, int[] cells, int window, int outputs, float[] y, int yo) {
    int o = 0;
    for (int end = S.loopBound(outputs); o < end; o += S.length()) {
      FloatVector best = FloatVector.fromArray(S, x, xo, cells, o);
      for (int w = 1; w < window; w++) {
        FloatVector v = FloatVector.fromArray(S, x, xo, cells, w * outputs + o);
        best = best.blend(v, best.compare(VectorOperators.EQ, best).and(v.compare(VectorOperators.LE, best).not()));
      }
      best.intoArray(y, yo + o);
    }
    for (; o < outputs; o++) {
      y[yo + o] = MaxPoolKernels.Portable.largest(x, xo, cells, window, outputs, o);
    }
  }

  /**
   * Rows of at least a vector of outputs: the two input rows' vectors split into their even and odd
   * columns (permutes, no gathers) and the four cells compared in window order (each row's pair,
   * then the rows: the same winner as the window order's). The last vector of a row ends at the
   * row's end, computing a few outputs twice. A vector with a NaN output is done again one output
   * at a time: the Vector API's Java fallback, which runs until C2 compiles the loop, permutes
   * through {@code Float.floatToIntBits} and so loses NaN payloads.
   */
  @Override
  public boolean forward2x2(float[] x, int xo, int width, int outHeight, int outWidth, float[] y, int yo) {
    if (outWidth < L) {
      return false;
    }
    for (int i = 0; i < outHeight; i++) {
      int row = xo + 2 * i * width;
      for (int j = 0; j < outWidth; j += L) {
        int at = Math.min(j, outWidth - L);
        int top = row + 2 * at;
        FloatVector best = first(pairs(x, top), pairs(x, top + width));
        best.intoArray(y, yo + i * outWidth + at);
        if (best.test(VectorOperators.IS_NAN).anyTrue()) {
          nans(x, top, width, y, yo + i * outWidth + at);
        }
      }
    }
    return true;
  }

  /** The L outputs from {@code y[o]} again, one at a time, for the NaNs' own bits. */
  private static void nans(float[] x, int top, int width, float[] y, int o) {
    for (int k = 0; k < L; k++) {
      int cell = top + 2 * k;
      y[o + k] = first(first(first(x[cell], x[cell + 1]), x[cell + width]), x[cell + width + 1]);
    }
  }

  private static float first(float best, float v) {
    return MaxPoolKernels.Portable.wins(v, best) ? v : best;
  }

  /** The first winner of each pair of columns from {@code x[at]}: the even column, unless the odd one wins. */
  private static FloatVector pairs(float[] x, int at) {
    FloatVector low = FloatVector.fromArray(S, x, at);
    FloatVector high = FloatVector.fromArray(S, x, at + L);
    FloatVector even = low.rearrange(EVENS_LOW).blend(high.rearrange(EVENS_HIGH), UPPER);
    FloatVector odd = low.rearrange(ODDS_LOW).blend(high.rearrange(ODDS_HIGH), UPPER);
    return first(even, odd);
  }

  /** The rule: v wins where best is a number and v is not ≤ it. */
  private static FloatVector first(FloatVector best, FloatVector v) {
    return best.blend(v, best.compare(VectorOperators.EQ, best).and(v.compare(VectorOperators.LE, best).not()));
  }

  @Override
  public void scatter(float[] dy, int yo, int outputs, int[] argmax, float[] dx, int xo) {
    int o = 0;
    if (VectorInstructions.INDEXED) {
      for (int end = S.loopBound(outputs); o < end; o += S.length()) {
        FloatVector.fromArray(S, dy, yo + o).intoArray(dx, xo, argmax, yo + o);
      }
    }
    for (; o < outputs; o++) {
      dx[xo + argmax[yo + o]] = dy[yo + o];
    }
  }
}

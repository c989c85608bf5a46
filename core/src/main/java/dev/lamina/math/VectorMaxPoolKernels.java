// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPoolKernels} on the Vector API: a vector of consecutive outputs at a time, each window
 * cell gathered through the cell table, the winner kept by a branch-free select (the rule of the
 * portable loop: the new value wins where the best so far is a number and the new one is not ≤ it).
 * The argmax rides along as an int vector of cells, selected by the same mask cast to ints (not
 * as floats reinterpreted: a reinterpreted vector has no exact type for C2, whose calls on it then
 * box vectors where other vector shapes have been seen); inference's pass has no argmax. The
 * last {@code outputs mod L} outputs run the portable loop. The backward pass scatters a vector of output gradients to their cells
 * where C2 has a scatter instruction ({@link VectorInstructions#INDEXED}), else stores them one by
 * one. Only loaded when the module is present.
 */
final class VectorMaxPoolKernels implements MaxPoolKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

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
        if (best == best && !(v <= best)) {
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

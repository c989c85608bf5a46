// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * {@link BatchNormKernels} on the Vector API. The element-wise passes walk the rows in order, a
 * vector of columns at a time; the sums walk each vector of columns down a block of rows with the
 * sums in registers (see {@link VectorElementwise#ROW_BLOCK}). A row's last vector ends with the
 * row and may overlap the one before it, as in {@link VectorElementwise}; rows shorter than a
 * vector run the portable loops. Vectors never cross a method call (a call C2 did not inline would
 * box them). Only loaded when the module is present.
 */
final class VectorBatchNormKernels implements BatchNormKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int ROW_BLOCK = VectorElementwise.ROW_BLOCK;
  private static final BatchNormKernels PORTABLE = new Portable();

  @Override
  public void shiftedMoments(float[] x, int cols, int from, int to, float[] shift, float[] sum, float[] sumSquares) {
    if (cols < S.length()) {
      PORTABLE.shiftedMoments(x, cols, from, to, shift, sum, sumSquares);
      return;
    }
    int last = VectorElementwise.lastVector(cols);
    VectorMask<Float> uncovered = VectorElementwise.uncovered(cols);
    Arrays.fill(sum, 0, cols, 0f);
    Arrays.fill(sumSquares, 0, cols, 0f);
    for (int r = from; r < to; r += ROW_BLOCK) {
      int end = Math.min(to, r + ROW_BLOCK) * cols;
      for (int j = 0; j < last; j += S.length()) {
        shiftedMoments(x, r * cols + j, end, cols, shift, sum, sumSquares, j, null);
      }
      shiftedMoments(x, r * cols + last, end, cols, shift, sum, sumSquares, last, uncovered);
    }
  }

  /** Adds one vector of columns of a block of rows, [start, end) by cols, to the sums; only the lanes of {@code lanes} if not null. */
  private static void shiftedMoments(float[] x, int start, int end, int cols, float[] shift, float[] sum,
      float[] sumSquares, int j, @Nullable VectorMask<Float> lanes) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector c = FloatVector.fromArray(S, shift, j);
    FloatVector s = FloatVector.fromArray(S, sum, j);
    FloatVector q = FloatVector.fromArray(S, sumSquares, j);
    for (int k = start; k < end; k += cols) {
      FloatVector d = FloatVector.fromArray(S, x, k).sub(c);
      if (lanes != null) {
        d = zero.blend(d, lanes);
      }
      s = s.add(d);
      q = d.fma(d, q);
    }
    s.intoArray(sum, j);
    q.intoArray(sumSquares, j);
  }

  @Override
  public void normalize(float[] x, int rows, int cols, float[] mean, float[] inverseStd, float[] gamma,
      float[] beta, float[] y) {
    if (cols < S.length()) {
      PORTABLE.normalize(x, rows, cols, mean, inverseStd, gamma, beta, y);
      return;
    }
    int last = VectorElementwise.lastVector(cols);
    FloatVector lastMean = FloatVector.fromArray(S, mean, last);
    FloatVector lastInverseStd = FloatVector.fromArray(S, inverseStd, last);
    FloatVector lastGamma = FloatVector.fromArray(S, gamma, last);
    FloatVector lastBeta = FloatVector.fromArray(S, beta, last);
    for (int o = 0, end = rows * cols; o < end; o += cols) {
      FloatVector lastHat = FloatVector.fromArray(S, x, o + last).sub(lastMean).mul(lastInverseStd);
      FloatVector lastY = lastGamma.fma(lastHat, lastBeta);
      for (int j = 0; j < last; j += S.length()) {
        FloatVector hat = FloatVector.fromArray(S, x, o + j).sub(FloatVector.fromArray(S, mean, j))
            .mul(FloatVector.fromArray(S, inverseStd, j));
        FloatVector.fromArray(S, gamma, j).fma(hat, FloatVector.fromArray(S, beta, j)).intoArray(y, o + j);
      }
      lastY.intoArray(y, o + last);
    }
  }

  @Override
  public void scaleShift(float[] x, int rows, int cols, float[] scale, float[] shift, float[] y) {
    if (cols < S.length()) {
      PORTABLE.scaleShift(x, rows, cols, scale, shift, y);
      return;
    }
    int last = VectorElementwise.lastVector(cols);
    FloatVector lastScale = FloatVector.fromArray(S, scale, last);
    FloatVector lastShift = FloatVector.fromArray(S, shift, last);
    for (int o = 0, end = rows * cols; o < end; o += cols) {
      FloatVector lastY = FloatVector.fromArray(S, x, o + last).fma(lastScale, lastShift);
      for (int j = 0; j < last; j += S.length()) {
        FloatVector a = FloatVector.fromArray(S, scale, j);
        FloatVector.fromArray(S, x, o + j).fma(a, FloatVector.fromArray(S, shift, j)).intoArray(y, o + j);
      }
      lastY.intoArray(y, o + last);
    }
  }

  @Override
  public void gradientSums(float[] dy, float[] x, float[] mean, int cols, int from, int to, float[] sumDy,
      float[] sumDyCentered) {
    if (cols < S.length()) {
      PORTABLE.gradientSums(dy, x, mean, cols, from, to, sumDy, sumDyCentered);
      return;
    }
    int last = VectorElementwise.lastVector(cols);
    VectorMask<Float> uncovered = VectorElementwise.uncovered(cols);
    Arrays.fill(sumDy, 0, cols, 0f);
    Arrays.fill(sumDyCentered, 0, cols, 0f);
    for (int r = from; r < to; r += ROW_BLOCK) {
      int end = Math.min(to, r + ROW_BLOCK) * cols;
      for (int j = 0; j < last; j += S.length()) {
        gradientSums(dy, x, mean, r * cols + j, end, cols, sumDy, sumDyCentered, j, null);
      }
      gradientSums(dy, x, mean, r * cols + last, end, cols, sumDy, sumDyCentered, last, uncovered);
    }
  }

  /** Adds one vector of columns of a block of rows, [start, end) by cols, to the sums; only the lanes of {@code lanes} if not null. */
  private static void gradientSums(float[] dy, float[] x, float[] mean, int start, int end, int cols, float[] sumDy,
      float[] sumDyCentered, int j, @Nullable VectorMask<Float> lanes) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector m = FloatVector.fromArray(S, mean, j);
    FloatVector s = FloatVector.fromArray(S, sumDy, j);
    FloatVector p = FloatVector.fromArray(S, sumDyCentered, j);
    for (int k = start; k < end; k += cols) {
      FloatVector g = FloatVector.fromArray(S, dy, k);
      FloatVector centered = FloatVector.fromArray(S, x, k).sub(m);
      if (lanes != null) { // both zeroed: 0·(x − mean) would be NaN for an infinite x
        g = zero.blend(g, lanes);
        centered = zero.blend(centered, lanes);
      }
      s = s.add(g);
      p = g.fma(centered, p);
    }
    s.intoArray(sumDy, j);
    p.intoArray(sumDyCentered, j);
  }

  @Override
  public void normalizeBackward(float[] dy, float[] x, float[] mean, int rows, int cols, float[] scale,
      float[] meanDy, float[] slope, float[] dx) {
    if (cols < S.length()) {
      PORTABLE.normalizeBackward(dy, x, mean, rows, cols, scale, meanDy, slope, dx);
      return;
    }
    int last = VectorElementwise.lastVector(cols);
    FloatVector lastMean = FloatVector.fromArray(S, mean, last);
    FloatVector lastScale = FloatVector.fromArray(S, scale, last);
    FloatVector lastMeanDy = FloatVector.fromArray(S, meanDy, last);
    FloatVector lastMinusSlope = FloatVector.fromArray(S, slope, last).neg();
    for (int o = 0, end = rows * cols; o < end; o += cols) {
      FloatVector lastCentered = FloatVector.fromArray(S, x, o + last).sub(lastMean);
      FloatVector lastDx = lastCentered.fma(lastMinusSlope, FloatVector.fromArray(S, dy, o + last).sub(lastMeanDy))
          .mul(lastScale);
      for (int j = 0; j < last; j += S.length()) {
        FloatVector centered = FloatVector.fromArray(S, x, o + j).sub(FloatVector.fromArray(S, mean, j));
        FloatVector dyCentered = FloatVector.fromArray(S, dy, o + j).sub(FloatVector.fromArray(S, meanDy, j));
        FloatVector minusSlope = FloatVector.fromArray(S, slope, j).neg();
        centered.fma(minusSlope, dyCentered).mul(FloatVector.fromArray(S, scale, j)).intoArray(dx, o + j);
      }
      lastDx.intoArray(dx, o + last);
    }
  }
}

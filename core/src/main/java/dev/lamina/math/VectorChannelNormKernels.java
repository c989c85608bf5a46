// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * {@link ChannelNormKernels} on the Vector API. The sums add float vectors of the channel's values
 * (shifted, or their products) into a pair of accumulator vectors, plane after plane, and move
 * the accumulators into double totals, lane by lane, whenever each lane holds {@value #BLOCK}
 * values; each plane's last {@code area mod L} values go straight into scalar doubles, and the
 * totals are added up in lane order at the end. The element-wise passes take each plane a float
 * vector at a time and its last {@code area mod L} values one by one, with the same fused
 * operations.
 *
 * <p>Only the preferred float species, as in Lamina's other kernels. A second shape (say, half
 * vectors widened to doubles) makes the type profiles at the Vector API's own call sites
 * polymorphic, and C2 then boxes the vectors of kernels that had relied on them: the GEMM micro
 * kernel allocated 6 GB per batch that way. For the same reason no vector is live across a loop
 * it is not computed in (a plane's tail, the next plane): the accumulators go through the
 * {@link Sums} working space between blocks; each plane's tail is added before its vectors; the
 * per-channel values are broadcast inside the vector loops (C2 hoists them), from the species
 * ({@code v.sub(FloatVector.broadcast(S, m))}, not {@code v.sub(m)}, whose broadcast is a call on
 * the vector that C2 did not always resolve once the kernel was inlined into a caller). Only
 * loaded when the module is present.
 */
final class VectorChannelNormKernels implements ChannelNormKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /**
   * Values per lane summed in float before the lane goes into its double total: a block's sum is
   * within 64 roundings of its terms' magnitudes (~4e-6 relative at worst, 5e-7 typically), as
   * close as the dense kernels' blocks of 256 rows get.
   */
  static final int BLOCK = 64;

  @Override
  public void moments(float[] x, int from, int stride, int planes, int area, float shift, Sums sums) {
    int l = S.length();
    int covered = S.loopBound(area);
    float[] lanes = sums.lanes;
    Arrays.fill(lanes, 0, 2 * l, 0f);
    Arrays.fill(sums.totals, 0, 2 * l, 0);
    double s = 0;
    double q = 0;
    int pending = 0; // values in each lane since the last move into the totals
    for (int p = 0; p < planes; p++) {
      int start = from + p * stride;
      for (int i = start + covered, end = start + area; i < end; i++) { // the tail first: see the class comment
        double d = x[i] - (double) shift;
        s += d;
        q = Math.fma(d, d, q);
      }
      for (int k = start, end = start + covered; k < end; ) {
        int stop = Math.min(end, k + (BLOCK - pending) * l);
        pending += (stop - k) / l;
        FloatVector sv = FloatVector.fromArray(S, lanes, 0);
        FloatVector qv = FloatVector.fromArray(S, lanes, l);
        for (; k < stop; k += l) {
          FloatVector d = FloatVector.fromArray(S, x, k).sub(FloatVector.broadcast(S, shift));
          sv = sv.add(d);
          qv = d.fma(d, qv);
        }
        sv.intoArray(lanes, 0);
        qv.intoArray(lanes, l);
        if (pending == BLOCK) {
          toTotals(sums, l);
          pending = 0;
        }
      }
    }
    toTotals(sums, l);
    sums.first = s + laneSum(sums.totals, 0, l);
    sums.second = q + laneSum(sums.totals, l, l);
  }

  /** Adds the 2L float lanes into their double totals and clears them. */
  private static void toTotals(Sums sums, int l) {
    for (int i = 0; i < 2 * l; i++) {
      sums.totals[i] += sums.lanes[i];
      sums.lanes[i] = 0;
    }
  }

  /** The L totals from {@code at}, added up in lane order. */
  private static double laneSum(double[] totals, int at, int l) {
    double t = 0;
    for (int i = at; i < at + l; i++) {
      t += totals[i];
    }
    return t;
  }

  @Override
  public void normalize(float[] x, int from, int stride, int planes, int area, float mean, float inverseStd,
      float gamma, float beta, boolean relu, float[] y) {
    int covered = S.loopBound(area);
    for (int p = 0; p < planes; p++) {
      int k = from + p * stride;
      for (int end = k + covered; k < end; k += S.length()) {
        FloatVector hat = FloatVector.fromArray(S, x, k).sub(FloatVector.broadcast(S, mean))
            .mul(FloatVector.broadcast(S, inverseStd));
        FloatVector v = FloatVector.broadcast(S, gamma).fma(hat, FloatVector.broadcast(S, beta));
        if (relu) {
          v = v.max(FloatVector.zero(S));
        }
        v.intoArray(y, k);
      }
      for (int end = from + p * stride + area; k < end; k++) {
        float v = Math.fma(gamma, (x[k] - mean) * inverseStd, beta);
        y[k] = relu ? Math.max(v, 0f) : v;
      }
    }
  }

  @Override
  public void scaleShift(float[] x, float @Nullable [] positive, int from, int stride, int planes, int area,
      float scale, float shift, boolean relu, float[] y) {
    int covered = S.loopBound(area);
    for (int p = 0; p < planes; p++) {
      int k = from + p * stride;
      for (int end = k + covered; k < end; k += S.length()) {
        FloatVector v = FloatVector.fromArray(S, x, k);
        if (positive != null) {
          VectorMask<Float> on = FloatVector.fromArray(S, positive, k).compare(VectorOperators.GT, FloatVector.zero(S));
          v = FloatVector.zero(S).blend(v, on);
        }
        v = v.fma(FloatVector.broadcast(S, scale), FloatVector.broadcast(S, shift));
        if (relu) {
          v = v.max(FloatVector.zero(S));
        }
        v.intoArray(y, k);
      }
      for (int end = from + p * stride + area; k < end; k++) {
        float v = Math.fma(masked(x, positive, k), scale, shift);
        y[k] = relu ? Math.max(v, 0f) : v;
      }
    }
  }

  /** {@code v[k]}, or 0 where {@code positive} is given and not > 0. */
  private static float masked(float[] v, float @Nullable [] positive, int k) {
    return positive == null || positive[k] > 0 ? v[k] : 0f;
  }

  @Override
  public void gradientSums(float[] dy, float @Nullable [] positive, float[] x, int from, int stride, int planes,
      int area, float mean, Sums sums) {
    int l = S.length();
    int covered = S.loopBound(area);
    float[] lanes = sums.lanes;
    Arrays.fill(lanes, 0, 2 * l, 0f);
    Arrays.fill(sums.totals, 0, 2 * l, 0);
    double s = 0;
    double q = 0;
    int pending = 0;
    for (int p = 0; p < planes; p++) {
      int start = from + p * stride;
      for (int i = start + covered, end = start + area; i < end; i++) {
        float g = masked(dy, positive, i);
        s += g;
        q = Math.fma(g, x[i] - mean, q);
      }
      for (int k = start, end = start + covered; k < end; ) {
        int stop = Math.min(end, k + (BLOCK - pending) * l);
        pending += (stop - k) / l;
        FloatVector sv = FloatVector.fromArray(S, lanes, 0);
        FloatVector pv = FloatVector.fromArray(S, lanes, l);
        for (; k < stop; k += l) {
          FloatVector g = FloatVector.fromArray(S, dy, k);
          if (positive != null) {
            VectorMask<Float> on = FloatVector.fromArray(S, positive, k).compare(VectorOperators.GT, FloatVector.zero(S));
            g = FloatVector.zero(S).blend(g, on);
          }
          sv = sv.add(g);
          pv = g.fma(FloatVector.fromArray(S, x, k).sub(FloatVector.broadcast(S, mean)), pv);
        }
        sv.intoArray(lanes, 0);
        pv.intoArray(lanes, l);
        if (pending == BLOCK) {
          toTotals(sums, l);
          pending = 0;
        }
      }
    }
    toTotals(sums, l);
    sums.first = s + laneSum(sums.totals, 0, l);
    sums.second = q + laneSum(sums.totals, l, l);
  }

  @Override
  public void normalizeBackward(float[] dy, float @Nullable [] positive, float[] x, int from, int stride,
      int planes, int area, float mean, float scale, float meanDy, float slope, float[] dx) {
    int covered = S.loopBound(area);
    for (int p = 0; p < planes; p++) {
      int k = from + p * stride;
      for (int end = k + covered; k < end; k += S.length()) {
        FloatVector g = FloatVector.fromArray(S, dy, k);
        if (positive != null) {
          VectorMask<Float> on = FloatVector.fromArray(S, positive, k).compare(VectorOperators.GT, FloatVector.zero(S));
          g = FloatVector.zero(S).blend(g, on);
        }
        FloatVector centered = FloatVector.fromArray(S, x, k).sub(FloatVector.broadcast(S, mean));
        FloatVector dyCentered = g.sub(FloatVector.broadcast(S, meanDy));
        centered.fma(FloatVector.broadcast(S, -slope), dyCentered).mul(FloatVector.broadcast(S, scale)).intoArray(dx, k);
      }
      for (int end = from + p * stride + area; k < end; k++) {
        dx[k] = Math.fma(x[k] - mean, -slope, masked(dy, positive, k) - meanDy) * scale;
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ChannelNormKernels} on the Vector API. The sums widen half a float vector at a time to a
 * vector of doubles and add the channel's planes one after another into two pairs of accumulators,
 * the even and the odd vectors of a plane, so that two chains of additions run at once; each
 * plane's last {@code area mod L} values are added in scalar doubles, and at the end the lanes, in
 * lane order. The element-wise passes take each plane a float vector at a time and its last
 * {@code area mod L} values one by one, with the same fused operations.
 *
 * <p>No vector is live across a loop it is not computed in (a plane's tail, the next plane): C2
 * boxes such a vector, an allocation per call, even for a loop-invariant broadcast. So the
 * accumulators go through the caller's {@code sums} array from plane to plane, each plane's tail
 * is added before its vectors, and the element-wise passes broadcast their per-channel values
 * inside the vector loop (C2 hoists them). Scalar operands are broadcast explicitly from the species
 * ({@code v.sub(FloatVector.broadcast(S, m))}, not {@code v.sub(m)}): the scalar forms broadcast
 * through a virtual call on the vector, which C2 did not always resolve once the kernel was inlined
 * into a caller, leaving boxed vectors behind. Only loaded when the module is present.
 */
final class VectorChannelNormKernels implements ChannelNormKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Doubles of the preferred width, and floats as many to a vector: a widening cast C2 does in one instruction. */
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> HALF =
      VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

  private static DoubleVector widened(float[] x, int k) {
    return (DoubleVector) FloatVector.fromArray(HALF, x, k).castShape(D, 0);
  }

  @Override
  public int sumsLength() {
    return 2 + 4 * D.length();
  }

  @Override
  public void moments(float[] x, int from, int stride, int planes, int area, double shift, double[] sums) {
    int l = D.length();
    int covered = area - area % l;
    Arrays.fill(sums, 0, 2 + 4 * l, 0);
    double s = 0;
    double q = 0;
    for (int p = 0; p < planes; p++) {
      int start = from + p * stride;
      for (int i = start + covered, end = start + area; i < end; i++) { // the tail first: see the class comment
        double d = x[i] - shift;
        s += d;
        q = Math.fma(d, d, q);
      }
      DoubleVector s0 = DoubleVector.fromArray(D, sums, 2);
      DoubleVector s1 = DoubleVector.fromArray(D, sums, 2 + l);
      DoubleVector q0 = DoubleVector.fromArray(D, sums, 2 + 2 * l);
      DoubleVector q1 = DoubleVector.fromArray(D, sums, 2 + 3 * l);
      int k = start;
      for (int end = start + covered - l; k < end; k += 2 * l) {
        DoubleVector a = widened(x, k).sub(DoubleVector.broadcast(D, shift));
        DoubleVector b = widened(x, k + l).sub(DoubleVector.broadcast(D, shift));
        s0 = s0.add(a);
        q0 = a.fma(a, q0);
        s1 = s1.add(b);
        q1 = b.fma(b, q1);
      }
      if (k < start + covered) {
        DoubleVector a = widened(x, k).sub(DoubleVector.broadcast(D, shift));
        s0 = s0.add(a);
        q0 = a.fma(a, q0);
      }
      s0.intoArray(sums, 2);
      s1.intoArray(sums, 2 + l);
      q0.intoArray(sums, 2 + 2 * l);
      q1.intoArray(sums, 2 + 3 * l);
    }
    sums[0] = s + lanes(sums, 2);
    sums[1] = q + lanes(sums, 2 + 2 * l);
  }

  /** The 2L lanes of two accumulators from {@code at}, added up as (a_0 + b_0) + (a_1 + b_1) + …. */
  private static double lanes(double[] sums, int at) {
    int l = D.length();
    double t = 0;
    for (int i = 0; i < l; i++) {
      t += sums[at + i] + sums[at + l + i];
    }
    return t;
  }

  @Override
  public void normalize(float[] x, int from, int stride, int planes, int area, float mean, float inverseStd,
      float gamma, float beta, float[] y) {
    int covered = S.loopBound(area);
    for (int p = 0; p < planes; p++) {
      int k = from + p * stride;
      for (int end = k + covered; k < end; k += S.length()) {
        FloatVector hat = FloatVector.fromArray(S, x, k).sub(FloatVector.broadcast(S, mean))
            .mul(FloatVector.broadcast(S, inverseStd));
        FloatVector.broadcast(S, gamma).fma(hat, FloatVector.broadcast(S, beta)).intoArray(y, k);
      }
      for (int end = from + p * stride + area; k < end; k++) {
        y[k] = Math.fma(gamma, (x[k] - mean) * inverseStd, beta);
      }
    }
  }

  @Override
  public void scaleShift(float[] x, int from, int stride, int planes, int area, float scale, float shift,
      float[] y) {
    int covered = S.loopBound(area);
    for (int p = 0; p < planes; p++) {
      int k = from + p * stride;
      for (int end = k + covered; k < end; k += S.length()) {
        FloatVector.fromArray(S, x, k).fma(FloatVector.broadcast(S, scale), FloatVector.broadcast(S, shift))
            .intoArray(y, k);
      }
      for (int end = from + p * stride + area; k < end; k++) {
        y[k] = Math.fma(x[k], scale, shift);
      }
    }
  }

  @Override
  public void gradientSums(float[] dy, float[] x, int from, int stride, int planes, int area, float mean,
      double[] sums) {
    int l = D.length();
    int covered = area - area % l;
    Arrays.fill(sums, 0, 2 + 4 * l, 0);
    double s = 0;
    double q = 0;
    for (int p = 0; p < planes; p++) {
      int start = from + p * stride;
      for (int i = start + covered, end = start + area; i < end; i++) {
        s += dy[i];
        q = Math.fma(dy[i], (double) x[i] - mean, q);
      }
      DoubleVector s0 = DoubleVector.fromArray(D, sums, 2);
      DoubleVector s1 = DoubleVector.fromArray(D, sums, 2 + l);
      DoubleVector p0 = DoubleVector.fromArray(D, sums, 2 + 2 * l);
      DoubleVector p1 = DoubleVector.fromArray(D, sums, 2 + 3 * l);
      int k = start;
      for (int end = start + covered - l; k < end; k += 2 * l) {
        DoubleVector ga = widened(dy, k);
        DoubleVector gb = widened(dy, k + l);
        s0 = s0.add(ga);
        p0 = ga.fma(widened(x, k).sub(DoubleVector.broadcast(D, mean)), p0);
        s1 = s1.add(gb);
        p1 = gb.fma(widened(x, k + l).sub(DoubleVector.broadcast(D, mean)), p1);
      }
      if (k < start + covered) {
        DoubleVector ga = widened(dy, k);
        s0 = s0.add(ga);
        p0 = ga.fma(widened(x, k).sub(DoubleVector.broadcast(D, mean)), p0);
      }
      s0.intoArray(sums, 2);
      s1.intoArray(sums, 2 + l);
      p0.intoArray(sums, 2 + 2 * l);
      p1.intoArray(sums, 2 + 3 * l);
    }
    sums[0] = s + lanes(sums, 2);
    sums[1] = q + lanes(sums, 2 + 2 * l);
  }

  @Override
  public void normalizeBackward(float[] dy, float[] x, int from, int stride, int planes, int area, float mean,
      float scale, float meanDy, float slope, float[] dx) {
    int covered = S.loopBound(area);
    for (int p = 0; p < planes; p++) {
      int k = from + p * stride;
      for (int end = k + covered; k < end; k += S.length()) {
        FloatVector centered = FloatVector.fromArray(S, x, k).sub(FloatVector.broadcast(S, mean));
        FloatVector dyCentered = FloatVector.fromArray(S, dy, k).sub(FloatVector.broadcast(S, meanDy));
        centered.fma(FloatVector.broadcast(S, -slope), dyCentered).mul(FloatVector.broadcast(S, scale)).intoArray(dx, k);
      }
      for (int end = from + p * stride + area; k < end; k++) {
        dx[k] = Math.fma(x[k] - mean, -slope, dy[k] - meanDy) * scale;
      }
    }
  }
}

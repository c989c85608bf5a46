// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * {@link OptimizerKernels} on the Vector API: the portable loops' operations, in the same order,
 * a vector at a time; the values after the last full vector run the portable loop. The streaming
 * rules without square roots or divisions (decay, SGD, momentum) run the portable loops, which
 * C2 vectorises itself. Vectors never
 * cross a method call (a call C2 did not inline would box them). Only loaded when the module is
 * present.
 */
final class VectorOptimizerKernels implements OptimizerKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final OptimizerKernels PORTABLE = new Portable();

  /** The portable loop: C2 vectorises it itself, aligning the stores, which measured faster. */
  @Override
  public void decay(float[] w, float decay, int from, int to) {
    PORTABLE.decay(w, decay, from, to);
  }

  /** The portable loop: C2 vectorises it itself, aligning the stores, which measured faster. */
  @Override
  public void sgd(float[] w, float[] g, float lr, int from, int to) {
    PORTABLE.sgd(w, g, lr, from, to);
  }

  /** The portable loop: C2 vectorises it itself, aligning the stores, which measured as fast. */
  @Override
  public void momentum(float[] w, float[] g, float[] b, float mu, float in, float out, boolean nesterov, int from, int to) {
    PORTABLE.momentum(w, g, b, mu, in, out, nesterov, from, to);
  }

  @Override
  public void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, float b1, float b1c, float b2,
      float b2c, float alpha, float eps, int from, int to) {
    boolean amsgrad = vMax != v;
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(b1c));
      FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(b2c).mul(gv));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      if (amsgrad) {
        vv = FloatVector.fromArray(S, vMax, i).max(vv);
        vv.intoArray(vMax, i);
      }
      FloatVector denominator = vv.lanewise(VectorOperators.SQRT).add(eps);
      FloatVector.fromArray(S, w, i).sub(mv.mul(alpha).div(denominator)).intoArray(w, i);
    }
    PORTABLE.adam(w, g, m, v, vMax, b1, b1c, b2, b2c, alpha, eps, i, to);
  }

  @Override
  public void nadam(float[] w, float[] g, float[] m, float[] v, float b1, float b1c, float b2, float b2c, float cm,
      float cg, float correction2, float eps, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(b1c));
      FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(b2c).mul(gv));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      FloatVector denominator = vv.mul(correction2).lanewise(VectorOperators.SQRT).add(eps);
      FloatVector.fromArray(S, w, i).sub(mv.mul(cm).add(gv.mul(cg)).div(denominator)).intoArray(w, i);
    }
    PORTABLE.nadam(w, g, m, v, b1, b1c, b2, b2c, cm, cg, correction2, eps, i, to);
  }

  @Override
  public void adamax(float[] w, float[] g, float[] m, float[] u, float b1, float b1c, float b2, float rate,
      float epsInside, float epsOutside, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(b1c));
      FloatVector uv = FloatVector.fromArray(S, u, i).mul(b2).max(gv.lanewise(VectorOperators.ABS).add(epsInside));
      mv.intoArray(m, i);
      uv.intoArray(u, i);
      FloatVector.fromArray(S, w, i).sub(mv.mul(rate).div(uv.add(epsOutside))).intoArray(w, i);
    }
    PORTABLE.adamax(w, g, m, u, b1, b1c, b2, rate, epsInside, epsOutside, i, to);
  }

  @Override
  public void adagrad(float[] w, float[] g, float[] acc, float lr, float epsInside, float epsOutside, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector av = FloatVector.fromArray(S, acc, i).add(gv.mul(gv));
      av.intoArray(acc, i);
      FloatVector denominator = av.add(epsInside).lanewise(VectorOperators.SQRT).add(epsOutside);
      FloatVector.fromArray(S, w, i).sub(gv.mul(lr).div(denominator)).intoArray(w, i);
    }
    PORTABLE.adagrad(w, g, acc, lr, epsInside, epsOutside, i, to);
  }

  @Override
  public void rmsprop(float[] w, float[] g, float[] v, float @Nullable [] a, float @Nullable [] b, float r, float rc,
      float lr, float mu, float in, float out, float epsInside, float epsOutside, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector variance = FloatVector.fromArray(S, v, i).mul(r).add(gv.mul(rc).mul(gv));
      variance.intoArray(v, i);
      if (a != null) {
        FloatVector av = FloatVector.fromArray(S, a, i).mul(r).add(gv.mul(rc));
        av.intoArray(a, i);
        variance = variance.sub(av.mul(av));
      }
      FloatVector scaled = gv.div(variance.add(epsInside).lanewise(VectorOperators.SQRT).add(epsOutside));
      FloatVector wv = FloatVector.fromArray(S, w, i);
      if (b != null) {
        FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(scaled.mul(in));
        bv.intoArray(b, i);
        wv.sub(bv.mul(out)).intoArray(w, i);
      } else {
        wv.sub(scaled.mul(lr)).intoArray(w, i);
      }
    }
    PORTABLE.rmsprop(w, g, v, a, b, r, rc, lr, mu, in, out, epsInside, epsOutside, i, to);
  }
}

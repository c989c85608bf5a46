package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Elementwise} on the Vector API: branch-free selects. Only loaded when the module is present. */
final class VectorElementwise implements Elementwise {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

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
  public void reluBackward(float[] x, float[] dy, float[] dx, int n) {
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      FloatVector xv = FloatVector.fromArray(S, x, i);
      zero.blend(FloatVector.fromArray(S, dy, i), xv.compare(VectorOperators.GT, 0f)).intoArray(dx, i);
    }
    for (; i < n; i++) {
      dx[i] = x[i] > 0 ? dy[i] : 0f;
    }
  }

  @Override
  public void elu(float[] x, float[] y, float alpha, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      FloatVector xv = FloatVector.fromArray(S, x, i);
      FloatVector negative = xv.min(0f).lanewise(VectorOperators.EXPM1).mul(alpha);
      negative.blend(xv, xv.compare(VectorOperators.GT, 0f)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = x[i] > 0 ? x[i] : alpha * (float) Math.expm1(x[i]);
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
}

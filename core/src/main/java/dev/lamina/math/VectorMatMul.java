package dev.lamina.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link MatMul} on the Vector API. Only loaded when the incubator module is present. */
final class VectorMatMul implements MatMul {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, float[] b, float[] c, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      }
      for (int p = 0; p < k; p++) {
        float aip = transA ? a[p * m + i] : a[i * k + p];
        if (!transB) {
          int bp = p * n;
          int j = 0;
          FloatVector va = FloatVector.broadcast(S, aip);
          for (; j < S.loopBound(n); j += S.length()) {
            FloatVector.fromArray(S, b, bp + j).fma(va, FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
          }
          for (; j < n; j++) {
            c[ci + j] += aip * b[bp + j];
          }
        } else {
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[j * k + p];
          }
        }
      }
    }
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  static float dot(float[] x, float[] y, int n) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      acc = FloatVector.fromArray(S, x, i).fma(FloatVector.fromArray(S, y, i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/** Runs an activation on a few values, for the per-activation tests. */
final class Apply {
  private Apply() {}

  /** f(x) element-wise, on a [1, n] matrix. */
  static float[] forward(Activation a, float... x) {
    Matrix out = new Matrix(1, x.length);
    a.forward(Matrix.wrap(x.clone(), 1, x.length), out);
    return out.data().clone();
  }

  /** f'(x) element-wise: backward with an upstream gradient of ones. */
  static float[] derivative(Activation a, float... x) {
    Matrix z = Matrix.wrap(x.clone(), 1, x.length);
    Matrix out = new Matrix(1, x.length);
    a.forward(z, out);
    float[] ones = new float[x.length];
    java.util.Arrays.fill(ones, 1f);
    Matrix dz = new Matrix(1, x.length);
    a.backward(z, out, Matrix.wrap(ones, 1, x.length), dz);
    return dz.data().clone();
  }

  /** Asserts that every value is finite, naming the activation and the input. */
  static void assertFinite(Activation a, String what, float[] x, float[] values) {
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new AssertionError(a + ": " + what + "(" + x[i] + ") = " + values[i] + ", not finite");
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * An element-wise activation from a function and its derivative ({@link Activations#of}),
 * evaluated in double and stored in float.
 *
 * @param derivative f'(x), given x and y = f(x)
 */
record Elementwise(String name, DoubleUnaryOperator function, DoubleBinaryOperator derivative) implements Activation {
  Elementwise {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(derivative, "derivative");
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = (float) function.applyAsDouble(x[i]);
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] y = out.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = (float) (g[i] * derivative.applyAsDouble(x[i], y[i]));
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

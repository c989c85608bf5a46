// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/** Logistic sigmoid: f(x) = 1 / (1 + e^-x); f'(x) = f(x)·(1 − f(x)). */
public record Sigmoid() implements Activation {
  @Override
  public String name() {
    return "sigmoid";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] y = out.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = g[i] * y[i] * (1 - y[i]);
    }
  }
}

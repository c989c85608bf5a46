// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/** Hyperbolic tangent: f(x) = tanh(x); f'(x) = 1 − f(x)². */
public record Tanh() implements Activation {
  @Override
  public String name() {
    return "tanh";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] y = out.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = g[i] * (1 - y[i] * y[i]);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Softplus, a smooth ReLU: f(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^−|x|) (in double,
 * within 1e-12 relative), which neither overflows for large x nor loses the small values of large
 * negative x;
 * f'(x) = σ(x) = 1/(1 + e^−x). Keras {@code "softplus"}, PyTorch {@code nn.Softplus} with its
 * defaults beta = 1, threshold = 20 (PyTorch returns x itself where x &gt; 20, which differs from
 * the exact value by less than 2.1e-9, far below float resolution there), ONNX {@code Softplus}.
 */
public record Softplus() implements Activation {
  @Override
  public String name() {
    return "softplus";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v)); // in (0, 1]
      // log1p(e), cheaper than Math.log1p: below 1e-4 its series to e³ (relative error below e³/4),
      // above log(1 + e) (the rounding of 1 + e costs at most 1.1e-16 / e relative)
      double log1p = e < 1e-4 ? e * (1 - e * (0.5 - e / 3)) : Math.log(1 + e);
      y[i] = (float) (Math.max(v, 0) + log1p);
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = (float) (g[i] / (1 + Math.exp(-(double) x[i])));
    }
  }
}

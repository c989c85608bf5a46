package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Softplus, a smooth ReLU: f(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^−|x|), which
 * neither overflows for large x nor loses the small values of large negative x;
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
      y[i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
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

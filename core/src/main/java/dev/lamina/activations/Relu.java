package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/** Rectified linear unit: f(x) = max(x, 0); f'(x) = 1 for x > 0, else 0 (0 at x = 0, as Keras and PyTorch). */
public record Relu() implements Activation {
  @Override
  public String name() {
    return "relu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = x[i] > 0 ? g[i] : 0f;
    }
  }
}

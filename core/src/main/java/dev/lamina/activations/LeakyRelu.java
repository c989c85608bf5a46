// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Leaky ReLU: f(x) = x for x > 0, alpha·x otherwise; the derivative at x = 0 is alpha (as Keras
 * and PyTorch).
 *
 * <p>Defaults differ: the Keras {@code LeakyReLU} layer uses alpha = 0.3 ({@link #DEFAULT_ALPHA}),
 * {@code keras.activations.leaky_relu} (the string {@code "leaky_relu"} of a Keras 3
 * {@code Dense}) 0.2 and PyTorch's {@code LeakyReLU} 0.01. Pass the value explicitly when porting a
 * model. Keras 3 names the parameter {@code negative_slope} (Keras 2 and this class:
 * {@code alpha}), PyTorch {@code negative_slope}.
 *
 * @param alpha the slope for negative inputs, finite and ≥ 0
 */
public record LeakyRelu(double alpha) implements Activation {
  /** 0.3, the default of the Keras {@code LeakyReLU} layer. */
  public static final double DEFAULT_ALPHA = 0.3;

  public LeakyRelu {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("LeakyRelu: alpha must be finite and >= 0, but was " + alpha);
    }
  }

  @Override
  public String name() {
    return "leaky_relu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float a = (float) alpha;
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = x[i] > 0 ? x[i] : a * x[i];
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float a = (float) alpha;
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = x[i] > 0 ? g[i] : a * g[i];
    }
  }
}

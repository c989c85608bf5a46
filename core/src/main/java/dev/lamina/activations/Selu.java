// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Scaled ELU (Klambauer et al., 2017, https://arxiv.org/abs/1706.02515):
 * f(x) = scale·x for x > 0, scale·alpha·(e^x − 1) otherwise, with the self-normalising constants
 * {@link #ALPHA} and {@link #SCALE}. Pair it with LeCun-normal initialisation and standardised
 * inputs.
 *
 * <p>At exactly x = 0 the derivative is {@code scale} (Keras/TensorFlow); PyTorch uses
 * {@code scale·alpha}. Only inputs that are exactly zero see the difference.
 */
public record Selu() implements Activation {
  /** α = 1.6732632423543772848170429916717 (Klambauer et al., as Keras and PyTorch). */
  public static final double ALPHA = 1.6732632423543772848170429916717;
  /** λ = 1.0507009873554804934193349852946 (Klambauer et al., as Keras and PyTorch). */
  public static final double SCALE = 1.0507009873554804934193349852946;

  @Override
  public String name() {
    return "selu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = x[i] >= 0 ? (float) (SCALE * x[i]) : (float) (SCALE * ALPHA * Math.expm1(x[i]));
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float scale = (float) SCALE;
    float scaleAlpha = (float) (SCALE * ALPHA);
    float[] x = z.data();
    float[] y = out.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = x[i] >= 0 ? g[i] * scale : g[i] * (y[i] + scaleAlpha);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Gaussian error linear unit (Hendrycks and Gimpel, 2016, https://arxiv.org/abs/1606.08415): the
 * input weighted by the standard normal probability of being below it. Smooth, no kinks.
 *
 * <ul>
 *   <li>Exact ({@code approximate} false, {@link Activations#GELU}): f(x) = x·Φ(x) =
 *       x/2 · (1 + erf(x/√2)); f'(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π). Φ is computed as
 *       erfc(−x/√2)/2 with an erfc accurate to a few 1e-16 in double ({@code Erf}), so the small
 *       values of the negative tail keep their relative accuracy.
 *   <li>Tanh approximation ({@code approximate} true, {@link Activations#GELU_TANH}):
 *       f(x) = x/2 · (1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), computed as x·σ(2u), the same
 *       function without the cancellation of 1 + tanh(u) for negative u; f'(x) = s + x·2s(1 − s)·u'
 *       with s = σ(2u) and u' = √(2/π)·(1 + 3·0.044715·x²). Differs from the exact GELU by at most
 *       4.7e-4 (near x = ±2.7).
 * </ul>
 *
 * <p>Defaults: Keras' activation {@code "gelu"} ({@code keras.activations.gelu(x, approximate=False)},
 * in Keras 3 and in {@code tf.keras} since 2.4) and PyTorch's {@code nn.GELU(approximate='none')}
 * are exact; but {@code keras.ops.gelu} defaults to {@code approximate=True}. ONNX has
 * {@code Gelu} (attribute {@code approximate}: "none" or "tanh") from opset 20; before, PyTorch
 * exports the exact one as {@code Div}, {@code Erf}, {@code Add}, {@code Mul}, {@code Mul}.
 * Both are finite for every finite input: 0 (or −0) for x → −∞, x for x → +∞.
 *
 * @param approximate true for the tanh approximation (Keras {@code approximate=True}, PyTorch
 *     {@code approximate='tanh'}), false for the exact GELU
 */
public record Gelu(boolean approximate) implements Activation {
  /** 1/√2. */
  private static final double SQRT_HALF = 0.7071067811865476;
  /** 1/√(2π). */
  private static final double INV_SQRT_2PI = 0.3989422804014327;
  /** √(2/π), the tanh approximation's scale. */
  private static final double SQRT_2_OVER_PI = 0.7978845608028654;
  /** The tanh approximation's cubic coefficient. */
  private static final double CUBIC = 0.044715;

  @Override
  public String name() {
    return "gelu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    int n = z.size();
    if (approximate) {
      for (int i = 0; i < n; i++) {
        double v = x[i];
        double u = SQRT_2_OVER_PI * (v + CUBIC * v * v * v);
        y[i] = (float) (v / (1 + Math.exp(-2 * u)));
      }
    } else {
      for (int i = 0; i < n; i++) {
        double v = x[i];
        y[i] = (float) (v * 0.5 * Erf.erfc(-v * SQRT_HALF));
      }
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    int n = z.size();
    if (approximate) {
      for (int i = 0; i < n; i++) {
        double v = x[i];
        double v2 = v * v;
        double s = 1 / (1 + Math.exp(-2 * SQRT_2_OVER_PI * (v + CUBIC * v2 * v)));
        double du = SQRT_2_OVER_PI * (1 + 3 * CUBIC * v2);
        d[i] = (float) (g[i] * (s + v * 2 * s * (1 - s) * du));
      }
    } else {
      for (int i = 0; i < n; i++) {
        double v = x[i];
        double cdf = 0.5 * Erf.erfc(-v * SQRT_HALF);
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
        d[i] = (float) (g[i] * (cdf + v * pdf));
      }
    }
  }
}

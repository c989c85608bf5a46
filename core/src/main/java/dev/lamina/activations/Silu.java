// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * SiLU, also called swish: f(x) = x·σ(x) with σ the logistic sigmoid (Elfwing et al., 2017,
 * https://arxiv.org/abs/1702.03118; Ramachandran et al., 2017, https://arxiv.org/abs/1710.05941,
 * with β = 1); f'(x) = σ(x)·(1 + x·(1 − σ(x))). Smooth, no kinks. Keras 3 {@code "silu"} (alias
 * {@code "swish"}), PyTorch {@code nn.SiLU}; ONNX has no operator for it up to opset 21 (exported
 * as {@code Sigmoid} then {@code Mul}).
 *
 * <p>Computed in double: σ(x) = 1/(1 + e^−x) is 0 or 1, never NaN, for large |x|, so f is finite
 * everywhere (−0 for x → −∞, x for x → +∞).
 */
public record Silu() implements Activation {
  @Override
  public String name() {
    return "silu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double v = x[i];
      y[i] = (float) (v / (1 + Math.exp(-v)));
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double v = x[i];
      double s = 1 / (1 + Math.exp(-v));
      d[i] = (float) (g[i] * s * (1 + v * (1 - s)));
    }
  }
}

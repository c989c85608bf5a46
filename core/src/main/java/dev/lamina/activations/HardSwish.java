// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Hard swish, x times the hard sigmoid of MobileNetV3 (Howard et al., 2019,
 * https://arxiv.org/abs/1905.02244): f(x) = x · relu6(x + 3) / 6, i.e. 0 for x ≤ −3, x for x ≥ 3 and
 * x·(x + 3)/6 between. Keras 3 {@code "hard_silu"} (alias {@code "hard_swish"}), PyTorch
 * {@code nn.Hardswish}, ONNX {@code HardSwish}; no parameters in any of them.
 *
 * <p>f'(x) = 0 for x &lt; −3, x/3 + 1/2 for −3 ≤ x ≤ 3, 1 for x &gt; 3. At the kinks this gives
 * −1/2 at x = −3 and 3/2 at x = 3, PyTorch's {@code hardswish_backward} formula (the reference
 * values follow it); Keras 3, differentiating x · hard_sigmoid(x) with relu6'(0) = relu6'(6) = 0,
 * gives 0 and 1 there. Only inputs exactly at ±3 see the difference.
 */
public record HardSwish() implements Activation {
  @Override
  public String name() {
    return "hard_swish";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double v = x[i];
      double r = v + 3;
      y[i] = (float) (v * (r < 0 ? 0 : r > 6 ? 6 : r) / 6); // NaN stays NaN
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double v = x[i];
      d[i] = v < -3 ? 0f : v <= 3 ? (float) (g[i] * (v / 3 + 0.5)) : g[i];
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * Hard sigmoid, a piecewise linear sigmoid: f(x) = max(0, min(1, alpha·x + beta)); f'(x) = alpha
 * where 0 &lt; alpha·x + beta &lt; 1, else 0, so 0 at both kinks (as PyTorch and TensorFlow).
 *
 * <p>Two definitions are in use; pass alpha and beta explicitly when porting a model:
 * <ul>
 *   <li>alpha = 1/6, beta = 0.5, i.e. relu6(x + 3) / 6 with kinks at ±3 ({@link #DEFAULT_ALPHA},
 *       {@link #DEFAULT_BETA}, the preset {@link Activations#HARD_SIGMOID}): Keras 3
 *       {@code "hard_sigmoid"}, PyTorch {@code nn.Hardsigmoid}, MobileNetV3 (Howard et al., 2019,
 *       https://arxiv.org/abs/1905.02244).
 *   <li>alpha = 0.2, beta = 0.5, kinks at ±2.5: Keras 2 / {@code tf.keras} up to 2.15
 *       {@code "hard_sigmoid"}, and the defaults of the ONNX {@code HardSigmoid} operator (whose
 *       attributes are these alpha and beta): {@code Activations.hardSigmoid(0.2, 0.5)}.
 * </ul>
 *
 * @param alpha the slope, finite and &gt; 0
 * @param beta the value at x = 0, finite
 */
public record HardSigmoid(double alpha, double beta) implements Activation {
  /** 1/6: Keras 3 and PyTorch (ONNX's default is 0.2, Keras 2's). */
  public static final double DEFAULT_ALPHA = 1.0 / 6;
  /** 0.5, as Keras (2 and 3), PyTorch and ONNX. */
  public static final double DEFAULT_BETA = 0.5;

  /**
   * @throws IllegalArgumentException if alpha is not finite and &gt; 0, or beta is not finite
   */
  public HardSigmoid {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("HardSigmoid: alpha must be finite and > 0, but was " + alpha);
    }
    if (!Double.isFinite(beta)) {
      throw new IllegalArgumentException("HardSigmoid: beta must be finite, but was " + beta);
    }
  }

  @Override
  public String name() {
    return "hard_sigmoid";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double t = alpha * x[i] + beta;
      y[i] = (float) (t < 0 ? 0 : t > 1 ? 1 : t); // NaN stays NaN
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      double t = alpha * x[i] + beta;
      d[i] = t > 0 && t < 1 ? (float) (alpha * g[i]) : 0f;
    }
  }
}

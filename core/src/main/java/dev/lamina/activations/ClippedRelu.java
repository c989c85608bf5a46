// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * ReLU capped at {@code maxValue}: f(x) = min(max(x, 0), maxValue); f'(x) = 1 for
 * 0 &lt; x &lt; maxValue, else 0, so 0 at both kinks x = 0 and x = maxValue (as PyTorch's
 * {@code ReLU6}/{@code Hardtanh} and TensorFlow's {@code relu6}).
 *
 * <p>With maxValue = 6 ({@link Activations#RELU6}) this is ReLU6 of MobileNet (Howard et al., 2017,
 * https://arxiv.org/abs/1704.04861): Keras {@code "relu6"} and {@code layers.ReLU(max_value=6)},
 * PyTorch {@code nn.ReLU6}. Other caps are Keras {@code layers.ReLU(max_value=m)} or
 * {@code activations.relu(x, max_value=m)} (Keras' {@code negative_slope} and {@code threshold}
 * options are not supported here; {@link LeakyRelu} covers a negative slope without cap). As a
 * layer: {@code Layers.activation(Activations.relu(m))}.
 *
 * @param maxValue the cap, finite and &gt; 0
 */
public record ClippedRelu(double maxValue) implements Activation {
  /** 6, the cap of ReLU6. */
  public static final double RELU6_MAX_VALUE = 6;

  /**
   * @throws IllegalArgumentException if maxValue is not finite and &gt; 0
   */
  public ClippedRelu {
    if (!(maxValue > 0) || Double.isInfinite(maxValue)) {
      throw new IllegalArgumentException("ClippedRelu: maxValue must be finite and > 0, but was " + maxValue);
    }
  }

  /** {@code "relu6"} for maxValue 6 (Keras' name), else {@code "relu"} (Keras' relu with max_value). */
  @Override
  public String name() {
    return maxValue == RELU6_MAX_VALUE ? "relu6" : "relu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    float cap = (float) maxValue;
    float[] x = z.data();
    float[] y = out.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      y[i] = Math.min(Math.max(x[i], 0f), cap);
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    float cap = (float) maxValue;
    float[] x = z.data();
    float[] g = dOut.data();
    float[] d = dz.data();
    for (int i = 0, n = z.size(); i < n; i++) {
      d[i] = x[i] > 0 & x[i] < cap ? g[i] : 0f;
    }
  }
}

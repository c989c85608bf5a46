// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
/**
 * The activation functions, by their Keras names. Constants for the ones without parameters and
 * factories for the others:
 *
 * <pre>{@code
 * Layers.dense(300).activation(Activations.ELU)
 * Layers.dense(300).activation(Activations.leakyRelu(0.2))
 * }</pre>
 */
public final class Activations {
  /** Identity: f(x) = x. The Dense default. */
  public static final Activation LINEAR = new Linear();
  /** f(x) = 1 / (1 + e^-x). */
  public static final Activation SIGMOID = new Sigmoid();
  /** f(x) = tanh(x). */
  public static final Activation TANH = new Tanh();
  /** f(x) = max(x, 0); derivative 0 at x = 0 (as Keras and PyTorch). */
  public static final Activation RELU = new Relu();
  /** Leaky ReLU with the Keras {@code LeakyReLU} layer default slope 0.3 ({@link LeakyRelu#DEFAULT_ALPHA}). */
  public static final Activation LEAKY_RELU = new LeakyRelu(LeakyRelu.DEFAULT_ALPHA);
  /** ELU with alpha 1.0 ({@link Elu#DEFAULT_ALPHA}). */
  public static final Activation ELU = new Elu(Elu.DEFAULT_ALPHA);
  /** Scaled ELU with the self-normalising constants of Klambauer et al. (as Keras). */
  public static final Activation SELU = new Selu();
  /** Softmax over the last axis (each row). */
  public static final Activation SOFTMAX = new Softmax();
  /** Log-softmax over the last axis (PyTorch's {@code LogSoftmax(dim=-1)}), for imported models. */
  public static final Activation LOG_SOFTMAX = new LogSoftmax();
  /** ReLU6: f(x) = min(max(x, 0), 6), MobileNet's; derivative 0 at 0 and 6 ({@link ClippedRelu}). */
  public static final Activation RELU6 = new ClippedRelu(ClippedRelu.RELU6_MAX_VALUE);
  /**
   * Hard sigmoid as Keras 3 and PyTorch define it: relu6(x + 3) / 6, slope 1/6 ({@link HardSigmoid};
   * Keras 2 and ONNX's defaults use slope 0.2: {@link #hardSigmoid hardSigmoid(0.2, 0.5)}).
   */
  public static final Activation HARD_SIGMOID = new HardSigmoid(HardSigmoid.DEFAULT_ALPHA, HardSigmoid.DEFAULT_BETA);
  /** Hard swish: x · relu6(x + 3) / 6 (Keras 3 {@code hard_silu}, PyTorch {@code Hardswish}; {@link HardSwish}). */
  public static final Activation HARD_SWISH = new HardSwish();
  /** SiLU (swish): x·σ(x) ({@link Silu}). */
  public static final Activation SILU = new Silu();
  /** Exact GELU, x·Φ(x): the default of Keras' {@code "gelu"} activation and of PyTorch ({@link Gelu}). */
  public static final Activation GELU = new Gelu(false);
  /** GELU's tanh approximation (Keras {@code approximate=True}, PyTorch {@code approximate='tanh'}; {@link Gelu}). */
  public static final Activation GELU_TANH = new Gelu(true);
  /** Softplus: log(1 + e^x), computed stably ({@link Softplus}). */
  public static final Activation SOFTPLUS = new Softplus();

  private Activations() {}

  /** Leaky ReLU: f(x) = x for x > 0, alpha·x otherwise. */
  public static Activation leakyRelu(double alpha) {
    return new LeakyRelu(alpha);
  }

  /** ELU: f(x) = x for x > 0, alpha·(e^x − 1) otherwise. */
  public static Activation elu(double alpha) {
    return new Elu(alpha);
  }

  /**
   * ReLU capped at {@code maxValue}: min(max(x, 0), maxValue), Keras {@code ReLU(max_value=...)};
   * {@code relu(6)} is {@link #RELU6}.
   *
   * @throws IllegalArgumentException if maxValue is not finite and &gt; 0
   */
  public static Activation relu(double maxValue) {
    return new ClippedRelu(maxValue);
  }

  /**
   * Hard sigmoid max(0, min(1, alpha·x + beta)). {@link #HARD_SIGMOID} is (1/6, 0.5), Keras 3's and
   * PyTorch's; {@code hardSigmoid(0.2, 0.5)} is Keras 2's and the ONNX operator's default.
   *
   * @throws IllegalArgumentException if alpha is not finite and &gt; 0, or beta is not finite
   */
  public static Activation hardSigmoid(double alpha, double beta) {
    return new HardSigmoid(alpha, beta);
  }

  /**
   * GELU, exact ({@code approximate} false, {@link #GELU}) or its tanh approximation (true,
   * {@link #GELU_TANH}), as Keras' {@code gelu(x, approximate=...)}.
   */
  public static Activation gelu(boolean approximate) {
    return approximate ? GELU_TANH : GELU;
  }

  /**
   * An element-wise activation of one's own: {@code f} and its derivative, which is given both the
   * input x and the output y = f(x) (so that, say, sigmoid's can be {@code (x, y) -> y * (1 - y)}).
   *
   * <pre>{@code
   * Activation swish = Activations.of("swish", x -> x / (1 + Math.exp(-x)),
   *     (x, y) -> { double s = 1 / (1 + Math.exp(-x)); return s + x * s * (1 - s); });
   * }</pre>
   *
   * @param name the name in summaries and errors
   */
  public static Activation of(String name, DoubleUnaryOperator function, DoubleBinaryOperator derivative) {
    return new Elementwise(name, function, derivative);
  }

  /** All activations with their default parameters, for contract tests and documentation. */
  public static java.util.List<Activation> all() {
    return java.util.List.of(LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, ELU, SELU, SOFTMAX, LOG_SOFTMAX,
        RELU6, HARD_SIGMOID, HARD_SWISH, SILU, GELU, GELU_TANH, SOFTPLUS);
  }
}

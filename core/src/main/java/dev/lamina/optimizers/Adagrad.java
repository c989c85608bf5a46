// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import org.jspecify.annotations.Nullable;

/**
 * Adagrad: per-element learning rates that shrink with the sum of all squared gradients so far.
 *
 * <pre>
 * acc ← acc + g²     (acc starts at the initial accumulator value)
 * Keras (default):  w ← w − lr·g / √(acc + ε)
 * PyTorch:          w ← w − lr·g / (√acc + ε)
 * </pre>
 *
 * <p>Paper: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", 2011, https://www.jmlr.org/papers/volume12/duchi11a/duchi11a.pdf
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/adagrad.py}): learning rate 0.001, initial
 * accumulator value 0.1 (under {@link Convention#PYTORCH}: 0, as {@code torch.optim.Adagrad}),
 * ε 1e-7. Example: {@code Optimizers.adagrad().learningRate(0.01).build()}.
 */
public final class Adagrad extends Optimizer {
  /** 0.001, as Keras 3 {@code Adagrad(learning_rate=0.001)} (PyTorch: 0.01). */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** 0.1, as Keras 3 {@code initial_accumulator_value=0.1}. */
  public static final double KERAS_INITIAL_ACCUMULATOR_VALUE = 0.1;
  /** 0, as PyTorch {@code initial_accumulator_value=0}; the default under {@link Convention#PYTORCH}. */
  public static final double PYTORCH_INITIAL_ACCUMULATOR_VALUE = 0;
  /** 1e-7, as Keras 3 {@code epsilon=1e-7} (PyTorch: 1e-10). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double initialAccumulatorValue;
  private final double epsilon;

  private Adagrad(Builder b) {
    super(b);
    this.initialAccumulatorValue = b.initialAccumulatorValue != null ? b.initialAccumulatorValue
        : b.convention == Convention.KERAS ? KERAS_INITIAL_ACCUMULATOR_VALUE : PYTORCH_INITIAL_ACCUMULATOR_VALUE;
    this.epsilon = b.epsilon;
  }

  public double initialAccumulatorValue() {
    return initialAccumulatorValue;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step, int from,
      int to) {
    boolean keras = convention() == Convention.KERAS;
    float lr = (float) learningRate;
    float epsInside = keras ? (float) epsilon : 0;
    float epsOutside = keras ? 0 : (float) epsilon;
    float[] acc = slots.get("accumulator", (float) initialAccumulatorValue);
    KERNELS.adagrad(w, g, acc, lr, epsInside, epsOutside, from, to);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link Adagrad}; the common options are those of {@link OptimizerBuilder}. */
  public static final class Builder extends OptimizerOptions<Builder> implements OptimizerBuilder {
    private @Nullable Double initialAccumulatorValue;
    private double epsilon = DEFAULT_EPSILON;

    private Builder() {
      super("Adagrad", DEFAULT_LEARNING_RATE);
    }

    /** The accumulators' starting value, ≥ 0; default 0.1 (Keras) or 0 (PyTorch convention). */
    public Builder initialAccumulatorValue(double value) {
      this.initialAccumulatorValue = nonNegative("initialAccumulatorValue", value);
      return this;
    }

    /** ε ≥ 0, where it goes depends on the {@link Convention}; default 1e-7. */
    public Builder epsilon(double epsilon) {
      this.epsilon = nonNegative("epsilon", epsilon);
      return this;
    }

    @Override
    public Adagrad build() {
      return new Adagrad(this);
    }
  }
}

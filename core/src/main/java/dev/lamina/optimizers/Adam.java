// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import java.util.Objects;
import java.util.function.LongToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Adam: gradient steps scaled by running estimates of the first and second moments.
 *
 * <pre>
 * m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²              (AMSGrad: v̂ ← max(v̂, v), used for v)
 * Keras (default):  w ← w − lr·√(1 − β2^t)/(1 − β1^t) · m / (√v + ε)          ε is "epsilon hat"
 * PyTorch:          w ← w − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)        Algorithm 1 of the paper
 * </pre>
 *
 * The two differ only in where ε goes: PyTorch's equals Keras' with ε replaced by ε·√(1 − β2^t).
 *
 * <p>Paper: Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2014,
 * https://arxiv.org/abs/1412.6980; AMSGrad: Reddi et al., 2018, https://openreview.net/forum?id=ryQu7f-RZ
 *
 * <p>β1 may follow a schedule evaluated at the same step as the learning rate, for the 1cycle
 * policy; as PyTorch's {@code OneCycleLR} with Adam, the bias correction then uses the current
 * β1: {@code 1 − β1(t)^t}. Example:
 * {@code OneCycle c = Schedules.oneCycle(0.01, steps); Optimizers.adam().learningRate(c).beta1(c::momentumAt)}.
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/adam.py}): learning rate 0.001, β1 0.9, β2 0.999,
 * ε 1e-7, no AMSGrad. {@link AdamW} is this optimizer with weight decay. Example:
 * {@code Optimizers.adam().learningRate(3e-4).beta2(0.99).build()}.
 */
public final class Adam extends Optimizer {
  /** 0.001, as Keras 3 {@code Adam(learning_rate=0.001)} and PyTorch. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** 0.9, as Keras 3, PyTorch and the paper. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** 0.999, as Keras 3, PyTorch and the paper. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** 1e-7, as Keras 3 {@code epsilon=1e-7} (PyTorch and the paper: 1e-8). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double beta1;
  private final @Nullable LongToDoubleFunction beta1Schedule;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;

  private Adam(Builder b) {
    super(b);
    this.beta1 = b.beta1;
    this.beta1Schedule = b.beta1Schedule;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.amsgrad = b.amsgrad;
  }

  /** β1 of the next update: the constant, or the schedule at {@link #iterations()}. */
  public double beta1() {
    return beta1At(iterations());
  }

  private double beta1At(long step) {
    if (beta1Schedule == null) {
      return beta1;
    }
    double b = beta1Schedule.applyAsDouble(step);
    if (!(b >= 0 && b < 1)) {
      throw new IllegalArgumentException("Adam: beta1 must be in [0, 1), but the schedule gave " + b + " at step " + step);
    }
    return b;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean amsgrad() {
    return amsgrad;
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step, int from,
      int to) {
    double beta1 = beta1At(step - 1);
    double correction2 = Math.sqrt(1 - Math.pow(beta2, step));
    float alpha = (float) (learningRate * correction2 / (1 - Math.pow(beta1, step)));
    float eps = (float) (convention() == Convention.KERAS ? epsilon : epsilon * correction2);
    float b1 = (float) beta1;
    float b1c = (float) (1 - beta1);
    float b2 = (float) beta2;
    float b2c = (float) (1 - beta2); // 1 − β in double: 1 − 0.999f is 1.3e-5 off
    float[] m = slots.get("momentum");
    float[] v = slots.get("velocity");
    float[] vMax = amsgrad ? slots.get("velocity_hat") : v;
    KERNELS.adam(w, g, m, v, vMax, b1, b1c, b2, b2c, alpha, eps, from, to);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link Adam}; the common options are those of {@link OptimizerBuilder}. */
  public static final class Builder extends OptimizerOptions<Builder> implements OptimizerBuilder {
    private double beta1 = DEFAULT_BETA1;
    private @Nullable LongToDoubleFunction beta1Schedule;
    private double beta2 = DEFAULT_BETA2;
    private double epsilon = DEFAULT_EPSILON;
    private boolean amsgrad;

    private Builder() {
      super("Adam", DEFAULT_LEARNING_RATE);
    }

    /** Decay rate of the first-moment estimate, in [0, 1); default 0.9. */
    public Builder beta1(double beta1) {
      this.beta1 = fraction("beta1", beta1);
      this.beta1Schedule = null;
      return this;
    }

    /**
     * β1 as a function of the number of updates applied before each update, like the learning
     * rate ({@code OneCycle::momentumAt}); each value must be in [0, 1).
     */
    public Builder beta1(LongToDoubleFunction schedule) {
      this.beta1Schedule = Objects.requireNonNull(schedule, "beta1");
      return this;
    }

    /** Decay rate of the second-moment estimate, in [0, 1); default 0.999. */
    public Builder beta2(double beta2) {
      this.beta2 = fraction("beta2", beta2);
      return this;
    }

    /** ε ≥ 0, where it goes depends on the {@link Convention}; default 1e-7. */
    public Builder epsilon(double epsilon) {
      this.epsilon = nonNegative("epsilon", epsilon);
      return this;
    }

    /** The AMSGrad variant: divide by the running maximum of v; default false. */
    public Builder amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return this;
    }

    @Override
    public Adam build() {
      return new Adam(this);
    }
  }
}

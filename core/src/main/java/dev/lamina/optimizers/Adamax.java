// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

/**
 * Adamax: Adam with the infinity norm, u = max(β2·u, |g|), in place of the second moment.
 *
 * <pre>
 * m ← β1·m + (1 − β1)·g
 * Keras (default):  u ← max(β2·u, |g|);       w ← w − lr/(1 − β1^t) · m / (u + ε)
 * PyTorch:          u ← max(β2·u, |g| + ε);   w ← w − lr/(1 − β1^t) · m / u
 * </pre>
 *
 * <p>Paper: Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2014, section 7.1,
 * https://arxiv.org/abs/1412.6980
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/adamax.py}): learning rate 0.001, β1 0.9,
 * β2 0.999, ε 1e-7. Example: {@code Optimizers.adamax().learningRate(0.002).build()}.
 */
public final class Adamax extends Optimizer {
  /** 0.001, as Keras 3 {@code Adamax(learning_rate=0.001)} (PyTorch and the paper: 0.002). */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** 0.9, as Keras 3, PyTorch and the paper. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** 0.999, as Keras 3, PyTorch and the paper. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** 1e-7, as Keras 3 {@code epsilon=1e-7} (PyTorch: 1e-8). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double beta1;
  private final double beta2;
  private final double epsilon;

  private Adamax(Builder b) {
    super(b);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step, int from,
      int to) {
    boolean keras = convention() == Convention.KERAS;
    float rate = (float) (learningRate / (1 - Math.pow(beta1, step)));
    float epsInside = keras ? 0 : (float) epsilon; // inside the max
    float epsOutside = keras ? (float) epsilon : 0;
    float b1 = (float) beta1;
    float b1c = (float) (1 - beta1);
    float b2 = (float) beta2;
    float[] m = slots.get("momentum");
    float[] u = slots.get("norm");
    KERNELS.adamax(w, g, m, u, b1, b1c, b2, rate, epsInside, epsOutside, from, to);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link Adamax}; the common options are those of {@link OptimizerBuilder}. */
  public static final class Builder extends OptimizerOptions<Builder> implements OptimizerBuilder {
    private double beta1 = DEFAULT_BETA1;
    private double beta2 = DEFAULT_BETA2;
    private double epsilon = DEFAULT_EPSILON;

    private Builder() {
      super("Adamax", DEFAULT_LEARNING_RATE);
    }

    /** Decay rate of the first-moment estimate, in [0, 1); default 0.9. */
    public Builder beta1(double beta1) {
      this.beta1 = fraction("beta1", beta1);
      return this;
    }

    /** Decay rate of the infinity norm, in [0, 1); default 0.999. */
    public Builder beta2(double beta2) {
      this.beta2 = fraction("beta2", beta2);
      return this;
    }

    /** ε ≥ 0, where it goes depends on the {@link Convention}; default 1e-7. */
    public Builder epsilon(double epsilon) {
      this.epsilon = nonNegative("epsilon", epsilon);
      return this;
    }

    @Override
    public Adamax build() {
      return new Adamax(this);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Nadam: Adam with Nesterov momentum, using a momentum schedule μ_t.
 *
 * <pre>
 * μ_t = β1·(1 − ½·0.96^(t·ψ));   P_t = μ_1·…·μ_t
 * m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
 * m̂ = μ_{t+1}·m / (1 − P_t·μ_{t+1}) + (1 − μ_t)·g / (1 − P_t);   v̂ = v / (1 − β2^t)
 * w ← w − lr·m̂ / (√v̂ + ε)
 * </pre>
 *
 * Keras 3 and PyTorch (as fixed in pytorch PR #92699) share this formula and ε placement; they
 * differ in ψ ({@link Builder#momentumDecay}): Keras has no decay factor (ψ = 1), PyTorch uses
 * {@code momentum_decay} = 0.004, so the two schedules differ a lot in the first hundreds of steps.
 *
 * <p>Paper: Dozat, "Incorporating Nesterov Momentum into Adam", 2016,
 * https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/nadam.py}): learning rate 0.001, β1 0.9, β2 0.999,
 * ε 1e-7, ψ 1 (under {@link Convention#PYTORCH}: 0.004). Example:
 * {@code Optimizers.nadam().learningRate(0.002).build()}.
 */
public final class Nadam extends Optimizer {
  /** 0.001, as Keras 3 {@code Nadam(learning_rate=0.001)} (PyTorch: 0.002). */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** 0.9, as Keras 3 and PyTorch. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** 0.999, as Keras 3 and PyTorch. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** 1e-7, as Keras 3 {@code epsilon=1e-7} (PyTorch: 1e-8). */
  public static final double DEFAULT_EPSILON = 1e-7;
  /** ψ = 1: Keras 3's schedule β1·(1 − ½·0.96^t) has no decay factor. */
  public static final double KERAS_MOMENTUM_DECAY = 1;
  /** ψ = 0.004, as PyTorch {@code momentum_decay=0.004}; the default under {@link Convention#PYTORCH}. */
  public static final double PYTORCH_MOMENTUM_DECAY = 0.004;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double momentumDecay;
  private double muProduct = 1; // P_t, advanced once per update by startStep

  private Nadam(Builder b) {
    super(b);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.momentumDecay = b.momentumDecay != null ? b.momentumDecay
        : b.convention == Convention.KERAS ? KERAS_MOMENTUM_DECAY : PYTORCH_MOMENTUM_DECAY;
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

  /** ψ of the momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ)). */
  public double momentumDecay() {
    return momentumDecay;
  }

  private double mu(long t) {
    return beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
  }

  @Override
  protected void startStep(long step) {
    muProduct *= mu(step);
  }

  @Override
  protected void putScalarState(Map<String, Double> state) {
    state.put("mu_product", muProduct);
  }

  @Override
  protected void restoreScalarState(Map<String, Double> state) {
    muProduct = required(state, "mu_product");
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step, int from,
      int to) {
    double mu = mu(step);
    double muNext = mu(step + 1);
    float cm = (float) (learningRate * muNext / (1 - muProduct * muNext));
    float cg = (float) (learningRate * (1 - mu) / (1 - muProduct));
    float correction2 = (float) (1 / (1 - Math.pow(beta2, step)));
    float eps = (float) epsilon;
    float b1 = (float) beta1;
    float b1c = (float) (1 - beta1);
    float b2 = (float) beta2;
    float b2c = (float) (1 - beta2);
    float[] m = slots.get("momentum");
    float[] v = slots.get("velocity");
    KERNELS.nadam(w, g, m, v, b1, b1c, b2, b2c, cm, cg, correction2, eps, from, to);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link Nadam}; the common options are those of {@link OptimizerBuilder}. */
  public static final class Builder extends OptimizerOptions<Builder> implements OptimizerBuilder {
    private double beta1 = DEFAULT_BETA1;
    private double beta2 = DEFAULT_BETA2;
    private double epsilon = DEFAULT_EPSILON;
    private @Nullable Double momentumDecay;

    private Builder() {
      super("Nadam", DEFAULT_LEARNING_RATE);
    }

    /** Decay rate of the first-moment estimate and the scale of μ_t, in [0, 1); default 0.9. */
    public Builder beta1(double beta1) {
      this.beta1 = fraction("beta1", beta1);
      return this;
    }

    /** Decay rate of the second-moment estimate, in [0, 1); default 0.999. */
    public Builder beta2(double beta2) {
      this.beta2 = fraction("beta2", beta2);
      return this;
    }

    /** ε ≥ 0, added to √v̂ under both conventions; default 1e-7. */
    public Builder epsilon(double epsilon) {
      this.epsilon = nonNegative("epsilon", epsilon);
      return this;
    }

    /** ψ ≥ 0 in μ_t = β1·(1 − ½·0.96^(t·ψ)); default 1 (Keras) or 0.004 (PyTorch convention). */
    public Builder momentumDecay(double momentumDecay) {
      this.momentumDecay = nonNegative("momentumDecay", momentumDecay);
      return this;
    }

    @Override
    public Nadam build() {
      return new Nadam(this);
    }
  }
}

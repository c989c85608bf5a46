// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

/**
 * RMSprop: gradient steps divided by the root of a moving average of squared gradients.
 *
 * <pre>
 * v ← ρ·v + (1 − ρ)·g²;   centered: a ← ρ·a + (1 − ρ)·g and v is replaced by v − a² below
 * Keras (default):  d = √(v + ε);   without momentum w ← w − lr·g/d;   else b ← μ·b + lr·g/d;  w ← w − b
 * PyTorch:          d = √v + ε;     without momentum w ← w − lr·g/d;   else b ← μ·b + g/d;     w ← w − lr·b
 * </pre>
 *
 * With momentum the two agree while the learning rate is constant, apart from ε. PyTorch calls ρ
 * {@code alpha}.
 *
 * <p>Source: Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012,
 * http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf; centered: Graves, 2013,
 * https://arxiv.org/abs/1308.0850
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/rmsprop.py}): learning rate 0.001, ρ 0.9,
 * momentum 0, ε 1e-7, not centered. Example:
 * {@code Optimizers.rmsprop().learningRate(1e-3).momentum(0.9).centered(true).build()}.
 */
public final class RMSprop extends Optimizer {
  /** 0.001, as Keras 3 {@code RMSprop(learning_rate=0.001)} (PyTorch: 0.01). */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** 0.9, as Keras 3 {@code rho=0.9} (PyTorch {@code alpha=0.99}). */
  public static final double DEFAULT_RHO = 0.9;
  /** 0, as Keras 3 and PyTorch. */
  public static final double DEFAULT_MOMENTUM = 0;
  /** 1e-7, as Keras 3 {@code epsilon=1e-7} (PyTorch: 1e-8). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;

  private RMSprop(Builder b) {
    super(b);
    this.rho = b.rho;
    this.momentum = b.momentum;
    this.epsilon = b.epsilon;
    this.centered = b.centered;
  }

  public double rho() {
    return rho;
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean centered() {
    return centered;
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step, int from,
      int to) {
    boolean keras = convention() == Convention.KERAS;
    float lr = (float) learningRate;
    float r = (float) rho;
    float rc = (float) (1 - rho);
    float mu = (float) momentum;
    float epsInside = keras ? (float) epsilon : 0;
    float epsOutside = keras ? 0 : (float) epsilon;
    float in = keras ? lr : 1; // the momentum buffer holds lr·g/d (Keras) or g/d (PyTorch)
    float out = keras ? 1 : lr;
    float[] v = slots.get("velocity");
    float[] a = centered ? slots.get("average_gradient") : null;
    float[] b = momentum > 0 ? slots.get("momentum") : null;
    KERNELS.rmsprop(w, g, v, a, b, r, rc, lr, mu, in, out, epsInside, epsOutside, from, to);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link RMSprop}; the common options are those of {@link OptimizerBuilder}. */
  public static final class Builder extends OptimizerOptions<Builder> implements OptimizerBuilder {
    private double rho = DEFAULT_RHO;
    private double momentum = DEFAULT_MOMENTUM;
    private double epsilon = DEFAULT_EPSILON;
    private boolean centered;

    private Builder() {
      super("RMSprop", DEFAULT_LEARNING_RATE);
    }

    /** Decay rate of the squared-gradient average, in [0, 1); default 0.9. */
    public Builder rho(double rho) {
      this.rho = fraction("rho", rho);
      return this;
    }

    /** μ in [0, 1]; default 0 (no momentum buffer). */
    public Builder momentum(double momentum) {
      this.momentum = check(momentum >= 0 && momentum <= 1, "momentum", "in [0, 1]", momentum);
      return this;
    }

    /** ε ≥ 0, where it goes depends on the {@link Convention}; default 1e-7. */
    public Builder epsilon(double epsilon) {
      this.epsilon = nonNegative("epsilon", epsilon);
      return this;
    }

    /** Divide by the estimated variance v − a² instead of v; default false. */
    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    @Override
    public RMSprop build() {
      return new RMSprop(this);
    }
  }
}

package dev.lamina.optimizers;

import dev.lamina.schedules.LearningRateSchedule;

/**
 * Stochastic gradient descent, with momentum and Nesterov momentum, in Keras' form:
 *
 * <pre>
 * momentum = 0:  w ← w − lr·g
 * otherwise:     m ← momentum·m − lr·g;   w ← w + m                 (Nesterov: w ← w + momentum·m − lr·g)
 * </pre>
 *
 * PyTorch keeps {@code b ← momentum·b + g; w ← w − lr·b}; the two give identical weights while the
 * learning rate is constant and differ when it changes.
 *
 * <p>Defaults as Keras: learning rate 0.01, momentum 0, no Nesterov.
 */
public final class SGD extends Optimizer {
  /** 0.01, Keras' default. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;

  private final double momentum;
  private final boolean nesterov;

  private SGD(Builder b) {
    super(b.options.learningRate, b.options.clipping);
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step) {
    float lr = (float) learningRate;
    if (momentum == 0) {
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
      }
      return;
    }
    float mu = (float) momentum;
    float[] m = slots.get("momentum");
    for (int i = 0; i < w.length; i++) {
      m[i] = mu * m[i] - lr * g[i];
      w[i] += nesterov ? mu * m[i] - lr * g[i] : m[i];
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link SGD}; methods are named after the properties. */
  public static final class Builder {
    private final OptimizerOptions options = new OptimizerOptions(DEFAULT_LEARNING_RATE);
    private double momentum;
    private boolean nesterov;

    private Builder() {}

    public Builder learningRate(double learningRate) {
      options.learningRate(learningRate);
      return this;
    }

    public Builder learningRate(LearningRateSchedule schedule) {
      options.learningRate(schedule);
      return this;
    }

    /** In [0, 1]; default 0. */
    public Builder momentum(double momentum) {
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException("SGD: momentum must be in [0, 1], but was " + momentum);
      }
      this.momentum = momentum;
      return this;
    }

    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** Clamps each gradient element to [−c, c]. */
    public Builder clipValue(double c) {
      options.clipping(Clipping.Kind.VALUE, c);
      return this;
    }

    /** Rescales each gradient tensor to norm ≤ c. */
    public Builder clipNorm(double c) {
      options.clipping(Clipping.Kind.NORM, c);
      return this;
    }

    /** Rescales all gradients together to global norm ≤ c. */
    public Builder globalClipNorm(double c) {
      options.clipping(Clipping.Kind.GLOBAL_NORM, c);
      return this;
    }

    public SGD build() {
      return new SGD(this);
    }
  }
}

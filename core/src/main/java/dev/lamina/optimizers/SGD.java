// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import java.util.Objects;
import java.util.function.LongToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Stochastic gradient descent, with momentum and Nesterov momentum.
 *
 * <pre>
 * momentum = 0:        w ← w − lr·g
 * Keras (default):     m ← μ·m − lr·g;   w ← w + m          Nesterov: w ← w + μ·m − lr·g
 * PyTorch:             b ← μ·b + g;      w ← w − lr·b       Nesterov: w ← w − lr·(g + μ·b)
 * </pre>
 *
 * The two conventions give identical weights while the learning rate is constant (m = −lr·b) and
 * differ when it changes: Keras' buffer keeps the old rates, PyTorch's applies the new rate to it.
 *
 * <p>Paper: Sutskever et al., "On the importance of initialization and momentum in deep learning",
 * 2013, https://proceedings.mlr.press/v28/sutskever13.html
 *
 * <p>Momentum may follow a schedule evaluated at the same step as the learning rate, for the
 * 1cycle policy (PyTorch's {@code OneCycleLR(cycle_momentum=True)} sets it before each update):
 * {@code OneCycle c = Schedules.oneCycle(0.1, steps); Optimizers.sgd().learningRate(c).momentum(c::momentumAt)}.
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/sgd.py}): learning rate 0.01, momentum 0, no
 * Nesterov. Example: {@code Optimizers.sgd().learningRate(0.01).momentum(0.9).nesterov(true).build()}.
 */
public final class SGD extends Optimizer {
  /** 0.01, as Keras 3 {@code SGD(learning_rate=0.01)}. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;
  /** 0, as Keras 3 and PyTorch. */
  public static final double DEFAULT_MOMENTUM = 0;

  private final double momentum;
  private final @Nullable LongToDoubleFunction momentumSchedule;
  private final boolean nesterov;

  private SGD(Builder b) {
    super(b);
    this.momentum = b.momentum;
    this.momentumSchedule = b.momentumSchedule;
    this.nesterov = b.nesterov;
  }

  /** The momentum of the next update: the constant, or the schedule at {@link #iterations()}. */
  public double momentum() {
    return momentumAt(iterations());
  }

  private double momentumAt(long step) {
    if (momentumSchedule == null) {
      return momentum;
    }
    double mu = momentumSchedule.applyAsDouble(step);
    if (!(mu >= 0 && mu <= 1)) {
      throw new IllegalArgumentException("SGD: momentum must be in [0, 1], but the schedule gave " + mu + " at step " + step);
    }
    return mu;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected void update(float[] w, float[] g, Slots slots, double learningRate, long step, int from,
      int to) {
    float lr = (float) learningRate;
    if (momentumSchedule == null && momentum == 0) {
      KERNELS.sgd(w, g, lr, from, to);
      return;
    }
    // one loop for both: b ← μ·b + in·g; w ← w + out·(Nesterov ? μ·b + in·g : b), where Keras
    // keeps m = b with (in, out) = (−lr, 1) and PyTorch (1, −lr)
    boolean keras = convention() == Convention.KERAS;
    float mu = (float) momentumAt(step - 1);
    float in = keras ? -lr : 1;
    float out = keras ? 1 : -lr;
    float[] b = slots.get("momentum");
    KERNELS.momentum(w, g, b, mu, in, out, nesterov, from, to);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link SGD}; the common options are those of {@link OptimizerBuilder}. */
  public static final class Builder extends OptimizerOptions<Builder> implements OptimizerBuilder {
    private double momentum = DEFAULT_MOMENTUM;
    private @Nullable LongToDoubleFunction momentumSchedule;
    private boolean nesterov;

    private Builder() {
      super("SGD", DEFAULT_LEARNING_RATE);
    }

    /** μ in [0, 1]; default 0. */
    public Builder momentum(double momentum) {
      this.momentum = check(momentum >= 0 && momentum <= 1, "momentum", "in [0, 1]", momentum);
      this.momentumSchedule = null;
      return this;
    }

    /**
     * μ as a function of the number of updates applied before each update, like the learning
     * rate ({@code OneCycle::momentumAt}); each value must be in [0, 1].
     */
    public Builder momentum(LongToDoubleFunction schedule) {
      this.momentumSchedule = Objects.requireNonNull(schedule, "momentum");
      return this;
    }

    /** Nesterov momentum; default false. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    @Override
    public SGD build() {
      return new SGD(this);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.optimizers.Optimizer;
import java.util.Objects;

/**
 * Multiplies the learning rate by {@code factor} when a monitored quantity has not improved for
 * {@code patience} epochs, as Keras 3's {@code ReduceLROnPlateau}
 * ({@code keras/src/callbacks/reduce_lr_on_plateau.py}).
 *
 * <p>At each epoch end: during a cooldown the counter {@code cooldown} is decremented and the wait
 * reset; a value that improves on the best (see {@link Improvement}: by more than minDelta)
 * becomes the best and resets the wait; otherwise, outside a cooldown, the wait grows and when it
 * reaches patience the rate becomes {@code max(lr · factor, minLearningRate)} (if lr is above
 * minLearningRate), the wait resets and a cooldown of {@code cooldown} epochs starts. The new rate
 * replaces any schedule ({@link Optimizer#setLearningRate(double)}).
 *
 * <p>Defaults (Keras 3): monitor {@link Monitor#VAL_LOSS}, factor 0.1, patience 10, minDelta 1e-4
 * (absolute), cooldown 0, minLearningRate 0, {@link MonitorMode#AUTO}, which here (as Keras') maximises a
 * monitor whose name contains {@code "acc"} and minimises any other.
 *
 * <p>At each epoch end it adds the learning rate the epoch trained with (before any reduction) to
 * the logs as {@code "learning_rate"} (Keras 3 {@code logs["learning_rate"]}), so the
 * {@code History} and the callbacks after it, such as {@link CSVLogger}, record it.
 *
 * <pre>{@code
 * ReduceLROnPlateau.builder().factor(0.5).patience(5).build()
 * }</pre>
 */
public final class ReduceLROnPlateau implements Callback {
  /** 0.1, as Keras. */
  public static final double DEFAULT_FACTOR = 0.1;
  /** 10, as Keras. */
  public static final int DEFAULT_PATIENCE = 10;
  /** 1e-4, as Keras ({@code min_delta}, absolute). */
  public static final double DEFAULT_MIN_DELTA = 1e-4;

  private final Improvement improvement;
  private final double factor;
  private final int patience;
  private final int cooldown;
  private final double minLearningRate;
  private int wait;
  private int cooldownCounter;
  private double best;

  private ReduceLROnPlateau(Builder b) {
    // Keras 3 (_reset): AUTO maximises a monitor whose name contains "acc" and minimises any other
    this.improvement = new Improvement("ReduceLROnPlateau", b.monitor,
        b.mode == MonitorMode.AUTO ? b.monitor.name().contains("acc") : b.mode == MonitorMode.MAX, b.minDelta);
    this.factor = b.factor;
    this.patience = b.patience;
    this.cooldown = b.cooldown;
    this.minLearningRate = b.minLearningRate;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    wait = 0;
    cooldownCounter = 0;
    best = improvement.worst();
  }

  /** The epochs without improvement, the cooldown left and the best value, for training resumed from a checkpoint. */
  @Override
  public java.util.Map<String, Double> resumeState() {
    return java.util.Map.of("wait", (double) wait, "cooldown", (double) cooldownCounter, "best", best);
  }

  @Override
  public void restoreState(java.util.Map<String, Double> state) {
    wait = state.getOrDefault("wait", 0.0).intValue();
    cooldownCounter = state.getOrDefault("cooldown", 0.0).intValue();
    best = state.getOrDefault("best", best);
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    event.log("learning_rate", event.optimizer().currentLearningRate()); // as Keras 3: the rate before any reduction
    double current = improvement.valueIn(event);
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (improvement.test(current, best)) {
      best = current;
      wait = 0;
    } else if (cooldownCounter == 0 && ++wait >= patience) {
      Optimizer optimizer = event.optimizer();
      double lr = optimizer.currentLearningRate();
      if (lr > (float) minLearningRate) { // Keras compares with np.float32(min_lr)
        optimizer.setLearningRate(Math.max(lr * factor, minLearningRate));
        cooldownCounter = cooldown;
        wait = 0;
      }
    }
  }

  /** Configures a {@link ReduceLROnPlateau}; each method validates and returns this builder. */
  public static final class Builder {
    private Monitor monitor = Monitor.VAL_LOSS;
    private double factor = DEFAULT_FACTOR;
    private int patience = DEFAULT_PATIENCE;
    private MonitorMode mode = MonitorMode.AUTO;
    private double minDelta = DEFAULT_MIN_DELTA;
    private int cooldown;
    private double minLearningRate;

    private Builder() {}

    /** The quantity watched; default {@link Monitor#VAL_LOSS}. */
    public Builder monitor(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    /** The multiplier of the rate, in (0, 1) (Keras rejects ≥ 1); default 0.1. */
    public Builder factor(double factor) {
      if (!(factor > 0 && factor < 1)) {
        throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), but was " + factor);
      }
      this.factor = factor;
      return this;
    }

    /** Epochs without improvement before reducing, ≥ 0; default 10. */
    public Builder patience(int patience) {
      this.patience = nonNegative("patience", patience);
      return this;
    }

    /** Whether the quantity should fall or rise; default {@link MonitorMode#AUTO}. */
    public Builder mode(MonitorMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The absolute change that counts as an improvement, finite; default 1e-4. */
    public Builder minDelta(double minDelta) {
      if (!Double.isFinite(minDelta)) {
        throw new IllegalArgumentException("ReduceLROnPlateau: minDelta must be finite, but was " + minDelta);
      }
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs after a reduction during which no further reduction happens, ≥ 0; default 0. */
    public Builder cooldown(int cooldown) {
      this.cooldown = nonNegative("cooldown", cooldown);
      return this;
    }

    /** The lower bound of the rate, finite and ≥ 0; default 0. */
    public Builder minLearningRate(double minLearningRate) {
      if (!(minLearningRate >= 0 && minLearningRate < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("ReduceLROnPlateau: minLearningRate must be finite and >= 0, but was "
            + minLearningRate);
      }
      this.minLearningRate = minLearningRate;
      return this;
    }

    private static int nonNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException("ReduceLROnPlateau: " + name + " must be >= 0, but was " + value);
      }
      return value;
    }

    /** The callback. */
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }
}

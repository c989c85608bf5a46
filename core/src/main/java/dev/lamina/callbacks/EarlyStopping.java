// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras 3's
 * {@code EarlyStopping} ({@code keras/src/callbacks/early_stopping.py}).
 *
 * <p>At each epoch end from {@code startFromEpoch} on: a wait counter is incremented; a value
 * that improves on the best so far (see {@link Improvement}: by more than minDelta) becomes the
 * best, and resets the counter if it also improves on the baseline (when set); otherwise, once
 * {@code wait >= patience} (and not at epoch 0), training stops. Hence, as in Keras, patience 0
 * and 1 both stop at the first epoch that does not improve.
 *
 * <p>With restoreBestWeights the weights of the best epoch are put back when training ends,
 * whether it stopped early or ran all its epochs (Keras 3; Keras 2 restored only on a stop).
 * Unlike Keras, a monitor that is not logged is an error, not a warning.
 *
 * <p>Defaults (Keras 3): monitor {@link Monitor#VAL_LOSS}, minDelta 0, patience 0,
 * {@link MonitorMode#AUTO}, no baseline, restoreBestWeights false, startFromEpoch 0.
 *
 * <pre>{@code
 * EarlyStopping.builder().monitor(Monitor.VAL_LOSS).patience(10).restoreBestWeights(true).build()
 * }</pre>
 */
public final class EarlyStopping implements Callback {
  private final Improvement improvement;
  private final int patience;
  private final @Nullable Double baseline;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;
  private int wait;
  private double best;
  private int bestEpoch;
  private int stoppedEpoch = -1;
  private @Nullable List<Tensor> bestWeights;

  private EarlyStopping(Builder b) {
    this.improvement = new Improvement("EarlyStopping", b.monitor, b.mode, b.minDelta);
    this.patience = b.patience;
    this.baseline = b.baseline;
    this.restoreBestWeights = b.restoreBestWeights;
    this.startFromEpoch = b.startFromEpoch;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The epochs without improvement, the best value and its epoch, for training resumed from a
   * checkpoint. The best weights of {@code restoreBestWeights} are not saved: after a resume, it
   * restores the best weights of the epochs since (keep the best on disk with
   * {@code ModelCheckpoint.saveBestOnly}).
   */
  @Override
  public java.util.Map<String, Double> resumeState() {
    return java.util.Map.of("wait", (double) wait, "best", best, "best_epoch", (double) bestEpoch);
  }

  @Override
  public void restoreState(java.util.Map<String, Double> state) {
    wait = state.getOrDefault("wait", 0.0).intValue();
    best = state.getOrDefault("best", best);
    bestEpoch = state.getOrDefault("best_epoch", -1.0).intValue();
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    wait = 0;
    stoppedEpoch = -1;
    best = improvement.worst();
    bestEpoch = -1;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    double current = improvement.valueIn(event);
    int epoch = event.epoch();
    if (epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = event.model().getWeights(); // until something improves, the first weights are the best
      bestEpoch = epoch;
    }
    wait++;
    if (improvement.test(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = event.model().getWeights();
      }
      if (baseline == null || improvement.test(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      event.stopTraining("EarlyStopping: " + improvement.monitor().name() + " did not improve for " + wait
          + " epoch(s); the best was " + String.format(java.util.Locale.ROOT, "%.6g", best) + " at epoch " + (bestEpoch + 1));
    }
  }

  @Override
  public void onTrainEnd(TrainEnd event) {
    if (restoreBestWeights && bestWeights != null) {
      event.model().setWeights(bestWeights);
    }
  }

  /** The epoch (0-based) at which this callback stopped the latest training, or -1. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The epoch (0-based) with the best monitored value in the latest training, or -1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored value of the latest training (±∞ before any epoch). */
  public double best() {
    return best;
  }

  /** Configures an {@link EarlyStopping}; each method validates and returns this builder. */
  public static final class Builder {
    private Monitor monitor = Monitor.VAL_LOSS;
    private double minDelta;
    private int patience;
    private MonitorMode mode = MonitorMode.AUTO;
    private @Nullable Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;

    private Builder() {}

    /** The quantity watched; default {@link Monitor#VAL_LOSS}. */
    public Builder monitor(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    /** The absolute change that counts as an improvement (its sign is ignored, as Keras); default 0. */
    public Builder minDelta(double minDelta) {
      if (!Double.isFinite(minDelta)) {
        throw new IllegalArgumentException("EarlyStopping: minDelta must be finite, but was " + minDelta);
      }
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs without improvement before stopping, ≥ 0; default 0. */
    public Builder patience(int patience) {
      if (patience < 0) {
        throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, but was " + patience);
      }
      this.patience = patience;
      return this;
    }

    /** Whether the quantity should fall or rise; default {@link MonitorMode#AUTO}. */
    public Builder mode(MonitorMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** A value the quantity must improve on for the wait to reset; default none. */
    public Builder baseline(double baseline) {
      if (!Double.isFinite(baseline)) {
        throw new IllegalArgumentException("EarlyStopping: baseline must be finite, but was " + baseline);
      }
      this.baseline = baseline;
      return this;
    }

    /** Whether to put back the best epoch's weights when training ends; default false. */
    public Builder restoreBestWeights(boolean restoreBestWeights) {
      this.restoreBestWeights = restoreBestWeights;
      return this;
    }

    /** The first epoch (0-based) that counts, for a warm-up; default 0. */
    public Builder startFromEpoch(int startFromEpoch) {
      if (startFromEpoch < 0) {
        throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be >= 0, but was " + startFromEpoch);
      }
      this.startFromEpoch = startFromEpoch;
      return this;
    }

    /**
     * The callback.
     *
     * @throws IllegalArgumentException if mode is AUTO and the monitor's name gives no direction
     */
    public EarlyStopping build() {
      return new EarlyStopping(this);
    }
  }
}

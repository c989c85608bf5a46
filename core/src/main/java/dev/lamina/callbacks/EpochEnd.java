package dev.lamina.callbacks;

import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The end of an epoch: its results, typed. Keras passes the same values as a {@code logs} dict.
 * One event is shared by every callback of the epoch, in order, and a callback may add a value to
 * the logs with {@link #log(String, double)} (as Keras' {@code ReduceLROnPlateau} and
 * {@code LearningRateScheduler} set {@code logs["learning_rate"]}): the callbacks after it see the
 * value, and so does the {@code History} that {@code fit} returns, which records the logs after
 * every callback has run.
 *
 * <pre>{@code
 * Callback.onEpochEnd(e -> System.out.printf("%d %.4f %.4f%n", e.epoch(), e.loss(), e.get("val_accuracy")))
 * }</pre>
 *
 * <p>Callbacks add to its logs, so two events are equal only if they are the same object.
 */
public final class EpochEnd {
  private final int epoch;
  private final Map<String, Double> values;
  private final Map<String, Double> logs;
  /** The names training computed; taken at the first {@link #log}, so that an epoch without one allocates no set. */
  private @Nullable Set<String> computed;
  private final double learningRate;
  private final Sequential model;
  private final boolean complete;

  /**
   * An event for an epoch that ran all its batches.
   *
   * @param epoch the 0-based epoch index, counted from the first epoch ever
   * @param logs the values by name, in order: {@code "loss"}, the metrics ({@code "accuracy"}, …),
   *     then with validation data {@code "val_loss"} and {@code "val_…"} metrics; copied
   * @param learningRate the optimizer's learning rate after the epoch (that of its next update)
   * @param model the model being trained
   */
  public EpochEnd(int epoch, Map<String, Double> logs, double learningRate, Sequential model) {
    this(epoch, logs, learningRate, model, true);
  }

  /**
   * An event for an epoch, telling whether it ran all its batches.
   *
   * @param complete false when training was stopped in the middle of the epoch (say, by
   *     {@link TerminateOnNaN}), so its results cover only the batches that ran
   * @see #EpochEnd(int, Map, double, Sequential)
   */
  public EpochEnd(int epoch, Map<String, Double> logs, double learningRate, Sequential model, boolean complete) {
    this.epoch = epoch;
    this.values = new LinkedHashMap<>(logs);
    this.logs = Collections.unmodifiableMap(values);
    this.learningRate = learningRate;
    this.model = Objects.requireNonNull(model, "model");
    this.complete = complete;
  }

  /** The 0-based epoch index, counted from the first epoch ever. */
  public int epoch() {
    return epoch;
  }

  /**
   * The values by name, in order: {@code "loss"}, the metrics ({@code "accuracy"}, …), then with
   * validation data {@code "val_loss"} and {@code "val_…"} metrics, then what callbacks added with
   * {@link #log}. An unmodifiable view: it shows values added later.
   */
  public Map<String, Double> logs() {
    return logs;
  }

  /** The optimizer's learning rate after the epoch (that of its next update). */
  public double learningRate() {
    return learningRate;
  }

  /** The model being trained. */
  public Sequential model() {
    return model;
  }

  /**
   * Whether the epoch ran all its batches; false when training was stopped in its middle (say, by
   * {@link TerminateOnNaN}), when its results cover only the batches that ran.
   */
  public boolean complete() {
    return complete;
  }

  /**
   * Adds {@code value} to the logs as {@code name} (Keras: {@code logs[name] = value} in
   * {@code on_epoch_end}), for the callbacks after this one and the {@code History}; a value that a
   * callback added before is replaced. Unlike Keras, the values training computed (loss, metrics,
   * validation) cannot be replaced.
   *
   * @throws IllegalArgumentException if name is blank or names a value that training computed
   */
  public void log(String name, double value) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("EpochEnd: a logged name must not be blank, but was '" + name + "'");
    }
    if (computed == null) {
      computed = Set.copyOf(values.keySet());
    }
    if (computed.contains(name)) {
      throw new IllegalArgumentException("EpochEnd: '" + name + "' was computed by training and cannot be replaced; "
          + "log the value under another name");
    }
    values.put(name, value);
  }

  /** The mean training loss over the epoch, penalties included. */
  public double loss() {
    return get("loss");
  }

  /**
   * The validation loss.
   *
   * @throws IllegalStateException if fit has no validation data
   */
  public double validationLoss() {
    if (!has("val_loss")) {
      throw new IllegalStateException("EpochEnd: there is no val_loss without validation data; pass "
          + "FitOptions.validationData(x, y) or validationSplit(fraction), or monitor Monitor.LOSS");
    }
    return get("val_loss");
  }

  /** Whether a value called {@code name} was logged. */
  public boolean has(String name) {
    return logs.containsKey(name);
  }

  /**
   * The value called {@code name} ({@code "accuracy"}, {@code "val_accuracy"}, …).
   *
   * @throws IllegalArgumentException if there is none
   */
  public double get(String name) {
    Double v = logs.get(name);
    if (v == null) {
      throw new IllegalArgumentException("EpochEnd: no value named '" + name + "'; logged are " + logs.keySet());
    }
    return v;
  }

  /** The model's optimizer. */
  public Optimizer optimizer() {
    return model.optimizer();
  }

  /** Stops training after this epoch (Keras {@code model.stop_training = True}). */
  public void stopTraining(String reason) {
    model.stopTraining(reason);
  }

  @Override
  public String toString() {
    return "EpochEnd[epoch=" + epoch + ", logs=" + logs + ", learningRate=" + learningRate + ", complete=" + complete
        + "]";
  }
}

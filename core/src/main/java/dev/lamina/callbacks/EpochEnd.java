// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizer;
import java.util.Map;
import java.util.Objects;

/**
 * The end of an epoch: its results, typed. Keras passes the same values as a {@code logs} dict.
 * One event is shared by every callback of the epoch, in order, and a callback may add a value to
 * the logs with {@link #log(String, double)} (as Keras' {@code ReduceLROnPlateau} and
 * {@code LearningRateScheduler} set {@code logs["learning_rate"]}): the callbacks after it see the
 * value, and so does the {@code History} that {@code fit} returns, which records the logs after
 * every callback has run.
 *
 * <pre>{@code
 * Callback.onEpochEnd(e -> lines.add(String.format("%d %.4f %.4f", e.epoch(), e.loss(), e.get("val_accuracy"))))
 * }</pre>
 *
 * @param epoch the 0-based epoch index, counted from the first epoch ever
 * @param logs the values by name, in order: {@code "loss"}, the metrics ({@code "accuracy"}, …),
 *     then with validation data {@code "val_loss"} and {@code "val_…"} metrics, then what callbacks
 *     added with {@link #log}; copied, and unmodifiable through the {@code Map} interface
 * @param learningRate the optimizer's learning rate after the epoch (that of its next update)
 * @param model the model being trained
 * @param complete false when training was stopped in the middle of the epoch (say, by
 *     {@link TerminateOnNaN}), so its results cover only the batches that ran
 */
public record EpochEnd(int epoch, Map<String, Double> logs, double learningRate, Model model, boolean complete) {

  public EpochEnd {
    logs = new EpochLogs(logs);
    Objects.requireNonNull(model, "model");
  }

  /** An event for an epoch that ran all its batches. */
  public EpochEnd(int epoch, Map<String, Double> logs, double learningRate, Model model) {
    this(epoch, logs, learningRate, model, true);
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
    ((EpochLogs) logs).add(name, value);
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
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Code that {@code Model.fit} calls as training proceeds (Keras {@code keras.callbacks.Callback}).
 * Every hook has a no-op default, so a callback overrides only what it needs; for one hook, use a
 * lambda through {@link #onEpochEnd(Consumer)} or {@link #onBatchEnd(Consumer)}.
 *
 * <p>Order: {@code onTrainBegin}, then per epoch {@code onEpochBegin}, per batch
 * {@code onBatchBegin}, {@code onBatchGradients} and {@code onBatchEnd}, then {@code onEpochEnd}; finally {@code onTrainEnd},
 * also after a stop. Callbacks run in the order given to {@code FitOptions.callbacks}.
 *
 * <p>Any hook may stop training with {@code model.stopTraining(reason)} or the event's
 * {@code stopTraining(reason)} (Keras {@code model.stop_training = True}): the current batch
 * finishes, the epoch ends (with {@code onEpochEnd}) and training ends.
 *
 * <p>The batch events are one reused, mutable object per fit, so the per-batch hooks allocate
 * nothing: read their values during the call, don't keep the event.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(20).callbacks(
 *     EarlyStopping.builder().patience(3).restoreBestWeights(true).build(),
 *     Callback.onEpochEnd(e -> losses.add(e.loss()))));
 * }</pre>
 */
public interface Callback {

  /**
   * What this callback must carry into training resumed from a checkpoint, such as
   * {@link EarlyStopping}'s epochs without improvement and best value: {@link ModelCheckpoint}
   * saves it with the model, and a fit that resumes from that checkpoint
   * ({@code loadCheckpoint}, then {@code initialEpoch} its epochs) hands it back to the callback at
   * the same place in its callbacks through {@link #restoreState} right after
   * {@link #onTrainBegin}. Keras' callbacks keep no such state (its resumed EarlyStopping starts
   * counting afresh). Default: none.
   */
  default java.util.Map<String, Double> resumeState() {
    return java.util.Map.of();
  }

  /** Takes back what {@link #resumeState()} gave, when training resumes from a checkpoint. Default: nothing. */
  default void restoreState(java.util.Map<String, Double> state) {}

  /** Before the first epoch. */
  default void onTrainBegin(TrainBegin event) {}

  /** After the last epoch, or after a stop. */
  default void onTrainEnd(TrainEnd event) {}

  /** Before each epoch's first batch. */
  default void onEpochBegin(EpochStart event) {}

  /** After each epoch, with its training (and validation) results. */
  default void onEpochEnd(EpochEnd event) {}

  /** Before each batch's forward pass. The event is reused: don't keep it. */
  default void onBatchBegin(BatchStart event) {}

  /**
   * After each batch's back-propagation, before the optimizer clips and applies the gradients
   * (no Keras counterpart). The event is reused: don't keep it.
   */
  default void onBatchGradients(BatchGradients event) {}

  /** After each batch's update. The event is reused: don't keep it. */
  default void onBatchEnd(BatchEnd event) {}

  /** A callback that runs {@code action} at the end of every epoch (Keras {@code LambdaCallback(on_epoch_end=…)}). */
  static Callback onEpochEnd(Consumer<EpochEnd> action) {
    Objects.requireNonNull(action, "action");
    return new Callback() {
      @Override
      public void onEpochEnd(EpochEnd event) {
        action.accept(event);
      }
    };
  }

  /** A callback that runs {@code action} after every batch; the event is reused, don't keep it. */
  static Callback onBatchEnd(Consumer<BatchEnd> action) {
    Objects.requireNonNull(action, "action");
    return new Callback() {
      @Override
      public void onBatchEnd(BatchEnd event) {
        action.accept(event);
      }
    };
  }
}

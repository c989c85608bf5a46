// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.ProgressBar;
import dev.lamina.callbacks.ProgressSink;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Model#fit} trains: an immutable value whose methods named after a property
 * return a changed copy.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(3).batchSize(32).validationSplit(0.1).seed(42)
 *     .callbacks(EarlyStopping.builder().patience(2).build()));
 * }</pre>
 *
 * Defaults as Keras: 1 epoch from epoch 0, batch 32, shuffled every epoch, no validation, progress
 * shown on standard output, no callbacks. Progress is the one output of {@code fit}, and it goes
 * where the application says: {@link #progress(ProgressSink)} or {@code verbose(false)}.
 *
 * @param epochs the index of the epoch to stop before, > 0; with {@code initialEpoch} k, training
 *     runs epochs k … epochs − 1 (Keras: "the final epoch", not a count)
 * @param batchSize samples per gradient update, > 0
 * @param shuffle whether to shuffle the training samples before each epoch
 * @param seed seeds shuffling; null derives it from the model's seed
 * @param validationInputs validation inputs, one tensor per model input; empty for none
 * @param validationTargets validation targets, one tensor per model output; empty for none
 * @param validationSplit the fraction in [0, 1) of the training data, taken from the end before
 *     shuffling (as Keras), held out for validation; ignored when validation data is given. As
 *     Keras, floor(samples · (1 − validationSplit)) samples are kept for training, and fit fails
 *     if either part would be empty
 * @param verbose whether to show progress (Keras {@code verbose}): a {@link ProgressBar} on
 *     {@code progress}, ahead of the callbacks
 * @param progress where progress goes (default {@link ProgressSink#console()}: as Keras, the bar
 *     on standard output when it is a terminal, else one line per epoch); a server sends it to
 *     its log with {@code progress(line -> log.log(Level.INFO, line))}, or turns it off with {@code verbose(false)}
 * @param initialEpoch the index of the first epoch, ≥ 0: resumed training continues the epoch
 *     count, and with it the shuffling, dropout and callbacks' epoch indices (Keras {@code initial_epoch})
 * @param callbacks called as training proceeds, in this order
 * @param cacheFrozenLayers whether to compute the outputs of the leading frozen layers once per fit
 *     rather than every batch (default true); they are recomputed when the frozen layers or their
 *     weights change, and not cached when they would take more than a quarter of the heap (the
 *     cache holds samples × the prefix's output width floats, plus a copy of its weights)
 * @param threads the threads that share the matrix products, ≥ 1 (default: the available
 *     processors); the trained weights are bit-identical for every thread count
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, @Nullable Long seed,
    List<Tensor> validationInputs, List<Tensor> validationTargets, double validationSplit, boolean verbose,
    ProgressSink progress, int initialEpoch, List<Callback> callbacks, boolean cacheFrozenLayers,
    int threads) {

  /** 32, Keras' default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  public FitOptions {
    if (epochs <= 0) {
      throw new IllegalArgumentException("fit: epochs must be > 0, but was " + epochs);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("fit: batchSize must be > 0, but was " + batchSize);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), but was " + validationSplit);
    }
    validationInputs = List.copyOf(validationInputs);
    validationTargets = List.copyOf(validationTargets);
    if (validationInputs.isEmpty() != validationTargets.isEmpty()) {
      throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
    }
    if (initialEpoch < 0) {
      throw new IllegalArgumentException("fit: initialEpoch must be >= 0, but was " + initialEpoch);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("fit: threads must be >= 1, but was " + threads);
    }
    Objects.requireNonNull(progress, "fit: progress (the sink of the progress bar) must not be null");
    callbacks = List.copyOf(callbacks);
  }

  /** Keras' defaults. */
  public static FitOptions defaults() {
    return new FitOptions(1, DEFAULT_BATCH_SIZE, true, null, List.of(), List.of(), 0, true, ProgressSink.console(), 0,
        List.of(), true,
        WorkerPool.DEFAULT_THREADS);
  }

  public FitOptions epochs(int epochs) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  public FitOptions batchSize(int batchSize) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  public FitOptions shuffle(boolean shuffle) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  public FitOptions seed(long seed) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  public FitOptions validationData(Tensor x, Tensor y) {
    return validationData(List.of(x), List.of(y));
  }

  /** Validation data of a model of several inputs or outputs: one tensor per input, one target per output. */
  public FitOptions validationData(List<Tensor> x, List<Tensor> y) {
    return new FitOptions(epochs, batchSize, shuffle, seed, x, y, validationSplit, verbose, progress, initialEpoch, callbacks,
        cacheFrozenLayers, threads);
  }

  /**
   * The samples kept for training out of {@code samples} under {@link #validationSplit()}:
   * floor(samples · (1 − validationSplit)) as Keras, the first ones; all of them without a split or
   * with validation data given.
   *
   * @throws IllegalArgumentException if the split would leave no training or no validation samples
   */
  public int trainingSamples(int samples) {
    return hasValidationData() || validationSplit == 0 ? samples : DataChecks.trainingSamples(samples, validationSplit);
  }

  /** Whether validation data was given (rather than split off). */
  public boolean hasValidationData() {
    return !validationInputs.isEmpty();
  }

  public FitOptions validationSplit(double validationSplit) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  public FitOptions verbose(boolean verbose) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  /**
   * Shows progress on {@code sink}, and turns {@link #verbose} on: lines to a logger
   * ({@code progress(line -> log.log(Level.INFO, line))}), a list ({@code progress(lines::add)}), a
   * stream ({@code progress(ProgressSink.of(out))}) or a terminal ({@link ProgressSink#terminal}).
   */
  public FitOptions progress(ProgressSink sink) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, true,
        sink, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  /** The index of the first epoch: {@code epochs(10).initialEpoch(4)} runs epochs 4 to 9. */
  public FitOptions initialEpoch(int initialEpoch) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  /** The callbacks, replacing any set before. */
  public FitOptions callbacks(Callback... callbacks) {
    return callbacks(List.of(callbacks));
  }

  /** The callbacks, replacing any set before. */
  public FitOptions callbacks(List<? extends Callback> callbacks) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, List.copyOf(callbacks), cacheFrozenLayers, threads);
  }

  /**
   * Whether {@code fit} computes the outputs of the leading frozen, deterministic layers once per
   * fit instead of once per batch (default true). The results are the same; only the time
   * differs. See {@link Sequential#fit(Tensor, Tensor, FitOptions)}.
   */
  public FitOptions cacheFrozenLayers(boolean cacheFrozenLayers) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }

  /**
   * The number of threads that share the work, the calling one included (default: the available
   * processors, as PyTorch and TensorFlow). Products are split along their outputs, so the weights
   * after training are bit-identical for every thread count.
   */
  public FitOptions threads(int threads) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationInputs, validationTargets, validationSplit, verbose,
        progress, initialEpoch, callbacks, cacheFrozenLayers, threads);
  }
}

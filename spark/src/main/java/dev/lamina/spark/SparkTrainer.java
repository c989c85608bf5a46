// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.callbacks.Callback;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Model;
import dev.lamina.model.TrainingSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains a Lamina model data-parallel on a Spark cluster, with the Keras semantics of
 * {@link Model#fit}: the same {@link FitOptions}, callbacks, validation, progress and
 * {@link History}. Workers = partitions = tasks per synchronisation; each task uses
 * {@code spark.task.cpus} Lamina threads.
 *
 * <pre>{@code
 * Sequential model = Models.classifier();            // compiled; Models.classifier is static
 * History h = SparkTrainer.of(sc).workers(4).stepsPerSync(100)
 *     .fit(model, Models::classifier, TrainingData.arrays(x, y),
 *         FitOptions.defaults().epochs(10).batchSize(64).seed(42).validationSplit(0.1));
 * }</pre>
 *
 * <p>The driver's model holds the whole training state (weights, optimizer slots and step count,
 * moving statistics); every synchronisation broadcasts it and runs one Spark job whose tasks train
 * on their shards and send back their results, which the driver combines in partition order
 * ({@link SyncMode}). The batch size of the options is per worker: a global step trains on
 * workers × batchSize samples, consecutive in the epoch's seeded permutation (the permutation
 * single-node fit uses), one equal part per worker. With one worker, training is single-node
 * {@code fit}'s bit for bit (without dropout; with it too when stepsPerSync covers the epoch).
 *
 * <p>Semantics that differ from one machine, by design:
 *
 * <ul>
 *   <li>Batch normalisation normalises with each worker's batch, and its moving statistics are
 *       averaged at each synchronisation: this is not global-batch ("synchronised") BN.
 *   <li>Callbacks run on the driver at synchronisations and epoch ends: onBatchEnd once per
 *       synchronisation with the mean loss since the last one (so TerminateOnNaN stops within K
 *       steps of a NaN), the epoch hooks as in fit; onBatchBegin and onBatchGradients are not
 *       called. A stop takes effect at the next synchronisation.
 *   <li>Dropout masks come from a stream of their own per worker and round (the first worker's
 *       first round of an epoch draws fit's).
 *   <li>Averaging mode with K &gt; 1 is local SGD, not single-node SGD: averaged states, not
 *       gradients. Use {@link SyncMode#GRADIENTS} for the exact algorithm.
 *   <li>{@code BatchEnd.frame} is null: the batches ran on the executors.
 *   <li>A checkpoint written at an epoch end (ModelCheckpoint) holds the whole state and this
 *       trainer's settings (workers, stepsPerSync, mode, batch size, training samples, partitioning),
 *       and resuming from it with {@code initialEpoch} and the same callbacks equals an
 *       uninterrupted run; other settings are refused unless {@link #resumeWithOtherSettings}.
 * </ul>
 *
 * <p>The workers' models come from the factory, one per task thread of an executor and fit: the
 * tasks after the first take the model an earlier task of the fit used. Each task makes its model
 * the driver's: the training state, each layer's trainable flag and each parameter's learning-rate
 * multiplier, so that callbacks that change them on the driver (GradualUnfreezing) reach the
 * workers at the next synchronisation.
 *
 * <p>Reproducible: the same seed gives bit-identical weights whatever the order in which tasks
 * finish; a task is a pure function of the state, the round and its worker index, so a retried
 * task (a failure, a lost executor) returns the same result.
 */
public final class SparkTrainer {
  /**
   * 100 steps per synchronisation: a Spark job costs about 50–200 ms per synchronisation of a 1 MB
   * model while a Lamina step takes 0.5–3 ms (measured, issue 16), so K = 100 spends at most about
   * half the time synchronising; tune it on the cluster.
   */
  public static final int DEFAULT_STEPS_PER_SYNC = 100;

  private final JavaSparkContext sc;
  private final int workers;
  private final int stepsPerSync;
  private final SyncMode mode;
  private final boolean resumeWithOtherSettings;

  private SparkTrainer(JavaSparkContext sc, int workers, int stepsPerSync, SyncMode mode,
      boolean resumeWithOtherSettings) {
    if (workers < 1) {
      throw new IllegalArgumentException("SparkTrainer: workers must be >= 1, but was " + workers);
    }
    if (stepsPerSync < 1) {
      throw new IllegalArgumentException("SparkTrainer: stepsPerSync must be >= 1, but was " + stepsPerSync);
    }
    this.sc = sc;
    this.workers = workers;
    this.stepsPerSync = stepsPerSync;
    this.mode = mode;
    this.resumeWithOtherSettings = resumeWithOtherSettings;
  }

  /**
   * A trainer on {@code sc} with as many workers as its default parallelism (the cores of the
   * cluster), {@link #DEFAULT_STEPS_PER_SYNC} steps per synchronisation, in averaging mode.
   */
  public static SparkTrainer of(JavaSparkContext sc) {
    return new SparkTrainer(sc, sc.defaultParallelism(), DEFAULT_STEPS_PER_SYNC, SyncMode.AVERAGING, false);
  }

  /** The number of workers: tasks, each training on its own part of every global step. */
  public SparkTrainer workers(int workers) {
    return new SparkTrainer(sc, workers, stepsPerSync, mode, resumeWithOtherSettings);
  }

  /** The local steps each worker runs between synchronisations in averaging mode (K); gradient mode uses 1. */
  public SparkTrainer stepsPerSync(int stepsPerSync) {
    return new SparkTrainer(sc, workers, stepsPerSync, mode, resumeWithOtherSettings);
  }

  public SparkTrainer mode(SyncMode mode) {
    return new SparkTrainer(sc, workers, stepsPerSync, Objects.requireNonNull(mode, "mode"), resumeWithOtherSettings);
  }

  /**
   * Whether a fit resuming from a checkpoint that an earlier fit of this trainer saved
   * (ModelCheckpoint; {@code loadCheckpoint}, then {@code initialEpoch}) may use other workers,
   * steps per synchronisation, mode, batch size or training samples than that fit did. Default
   * false: such a fit fails before its first epoch, with a message naming the differences, since it
   * would not equal an uninterrupted run. True continues from the checkpoint's state with this
   * trainer's settings (to move training to a larger cluster, say).
   */
  public SparkTrainer resumeWithOtherSettings(boolean resumeWithOtherSettings) {
    return new SparkTrainer(sc, workers, stepsPerSync, mode, resumeWithOtherSettings);
  }

  public int workers() {
    return workers;
  }

  public int stepsPerSync() {
    return stepsPerSync;
  }

  public SyncMode mode() {
    return mode;
  }

  public boolean resumeWithOtherSettings() {
    return resumeWithOtherSettings;
  }

  /**
   * Trains {@code model} (compiled; its weights are the starting point and receive the result) on
   * {@code data}, as {@code model.fit} would with {@code options}, and returns the history.
   * {@code factory} makes the model on the executors. A validation split holds out the last
   * samples of the data, as fit does, and is evaluated on the driver.
   *
   * @throws IllegalArgumentException if the data do not fit the model (shapes, a non-finite input,
   *     a label that is not a class index), or the factory's model does not have the same layers
   *     or kind of optimizer
   * @throws IllegalStateException if the model or the factory's model is not compiled
   */
  public History fit(Model model, ModelFactory factory, TrainingData data, FitOptions options) {
    Samples all = data.load();
    int samples = options.trainingSamples(all.size());
    FitOptions driverOptions = options;
    Samples training = all;
    if (samples < all.size()) {
      Samples validation = all.rows(samples, all.size());
      driverOptions = options.validationSplit(0).validationData(validation.inputs(), validation.targets());
      training = all.rows(0, samples);
    }
    try (TrainingSteps check = model.trainingSteps(training.inputs(), training.targets(), options)) {
      check.checkValues(); // once, here: the tasks do not check
    }
    Model scratch = factory.create();
    TrainingState.of(model).applyTo(scratch); // the same layers and optimizer, or a message naming the difference
    ArrayData arrays = data instanceof ArrayData a ? a : data instanceof RowData ? ArrayData.of(all) : null;
    Broadcast<ArrayData> broadcast = arrays != null ? sc.broadcast(arrays) : null;
    try {
      TrainingData shipped = broadcast != null ? new BroadcastData(broadcast) : data;
      int taskThreads = sc.getConf().getInt("spark.task.cpus", 1);
      String fit = UUID.randomUUID().toString(); // names this fit's models in the executors' caches
      SparkEpochs epochs = new SparkEpochs(sc, fit, model, factory, shipped, samples, this, options, taskThreads,
          new Averaging(model, scratch));
      List<Callback> callbacks = new ArrayList<>(options.callbacks());
      callbacks.add(new SparkTrainerSettings(workers, mode == SyncMode.GRADIENTS ? 1 : stepsPerSync, mode,
          options.batchSize(), samples, resumeWithOtherSettings)); // last: the fit's own keep their places
      return model.fit(epochs, driverOptions.callbacks(callbacks));
    } finally {
      if (broadcast != null) {
        broadcast.destroy();
      }
    }
  }
}

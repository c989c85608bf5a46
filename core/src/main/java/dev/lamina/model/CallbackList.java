// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Executor;
import dev.lamina.layers.Frame;
import dev.lamina.layers.Layer;
import org.jspecify.annotations.Nullable;
import dev.lamina.callbacks.BatchEnd;
import dev.lamina.callbacks.BatchGradients;
import dev.lamina.callbacks.BatchStart;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.EpochStart;
import dev.lamina.callbacks.TrainBegin;
import dev.lamina.callbacks.TrainEnd;
import java.util.List;
import java.util.Map;

/**
 * Calls each callback in order. The batch events are this one object, updated in place, so the
 * per-batch hooks allocate nothing; the epoch events are built only when there are callbacks.
 */
final class CallbackList implements BatchStart, BatchGradients, BatchEnd {
  private final Callback[] callbacks;
  private final Model model;
  private int epoch;
  private int batch;
  private double loss;
  private double lossSum;
  private int seen;
  private final List<String> metricNames;
  private final double[] metricSums;

  /** The training loop's executor and cache, or null when the batches run elsewhere ({@link EpochTraining}). */
  private final @Nullable Executor run;
  private final @Nullable FrozenCache cache;

  /**
   * @param metricNames the names of the running values
   * @param metricSums the training loop's sums of those values over the epoch's samples so far,
   *     read at each batch end
   */
  CallbackList(List<Callback> callbacks, Model model, @Nullable Executor run, @Nullable FrozenCache cache,
      String[] metricNames, double[] metricSums) {
    this.callbacks = callbacks.toArray(new Callback[0]);
    this.metricNames = List.of(metricNames);
    this.metricSums = metricSums;
    this.model = model;
    this.run = run;
    this.cache = cache;
  }

  void trainBegin(int initialEpoch, int epochs, int stepsPerEpoch) {
    if (callbacks.length > 0) {
      TrainBegin event = new TrainBegin(model, initialEpoch, epochs, stepsPerEpoch);
      for (Callback c : callbacks) {
        c.onTrainBegin(event);
      }
    }
  }

  void trainEnd(History history) {
    if (callbacks.length > 0) {
      TrainEnd event = new TrainEnd(model, history);
      for (Callback c : callbacks) {
        c.onTrainEnd(event);
      }
    }
  }

  void epochBegin(int epoch) {
    if (callbacks.length > 0) {
      EpochStart event = new EpochStart(epoch, model);
      for (Callback c : callbacks) {
        c.onEpochBegin(event);
      }
    }
  }

  /**
   * Calls each callback's onEpochEnd with one shared event; returns the epoch's logs with what the
   * callbacks added ({@link EpochEnd#log}), for the History.
   *
   * @param complete whether the epoch ran all its batches
   */
  Map<String, Double> epochEnd(int epoch, Map<String, Double> logs, boolean complete) {
    if (callbacks.length == 0) {
      return logs;
    }
    EpochEnd event = new EpochEnd(epoch, logs, model.optimizer().currentLearningRate(), model, complete);
    for (Callback c : callbacks) {
      c.onEpochEnd(event);
    }
    return event.logs();
  }

  void batchBegin(int epoch, int batch) {
    this.epoch = epoch;
    this.batch = batch;
    this.loss = Double.NaN;
    for (Callback c : callbacks) { // over an array: no iterator
      c.onBatchBegin(this);
    }
  }

  void batchGradients(double loss) {
    this.loss = loss;
    for (Callback c : callbacks) {
      c.onBatchGradients(this);
    }
  }

  /**
   * @param lossSum the epoch's loss so far, summed over its samples
   * @param seen the epoch's samples so far
   */
  void batchEnd(double loss, double lossSum, int seen) {
    this.loss = loss;
    this.lossSum = lossSum;
    this.seen = seen;
    for (Callback c : callbacks) {
      c.onBatchEnd(this);
    }
  }

  /**
   * onBatchEnd only, after batches trained elsewhere ({@link EpochTraining}) were synchronised into
   * the model; {@code batch} is the last of them, {@code loss} their mean loss, {@code logs} the
   * epoch's running loss and metrics (the running values of the batch event: copied into the
   * metric sums as means over one "sample").
   */
  void synchronised(int epoch, int batch, double loss, Map<String, Double> logs) {
    this.epoch = epoch;
    this.batch = batch;
    for (int i = 0; i < metricNames.size(); i++) {
      metricSums[i] = logs.getOrDefault(metricNames.get(i), Double.NaN);
    }
    batchEnd(loss, logs.getOrDefault("loss", Double.NaN), 1);
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public int batch() {
    return batch;
  }

  @Override
  public double loss() {
    return loss;
  }

  @Override
  public double runningLoss() {
    return lossSum / Math.max(seen, 1);
  }

  @Override
  public List<String> metricNames() {
    return metricNames;
  }

  @Override
  public double runningMetric(int index) {
    return metricSums[index] / Math.max(seen, 1);
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public @Nullable Frame frame(Layer layer) {
    Executor r = run;
    FrozenCache c = cache;
    return r == null || c == null ? null : Trainer.frameOf(r, layer, c.skip());
  }
}

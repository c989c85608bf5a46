// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.model.EpochControl;
import dev.lamina.model.EpochTraining;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The epochs of a {@link SparkTrainer} fit: rounds of one Spark job each. The driver's model holds
 * the training state between rounds; each round broadcasts it, runs one task per worker, gathers
 * the results in partition order ({@code collect}: {@code reduce} and {@code treeAggregate} merge
 * in completion order, which would make the sums depend on timing) and combines them into the
 * model ({@link Averaging}).
 */
final class SparkEpochs implements EpochTraining {
  private final JavaSparkContext sc;
  /** This fit's identifier, for the executors' cache of models. */
  private final String fit;
  private final Model model;
  private final ModelFactory factory;
  private final TrainingData data;
  private final int samples;
  private final int workers;
  private final int stepsPerSync;
  private final SyncMode mode;
  private final FitOptions options;
  private final int taskThreads;
  private final Averaging averaging;
  private final List<Integer> indexes;
  private final List<SyncListener> listeners;
  /** The last round's broadcast: its size and the time taken to make it (for the listeners). */
  private long stateBytes;
  private long broadcastNanos;

  SparkEpochs(JavaSparkContext sc, String fit, Model model, ModelFactory factory, TrainingData data, int samples,
      SparkTrainer trainer, FitOptions options, int taskThreads, Averaging averaging) {
    this.sc = sc;
    this.fit = fit;
    this.model = model;
    this.factory = factory;
    this.data = data;
    this.samples = samples;
    this.workers = trainer.workers();
    this.stepsPerSync = trainer.mode() == SyncMode.GRADIENTS ? 1 : trainer.stepsPerSync();
    this.mode = trainer.mode();
    this.options = options;
    this.taskThreads = taskThreads;
    this.averaging = averaging;
    this.indexes = IntStream.range(0, workers).boxed().toList();
    this.listeners = options.callbacks().stream().filter(SyncListener.class::isInstance).map(SyncListener.class::cast)
        .toList();
  }

  @Override
  public int stepsPerEpoch() {
    return Round.stepsPerEpoch(samples, workers, options.batchSize());
  }

  @Override
  public Map<String, Double> train(int epoch, EpochControl control) {
    int steps = stepsPerEpoch();
    Map<String, Double> sums = new LinkedHashMap<>();
    long seen = 0;
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int first = 0; first < steps && !control.stopRequested(); first += stepsPerSync) {
      Round round = new Round(epoch, first, Math.min(stepsPerSync, steps - first), workers, options.batchSize(), samples,
          options.shuffle(), options.seed(), taskThreads, mode);
      long submitted = System.nanoTime();
      List<WorkerResult> results = run(round);
      long gathered = System.nanoTime();
      if (mode == SyncMode.AVERAGING) {
        averaging.states(results);
      } else {
        averaging.gradients(results);
      }
      long combined = System.nanoTime();
      double roundLoss = 0;
      long roundSeen = 0;
      for (int k = 0; k < round.steps(); k++) { // step by step, then in partition order: fit's order for one worker
        for (WorkerResult r : results) {
          double[] step = r.stepSums()[k];
          for (int i = 0; i < step.length; i++) {
            sums.merge(r.names().get(i), step[i], Double::sum);
          }
          roundLoss += step[0];
        }
      }
      long resultBytes = 0;
      for (WorkerResult r : results) {
        roundSeen += r.samples();
        resultBytes += r.bytes();
      }
      if (!listeners.isEmpty()) {
        SyncEnd event = new SyncEnd(epoch, first, round.steps(), workers, roundSeen, stateBytes, resultBytes,
            broadcastNanos, gathered - submitted - broadcastNanos, combined - gathered);
        for (SyncListener l : listeners) {
          l.onSync(event);
        }
      }
      seen += roundSeen;
      long n = Math.max(seen, 1);
      logs = new LinkedHashMap<>();
      for (Map.Entry<String, Double> e : sums.entrySet()) {
        logs.put(e.getKey(), e.getValue() / n);
      }
      control.trained(first + round.steps(), roundLoss / Math.max(roundSeen, 1), logs);
    }
    return logs;
  }

  private List<WorkerResult> run(Round round) {
    long start = System.nanoTime();
    TrainingState training = TrainingState.of(model);
    Broadcast<TrainingState> state = sc.broadcast(training);
    stateBytes = training.bytes();
    broadcastNanos = System.nanoTime() - start;
    try {
      sc.setJobDescription("Lamina: epoch " + (round.epoch() + 1) + ", steps " + (round.firstStep() + 1) + "-"
          + (round.firstStep() + round.steps()));
      return sc.parallelize(indexes, workers).map(new WorkerTask(fit, round, state, data, factory)).collect();
    } finally {
      state.destroy();
    }
  }
}

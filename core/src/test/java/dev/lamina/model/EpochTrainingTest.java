// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.callbacks.BatchEnd;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.Monitor;
import dev.lamina.callbacks.MonitorMode;
import dev.lamina.callbacks.TerminateOnNaN;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link Model#fit(EpochTraining, FitOptions)}: fit's Keras semantics around batches trained elsewhere. */
class EpochTrainingTest {

  /** Trains with {@link TrainingSteps} on a copy of the model, reporting every {@code every} batches: a one-worker cluster. */
  private static final class Copying implements EpochTraining {
    final Model driver;
    final Tensor x;
    final Tensor y;
    final FitOptions options;
    final int every;
    final List<Double> reportedLosses = new ArrayList<>();

    Copying(Model driver, Tensor x, Tensor y, FitOptions options, int every) {
      this.driver = driver;
      this.x = x;
      this.y = y;
      this.options = options;
      this.every = every;
    }

    @Override
    public int stepsPerEpoch() {
      return (x.samples() + options.batchSize() - 1) / options.batchSize();
    }

    @Override
    public Map<String, Double> train(int epoch, EpochControl control) {
      Model worker = TrainingStepsTest.model(99);
      Map<String, Double> logs = new LinkedHashMap<>();
      try (TrainingSteps steps = worker.trainingSteps(List.of(x), List.of(y), options)) {
        worker.loadCheckpoint(driver.checkpoint(0));
        steps.beginEpoch(epoch, 0);
        int batch = 0;
        double roundLoss = 0;
        for (int from = 0; from < x.samples() && !control.stopRequested(); from += options.batchSize()) {
          roundLoss += steps.train(from, Math.min(options.batchSize(), x.samples() - from));
          batch++;
          if (batch % every == 0 || batch == stepsPerEpoch()) {
            driver.loadCheckpoint(worker.checkpoint(0));
            steps.sums().forEach((k, v) -> logs.put(k, v / steps.seen()));
            double loss = roundLoss / (batch % every == 0 ? every : batch % every);
            reportedLosses.add(loss);
            control.trained(batch, loss, logs);
            roundLoss = 0;
          }
        }
      }
      return logs;
    }
  }

  private static final FitOptions OPTIONS = FitOptions.defaults().epochs(3).batchSize(16).seed(3).verbose(false);

  @Test
  void aLoopOfTrainingStepsGivesFitsHistoryAndWeights() {
    Tensor[] d = SequentialTest.toyData(100, 3);
    Tensor[] v = SequentialTest.toyData(30, 4);
    FitOptions options = OPTIONS.validationData(v[0], v[1]);
    Sequential fitted = TrainingStepsTest.model(1);
    History expected = fitted.fit(d[0], d[1], options);

    Sequential driver = TrainingStepsTest.model(1);
    List<Integer> batchEnds = new ArrayList<>();
    Copying training = new Copying(driver, d[0], d[1], options, 3);
    History history = driver.fit(training, options.callbacks(Callback.onBatchEnd(e -> batchEnds.add(e.batch()))));

    assertEquals(expected.asMap(), history.asMap());
    for (String name : fitted.weights().keySet()) {
      assertArrayEquals(fitted.weights().get(name).data(), driver.weights().get(name).data(), name);
    }
    assertEquals(List.of(2, 5, 6, 2, 5, 6, 2, 5, 6), batchEnds, "one onBatchEnd per report, at its last batch");
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeightsOnTheDriversModel() {
    Tensor[] d = SequentialTest.toyData(64, 3);
    List<Boolean> complete = new ArrayList<>();
    EarlyStopping stopping = EarlyStopping.builder().monitor(Monitor.of("worse")).mode(MonitorMode.MIN).patience(0).restoreBestWeights(true).build();
    Callback worsening = new Callback() { // the loss gets "worse" from the second epoch on
      @Override
      public void onEpochEnd(EpochEnd event) {
        complete.add(event.complete());
        event.log("worse", event.epoch());
      }
    };
    Sequential driver = TrainingStepsTest.model(1);
    List<Tensor> first = new ArrayList<>();
    Callback keepFirst = Callback.onEpochEnd(e -> {
      if (e.epoch() == 0) {
        first.addAll(e.model().getWeights());
      }
    });
    FitOptions options = OPTIONS.epochs(5).callbacks(keepFirst, worsening, stopping);
    History history = driver.fit(new Copying(driver, d[0], d[1], options, 2), options);

    assertEquals(2, history.epochs());
    assertTrue(history.stopReason() != null && history.stopReason().startsWith("EarlyStopping"), history.stopReason());
    assertEquals(List.of(true, true), complete);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i).data(), driver.getWeights().get(i).data(), "restored: weight " + i);
    }
  }

  @Test
  void aStopRequestedAtASynchronisationEndsTheEpochIncomplete() {
    Tensor[] d = SequentialTest.toyData(64, 3);
    List<Boolean> complete = new ArrayList<>();
    Callback nan = Callback.onBatchEnd((BatchEnd e) -> e.stopTraining("stop at batch " + e.batch()));
    Sequential driver = TrainingStepsTest.model(1);
    FitOptions options = OPTIONS.callbacks(nan, new TerminateOnNaN(), Callback.onEpochEnd(e -> complete.add(e.complete())));
    History history = driver.fit(new Copying(driver, d[0], d[1], options, 2), options);
    assertEquals("stop at batch 1", history.stopReason());
    assertEquals(List.of(false), complete);
  }

  @Test
  void aValidationSplitOrABadReportIsRejected() {
    Tensor[] d = SequentialTest.toyData(64, 3);
    Sequential driver = TrainingStepsTest.model(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> driver.fit(new Copying(driver, d[0], d[1], OPTIONS, 1), OPTIONS.validationSplit(0.2)));
    assertEquals("fit: validationSplit must be 0 when Copying trains the batches (this model does not see the training "
        + "data), but was 0.2; give validation data instead", e.getMessage());

    EpochTraining tooMany = new EpochTraining() {
      @Override
      public Map<String, Double> train(int epoch, EpochControl control) {
        control.trained(5, 1, Map.of("loss", 1.0));
        return Map.of("loss", 1.0);
      }

      @Override
      public int stepsPerEpoch() {
        return 4;
      }
    };
    e = assertThrows(IllegalArgumentException.class, () -> driver.fit(tooMany, OPTIONS));
    assertEquals("fit: trained(batches) must be in [0, 4] (the batches reported before, the epoch's steps), but was 5",
        e.getMessage());
    assertEquals(64, CompletableFuture.supplyAsync(() -> driver.predict(d[0])).join().samples(), "not left in training use");
  }
}

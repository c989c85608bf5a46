// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.callbacks.BatchEnd;
import dev.lamina.callbacks.TrainBegin;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ToyProblem;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A {@link SyncListener} among the callbacks hears of every synchronisation, in order, before its onBatchEnd. */
class SyncListenerTest {
  private static JavaSparkContext sc;
  private static final Tensor[] DATA = ToyProblem.data(96, 3);

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SyncListenerTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    sc.setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  /** Records the events and the order of onSync and onBatchEnd. */
  private static final class Recorder implements SyncListener {
    final List<SyncEnd> syncs = new ArrayList<>();
    final List<String> order = new ArrayList<>();
    /** The size of the driver's state as training begins and after each round: what the next round broadcasts. */
    final List<Long> states = new ArrayList<>();

    @Override
    public void onTrainBegin(TrainBegin event) {
      states.add(TrainingState.of(event.model()).bytes());
    }

    @Override
    public void onSync(SyncEnd event) {
      syncs.add(event);
      order.add("sync " + event.epoch() + "/" + (event.firstStep() + event.steps() - 1));
    }

    @Override
    public void onBatchEnd(BatchEnd event) {
      order.add("batch " + event.epoch() + "/" + event.batch());
      states.add(TrainingState.of(event.model()).bytes());
    }
  }

  @Test
  void averagingReportsEachRoundWithItsStepsSamplesAndBytes() {
    Recorder r = new Recorder();
    Model model = Models.adam();
    // 96 samples, 2 workers × 16: 3 global steps per epoch, rounds of 2 and 1 steps.
    SparkTrainer.of(sc).workers(2).stepsPerSync(2).fit(model, Models::adam, TrainingData.arrays(DATA[0], DATA[1]),
        FitOptions.defaults().epochs(2).batchSize(16).seed(5).verbose(false).callbacks(r));
    assertEquals(List.of("sync 0/1", "batch 0/1", "sync 0/2", "batch 0/2", "sync 1/1", "batch 1/1", "sync 1/2",
        "batch 1/2"), r.order);
    int[][] rounds = {{0, 0, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 1}};
    long checkpoint = model.checkpoint(0).length;
    for (int i = 0; i < rounds.length; i++) {
      SyncEnd e = r.syncs.get(i);
      assertEquals(rounds[i][0], e.epoch());
      assertEquals(rounds[i][1], e.firstStep());
      assertEquals(rounds[i][2], e.steps());
      assertEquals(2, e.workers());
      assertEquals(32L * e.steps(), e.samples(), "every step trains 2 × 16 samples");
      assertEquals(r.states.get(i), e.stateBytes(), "the state broadcast");
      assertEquals(2 * checkpoint, e.resultBytes(), "each worker returns its checkpoint");
      assertTrue(i == 0 || e.stateBytes() > checkpoint, "the state holds the checkpoint and more");
      assertTrue(e.broadcastNanos() > 0 && e.jobNanos() > 0 && e.combineNanos() > 0, e.toString());
      assertEquals(e.broadcastNanos() + e.jobNanos() + e.combineNanos(), e.nanos());
    }
  }

  @Test
  void gradientModeReportsOneStepPerRoundAndTheGradientsBytes() {
    Recorder r = new Recorder();
    Model model = Models.plain();
    SparkTrainer.of(sc).workers(2).mode(SyncMode.GRADIENTS).fit(model, Models::plain,
        TrainingData.arrays(DATA[0], DATA[1]), FitOptions.defaults().epochs(1).batchSize(16).seed(5).verbose(false)
            .callbacks(r));
    assertEquals(3, r.syncs.size());
    long parameters = model.parameters().stream().mapToLong(p -> p.size()).sum(); // no moving statistics
    for (SyncEnd e : r.syncs) {
      assertEquals(1, e.steps());
      assertEquals(2 * 4 * parameters, e.resultBytes(), "two workers' float gradients");
    }
  }
}

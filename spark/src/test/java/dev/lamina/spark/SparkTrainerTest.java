// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.callbacks.CSVLogger;
import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.GradualUnfreezing;
import dev.lamina.callbacks.ModelCheckpoint;
import dev.lamina.callbacks.Monitor;
import dev.lamina.callbacks.MonitorMode;
import dev.lamina.callbacks.ReduceLROnPlateau;
import dev.lamina.callbacks.TerminateOnNaN;
import dev.lamina.data.Csv;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ToyProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SparkTrainer} in {@code local[2]}: two task threads of one JVM, tasks retried up to 4 times. */
class SparkTrainerTest {
  private static JavaSparkContext sc;

  @TempDir
  Path folder;

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName("SparkTrainerTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    sc.setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  private static final Tensor[] DATA = ToyProblem.data(96, 3);
  private static final FitOptions OPTIONS = FitOptions.defaults().epochs(2).batchSize(16).seed(5).verbose(false);

  private static void assertSameWeights(Model expected, Model actual) {
    for (String name : expected.weights().keySet()) {
      assertArrayEquals(expected.weights().get(name).data(), actual.weights().get(name).data(), name);
    }
  }

  @Test
  void oneWorkerIsSingleNodeFitBitForBitInBothModesWithEveryOptimizer() {
    FitOptions options = OPTIONS.validationSplit(0.25);
    List<ModelFactory> factories = List.of(Models::adam, Models::sgd, Models::nadam, Models::adamW);
    for (ModelFactory factory : factories) {
      Model single = factory.create();
      History expected = single.fit(DATA[0], DATA[1], options);
      for (SparkTrainer trainer : List.of(SparkTrainer.of(sc).workers(1).stepsPerSync(2),
          SparkTrainer.of(sc).workers(1).stepsPerSync(1000), SparkTrainer.of(sc).workers(1).mode(SyncMode.GRADIENTS))) {
        Model distributed = factory.create();
        History history = trainer.fit(distributed, factory, TrainingData.arrays(DATA[0], DATA[1]), options);
        String what = single.optimizer().getClass().getSimpleName() + ", " + trainer.mode() + ", K=" + trainer.stepsPerSync();
        assertEquals(expected.asMap(), history.asMap(), what);
        assertEquals(single.optimizer().iterations(), distributed.optimizer().iterations(), what);
        assertSameWeights(single, distributed);
      }
    }
  }

  @Test
  void oneWorkerWithDropoutIsFitBitForBitWhenARoundCoversTheEpoch() {
    Model single = Models.dropout();
    History expected = single.fit(DATA[0], DATA[1], OPTIONS);
    Model distributed = Models.dropout();
    History history = SparkTrainer.of(sc).workers(1).stepsPerSync(6)
        .fit(distributed, Models::dropout, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    assertEquals(expected.asMap(), history.asMap());
    assertSameWeights(single, distributed);

    Model split = Models.dropout(); // two rounds per epoch: the second draws masks of its own
    SparkTrainer.of(sc).workers(1).stepsPerSync(3).fit(split, Models::dropout, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    assertFalse(Arrays.equals(single.weights().get("dense/kernel").data(), split.weights().get("dense/kernel").data()));
  }

  @Test
  void twoWorkersInGradientModeAreSingleNodeTrainingWithTwiceTheBatch() {
    Model single = Models.plain();
    single.fit(DATA[0], DATA[1], OPTIONS.batchSize(32));
    Model distributed = Models.plain();
    SparkTrainer.of(sc).workers(2).mode(SyncMode.GRADIENTS)
        .fit(distributed, Models::plain, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS.batchSize(16));
    assertEquals(single.optimizer().iterations(), distributed.optimizer().iterations());
    float worst = 0;
    for (String name : single.weights().keySet()) {
      float[] a = single.weights().get(name).data();
      float[] b = distributed.weights().get(name).data();
      for (int i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
    }
    // Not bit for bit: one node sums the 32 rows' gradient in float inside the kernels, two workers
    // sum 16 rows each and the driver adds the halves in double, rounding once.
    assertTrue(worst <= 1e-6, "largest difference " + worst);
  }

  @Test
  void theSameSeedGivesBitIdenticalWeightsAndEachWorkerCounts() {
    Supplier<Model> run = () -> {
      Model m = Models.adam();
      SparkTrainer.of(sc).workers(2).stepsPerSync(2).fit(m, Models::adam, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
      return m;
    };
    Model first = run.get();
    Model second = run.get();
    assertSameWeights(first, second);
    Model single = Models.adam();
    SparkTrainer.of(sc).workers(1).stepsPerSync(2).fit(single, Models::adam, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    assertFalse(Arrays.equals(single.weights().get("dense/kernel").data(),
        first.weights().get("dense/kernel").data()), "two workers train other batches than one");
    assertEquals(2 * 3, first.optimizer().iterations(), "two epochs of 3 global steps of 32 samples");
  }

  @Test
  void aTaskThatFailsInItsFirstAttemptGivesTheSameResult() {
    Model clean = Models.adam();
    SparkTrainer trainer = SparkTrainer.of(sc).workers(2).stepsPerSync(2);
    trainer.fit(clean, Models::adam, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    Model retried = Models.failingOnce(); // a metric fails a task of every round after its first step
    trainer.fit(retried, Models::failingOnce, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    assertSameWeights(clean, retried);
  }

  @Test
  void tasksReuseTheModelsOfTheirExecutorAndOnlyLoadTheState() {
    Models.COUNTED.set(0);
    Model m = Models.adam();
    SparkTrainer.of(sc).workers(2).stepsPerSync(1).fit(m, Models::counted, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    assertEquals(2 * 3, m.optimizer().iterations(), "2 epochs of 3 rounds of 2 tasks: 12 tasks");
    int made = Models.COUNTED.get();
    assertTrue(made >= 2 && made <= 3, "one for the driver's check, one per task thread (local[2]), not one per task: "
        + made);
  }

  /** The driver's model with the head alone trainable and a lower learning rate for the hidden layer. */
  private static Model frozen(Model m) {
    m.freeze("dense|batch_normalization");
    m.learningRateMultiplier("dense", 0.5);
    return m;
  }

  @Test
  void trainableFlagsAndLearningRateMultipliersReachTheWorkersAsCallbacksChangeThem() {
    FitOptions options = OPTIONS.epochs(4);
    Model single = frozen(Models.adam());
    History expected = single.fit(DATA[0], DATA[1], options.callbacks(GradualUnfreezing.everyEpochs(1)));
    assertTrue(single.layers().stream().allMatch(l -> l.isTrainable()), "all unfrozen by the last epoch");
    for (SparkTrainer trainer : List.of(SparkTrainer.of(sc).workers(1).stepsPerSync(2),
        SparkTrainer.of(sc).workers(1).mode(SyncMode.GRADIENTS))) {
      Model distributed = frozen(Models.adam()); // the factory's models are all trainable, multipliers 1
      History history = trainer.fit(distributed, Models::adam, TrainingData.arrays(DATA[0], DATA[1]),
          options.callbacks(GradualUnfreezing.everyEpochs(1)));
      assertEquals(expected.asMap(), history.asMap(), trainer.mode().toString());
      assertSameWeights(single, distributed);
    }
  }

  @Test
  void callbacksRunOnTheDriverWithKerasSemantics() throws IOException {
    Path log = folder.resolve("log.csv");
    Path checkpoint = folder.resolve("best.ckpt");
    List<Double> rates = new ArrayList<>();
    EarlyStopping stopping = EarlyStopping.builder().monitor(Monitor.of("worse")).mode(MonitorMode.MIN).patience(2)
        .restoreBestWeights(true).build();
    List<float[]> firstEpoch = new ArrayList<>();
    FitOptions options = OPTIONS.epochs(10).validationSplit(0.25).callbacks(
        dev.lamina.callbacks.Callback.onEpochEnd((EpochEnd e) -> {
          e.log("worse", e.epoch()); // only the first epoch is the best
          rates.add(e.learningRate());
          if (e.epoch() == 0) {
            e.model().getWeights().forEach(t -> firstEpoch.add(t.data()));
          }
        }),
        ReduceLROnPlateau.builder().monitor(Monitor.of("worse")).mode(MonitorMode.MIN).patience(0).factor(0.5).build(),
        CSVLogger.builder(log).build(), ModelCheckpoint.builder(checkpoint).build(), new TerminateOnNaN(), stopping);
    Model m = Models.sgd();
    History history = SparkTrainer.of(sc).workers(2).stepsPerSync(2)
        .fit(m, Models::sgd, TrainingData.arrays(DATA[0], DATA[1]), options);

    assertEquals(3, history.epochs(), "stopped after two epochs without improvement (patience 2)");
    assertTrue(history.stopReason() != null && history.stopReason().startsWith("EarlyStopping"), history.stopReason());
    assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "worse", "learning_rate"),
        List.copyOf(history.asMap().keySet()));
    assertEquals(List.of(0.05, 0.05, 0.025), rates, "halved after the first epoch without improvement");
    List<String> lines = Files.readAllLines(log);
    assertEquals(4, lines.size(), "a header and one line per epoch: " + lines);
    assertTrue(Files.size(checkpoint) > 0);
    for (int i = 0; i < firstEpoch.size(); i++) {
      assertArrayEquals(firstEpoch.get(i), m.getWeights().get(i).data(), "restored best, weight " + i);
    }
  }

  @Test
  void aNanLossStopsTrainingAtTheNextSynchronisation() {
    Model m = Models.exploding();
    History history = SparkTrainer.of(sc).workers(2).stepsPerSync(1).fit(m, Models::exploding,
        TrainingData.arrays(DATA[0], DATA[1]), OPTIONS.epochs(5).callbacks(new TerminateOnNaN()));
    assertTrue(history.stopReason() != null && history.stopReason().startsWith("TerminateOnNaN"), history.stopReason());
    assertEquals(1, history.epochs(), "stopped in the first epoch");
  }

  @Test
  void resumingFromAnEpochCheckpointEqualsAnUninterruptedRunInBothModes() {
    TrainingData data = TrainingData.arrays(DATA[0], DATA[1]);
    for (SparkTrainer trainer : List.of(SparkTrainer.of(sc).workers(2).stepsPerSync(2),
        SparkTrainer.of(sc).workers(2).mode(SyncMode.GRADIENTS))) {
      Path file = folder.resolve("epoch-" + trainer.mode() + ".ckpt");
      // EarlyStopping that never stops: its count of epochs without improvement goes into the checkpoint
      Supplier<EarlyStopping> stopping = () -> EarlyStopping.builder().monitor(Monitor.of("loss")).patience(100).build();
      Model uninterrupted = Models.adam();
      History expected = trainer.fit(uninterrupted, Models::adam, data, OPTIONS.epochs(3).callbacks(stopping.get()));
      Model first = Models.adam();
      trainer.fit(first, Models::adam, data, OPTIONS.epochs(2).callbacks(stopping.get(), ModelCheckpoint.builder(file).build()));
      Model resumed = Models.adam();
      int done = resumed.loadCheckpoint(file);
      assertEquals(2, done);
      History rest = trainer.fit(resumed, Models::adam, data,
          OPTIONS.epochs(3).initialEpoch(done).callbacks(stopping.get(), ModelCheckpoint.builder(file).build()));
      assertSameWeights(uninterrupted, resumed);
      assertEquals(expected.asMap().get("loss").get(2), rest.asMap().get("loss").get(0), trainer.mode().toString());
    }
  }

  @Test
  void resumingWithOtherSettingsIsRefusedUnlessAccepted() {
    TrainingData data = TrainingData.arrays(DATA[0], DATA[1]);
    Path file = folder.resolve("epoch.ckpt");
    SparkTrainer trainer = SparkTrainer.of(sc).workers(2).stepsPerSync(2);
    trainer.fit(Models.adam(), Models::adam, data, OPTIONS.epochs(1).callbacks(ModelCheckpoint.builder(file).build()));
    FitOptions resume = OPTIONS.epochs(2).initialEpoch(1).callbacks(ModelCheckpoint.builder(file).build());

    Model refused = Models.adam();
    refused.loadCheckpoint(file);
    List<Tensor> loaded = refused.getWeights();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer.workers(1).mode(SyncMode.GRADIENTS).fit(refused, Models::adam, data, resume));
    assertEquals("SparkTrainer: cannot resume from the checkpoint: it was saved by training with other settings "
        + "(workers 2 then, 1 now, stepsPerSync 2 then, 1 now, mode AVERAGING then, GRADIENTS now), so resuming would "
        + "not continue that run as it would have gone on; resume with the checkpoint's settings, or accept the change "
        + "with SparkTrainer.resumeWithOtherSettings(true)", e.getMessage());
    for (int i = 0; i < loaded.size(); i++) {
      assertArrayEquals(loaded.get(i).data(), refused.getWeights().get(i).data(), "no epoch trained");
    }
    Model otherBatch = Models.adam();
    otherBatch.loadCheckpoint(file);
    e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(otherBatch, Models::adam, data, resume.batchSize(8)));
    assertTrue(e.getMessage().contains("(batchSize 16 then, 8 now)"), e.getMessage());

    // accepted: one worker from the checkpoint's state is single-node fit resumed from it
    Model accepted = Models.adam();
    accepted.loadCheckpoint(file);
    Model single = Models.adam();
    single.loadCheckpoint(file);
    trainer.workers(1).resumeWithOtherSettings(true).fit(accepted, Models::adam, data, resume);
    single.fit(DATA[0], DATA[1], resume);
    assertSameWeights(single, accepted);
  }

  @Test
  void aCsvFileEveryExecutorReadsTrainsAsTheSameArrays() throws IOException {
    Path csv = folder.resolve("train.csv");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < DATA[0].samples(); i++) {
      for (int j = 0; j < 4; j++) {
        text.append(String.format(Locale.ROOT, "%s,", Float.toString(DATA[0].data()[i * 4 + j])));
      }
      text.append((int) DATA[1].data()[i]).append('\n');
    }
    Files.writeString(csv, text);
    SparkTrainer trainer = SparkTrainer.of(sc).workers(2).stepsPerSync(2);
    Model fromArrays = Models.adam();
    trainer.fit(fromArrays, Models::adam, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS);
    Model fromFile = Models.adam();
    trainer.fit(fromFile, Models::adam, TrainingData.csv(csv.toString(), Csv.format().labelColumn(4)), OPTIONS);
    assertSameWeights(fromArrays, fromFile);
  }

  @Test
  void badDataOrAnotherModelAreRejectedBeforeAnyJob() {
    float[] x = DATA[0].data().clone();
    x[7] = Float.NaN;
    Model m = Models.adam();
    List<Tensor> before = m.getWeights();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(sc).workers(2)
        .fit(m, Models::adam, TrainingData.arrays(Tensor.of(x, DATA[0].shape()), DATA[1]), OPTIONS));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(sc).workers(2)
        .fit(m, Models::plain, TrainingData.arrays(DATA[0], DATA[1]), OPTIONS));
    assertTrue(e.getMessage().startsWith("Checkpoint (in memory): does not fit the model"), e.getMessage());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i).data(), m.getWeights().get(i).data());
    }
    assertEquals("SparkTrainer: workers must be >= 1, but was 0",
        assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(sc).workers(0)).getMessage());
    assertEquals("SparkTrainer: stepsPerSync must be >= 1, but was 0",
        assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(sc).stepsPerSync(0)).getMessage());
  }
}

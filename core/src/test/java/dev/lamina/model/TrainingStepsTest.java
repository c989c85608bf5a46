// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.layers.Parameter;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.schedules.Schedules;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TrainingStepsTest {

  /** Dropout, batch normalisation and a schedule: random numbers, moving statistics and the step's rate. */
  static Sequential model(long seed) {
    Sequential m = Sequential.of(seed, Input.of(4), Dense.builder(16).activation(Activations.RELU),
        new Dropout.Spec(0.3, null), new BatchNormalization.Spec(), Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(),
        Optimizers.adam().learningRate(Schedules.exponentialDecay(0.01, 5, 0.9, false)).build(), Metrics.accuracy());
    return m;
  }

  private static final FitOptions OPTIONS = FitOptions.defaults().epochs(2).batchSize(16).seed(7).verbose(false);

  @Test
  void stepsOverEveryBatchInOrderAreFitBitForBit() {
    Tensor[] d = SequentialTest.toyData(100, 3);
    Sequential fitted = model(1);
    History history = fitted.fit(d[0], d[1], OPTIONS);

    Sequential stepped = model(1);
    try (TrainingSteps steps = stepped.trainingSteps(List.of(d[0]), List.of(d[1]), OPTIONS)) {
      assertEquals(100, steps.samples());
      for (int epoch = 0; epoch < 2; epoch++) {
        steps.beginEpoch(epoch, 0);
        steps.resetSums();
        for (int from = 0; from < 100; from += 16) {
          steps.train(from, Math.min(16, 100 - from));
        }
        Map<String, Double> sums = steps.sums();
        assertEquals(List.of("loss", "accuracy"), List.copyOf(sums.keySet()));
        assertEquals(100, steps.seen());
        assertEquals(history.get("loss").get(epoch), sums.get("loss") / steps.seen(), 0, "epoch " + epoch);
        assertEquals(history.get("accuracy").get(epoch), sums.get("accuracy") / steps.seen(), 0, "epoch " + epoch);
      }
    }
    assertEquals(fitted.optimizer().iterations(), stepped.optimizer().iterations());
    for (String name : fitted.weights().keySet()) {
      assertArrayEquals(fitted.weights().get(name).data(), stepped.weights().get(name).data(), name);
    }
    stepped.predict(d[0]); // closed: inference is allowed again
  }

  @Test
  void anotherStreamDrawsOtherDropoutMasks() {
    Tensor[] d = SequentialTest.toyData(32, 3);
    float[][] kernels = new float[2][];
    for (int stream = 0; stream < 2; stream++) {
      Sequential m = model(1);
      try (TrainingSteps steps = m.trainingSteps(List.of(d[0]), List.of(d[1]), OPTIONS)) {
        steps.beginEpoch(0, stream);
        steps.train(0, 16);
      }
      kernels[stream] = m.weights().get("dense/kernel").data();
    }
    assertFalse(Arrays.equals(kernels[0], kernels[1]));
  }

  @Test
  void gradientsThenTheOptimizerAreOneTrainingStep() {
    Tensor[] d = SequentialTest.toyData(64, 5);
    FitOptions plain = OPTIONS.shuffle(false);
    Sequential trained = model(2);
    Sequential manual = model(2);
    double loss;
    try (TrainingSteps steps = trained.trainingSteps(List.of(d[0]), List.of(d[1]), plain)) {
      steps.beginEpoch(0, 0);
      loss = steps.train(16, 16);
    }
    try (TrainingSteps steps = manual.trainingSteps(List.of(d[0]), List.of(d[1]), plain)) {
      steps.beginEpoch(0, 0);
      assertEquals(loss, steps.gradients(16, 16), 0);
      List<Parameter> trainable = steps.trainableParameters();
      assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
          "dense_1/kernel", "dense_1/bias"), trainable.stream().map(Parameter::name).toList());
      manual.optimizer().apply(trainable);
    }
    for (String name : trained.weights().keySet()) {
      assertArrayEquals(trained.weights().get(name).data(), manual.weights().get(name).data(), name);
    }
  }

  @Test
  void aStepOutsideTheSamplesOrLargerThanABatchIsRejected() {
    Tensor[] d = SequentialTest.toyData(40, 5);
    try (TrainingSteps steps = model(1).trainingSteps(List.of(d[0]), List.of(d[1]), OPTIONS)) {
      steps.beginEpoch(0, 0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> steps.train(30, 16));
      assertEquals("TrainingSteps: a step needs 0 <= from and 1 <= rows <= 16 (the batch size) with from + rows <= 40 "
          + "(the samples), but got from=30, rows=16", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> steps.gradients(0, 17));
      assertThrows(IllegalArgumentException.class, () -> steps.train(-1, 4));
      steps.close();
      assertEquals("TrainingSteps: closed",
          assertThrows(IllegalStateException.class, () -> steps.train(0, 4)).getMessage());
    }
  }

  @Test
  void checkValuesFindsWhatFitWouldRejectNamingTheRow() {
    Tensor[] d = SequentialTest.toyData(40, 5);
    d[0].data()[4 * 7 + 2] = Float.NaN;
    try (TrainingSteps steps = model(1).trainingSteps(List.of(d[0]), List.of(d[1]), OPTIONS)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, steps::checkValues);
      assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("7"), e.getMessage());
    }
    Tensor[] good = SequentialTest.toyData(40, 5);
    good[1].data()[3] = 9;
    try (TrainingSteps steps = model(1).trainingSteps(List.of(good[0]), List.of(good[1]), OPTIONS)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, steps::checkValues);
      assertTrue(e.getMessage().contains("9"), e.getMessage());
    }
  }

  @Test
  void theModelIsInTrainingUseUntilClosed() {
    Tensor[] d = SequentialTest.toyData(40, 5);
    Sequential m = model(1);
    try (TrainingSteps steps = m.trainingSteps(List.of(d[0]), List.of(d[1]), OPTIONS)) {
      CompletionException e = assertThrows(CompletionException.class,
          () -> CompletableFuture.supplyAsync(() -> m.predict(d[0])).join());
      assertInstanceOf(IllegalStateException.class, e.getCause());
    }
    assertEquals(40, CompletableFuture.supplyAsync(() -> m.predict(d[0])).join().samples());
  }
}

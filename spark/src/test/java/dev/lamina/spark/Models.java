// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metric;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.OptimizerBuilder;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.schedules.Schedules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/** The models of the tests, made by static methods so that factories are serialisable method references. */
final class Models {
  private Models() {}

  static Sequential withBatchNormalization(OptimizerBuilder optimizer, Metric... more) {
    Sequential m = Sequential.of(1, Input.of(4), Dense.builder(16).activation(Activations.RELU),
        new BatchNormalization.Spec(), Dense.builder(4).activation(Activations.SOFTMAX));
    List<Metric> metrics = new ArrayList<>(List.of(Metrics.accuracy()));
    metrics.addAll(List.of(more));
    m.compile(Losses.sparseCategoricalCrossentropy(), optimizer.build(), metrics);
    return m;
  }

  static Sequential adam() {
    return withBatchNormalization(Optimizers.adam().learningRate(Schedules.exponentialDecay(0.01, 5, 0.9, false)));
  }

  static Sequential sgd() {
    return withBatchNormalization(Optimizers.sgd().learningRate(0.05).momentum(0.9));
  }

  static Sequential nadam() {
    return withBatchNormalization(Optimizers.nadam().learningRate(0.01));
  }

  static Sequential adamW() {
    return withBatchNormalization(Optimizers.adamW().learningRate(0.01));
  }

  /** No batch normalisation, plain SGD: gradient mode is then single-node training with the global batch. */
  static Sequential plain() {
    Sequential m = Sequential.of(2, Input.of(4), Dense.builder(16).activation(Activations.RELU),
        Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).build(), Metrics.accuracy());
    return m;
  }

  /** Dropout before batch normalisation: random numbers in every step. */
  static Sequential dropout() {
    Sequential m = Sequential.of(3, Input.of(4), Dense.builder(16).activation(Activations.RELU),
        new Dropout.Spec(0.3, null), new BatchNormalization.Spec(), Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(0.01).build(), Metrics.accuracy());
    return m;
  }

  /** A learning rate that makes the loss NaN within a few steps. */
  static Sequential exploding() {
    Sequential m = Sequential.of(2, Input.of(4), Dense.builder(16).activation(Activations.RELU),
        Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(1e30).build());
    return m;
  }

  /** The models the factory {@link #counted()} made in this JVM. */
  static final AtomicInteger COUNTED = new AtomicInteger();

  /** {@link #adam()}, counted in {@link #COUNTED}. */
  static Sequential counted() {
    COUNTED.incrementAndGet();
    return adam();
  }

  /**
   * {@link #adam()} with a metric that runs {@code fault} in the second step of the first attempt
   * of every task of partition 1: after that task trained a step, so its model is half-way through
   * its round.
   */
  private static Sequential faulty(Runnable fault) {
    Metric faults = Metric.of("fault", (predicted, target) -> {
      TaskContext task = TaskContext.get();
      if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0
          && STEPS.merge(task.taskAttemptId(), 1, Integer::sum) == 2) {
        fault.run();
      }
      return 0;
    });
    return withBatchNormalization(Optimizers.adam().learningRate(Schedules.exponentialDecay(0.01, 5, 0.9, false)), faults);
  }

  /** The steps each task attempt has trained in {@link #faulty}. */
  private static final Map<Long, Integer> STEPS = new ConcurrentHashMap<>();

  /**
   * {@link #adam()}, but the JVM of the first task of partition 1 to find no {@code marker} file
   * creates it and dies in the middle of its round: an executor lost during training.
   */
  static Sequential haltingOnce(String marker) {
    return faulty(() -> {
      try {
        Files.createFile(Path.of(marker)); // fails if it exists: one loss per test
        Runtime.getRuntime().halt(1);
      } catch (IOException e) {
        // the executor was lost before: train
      }
    });
  }

  /** {@link #adam()}, but the second task of every round fails in the middle of its first attempt: Spark retries it. */
  static Sequential failingOnce() {
    return faulty(() -> {
      throw new IllegalStateException("a failure made by the test (stage " + TaskContext.get().stageId() + ")");
    });
  }
}

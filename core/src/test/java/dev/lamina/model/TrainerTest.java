// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.activations.ActivationGradientCheckTest;
import dev.lamina.activations.Activations;
import dev.lamina.callbacks.BatchStart;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.callbacks.Monitor;
import dev.lamina.callbacks.TerminateOnNaN;
import dev.lamina.constraints.Constraints;
import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.layers.Parameter;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.optimizers.SGD;
import dev.lamina.regularizers.Regularizers;
import dev.lamina.schedules.OneCycle;
import dev.lamina.schedules.Schedules;
import dev.lamina.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static long allocatedDuringFit(Sequential model, Tensor x, Tensor y, int epochs) {
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(20).verbose(false).seed(1);
    long before = bean.getThreadAllocatedBytes(id);
    model.fit(x, y, options);
    return bean.getThreadAllocatedBytes(id) - before;
  }

  /**
   * Allocation is counted by the JVM, not timed. One more epoch of 200 batches may cost the
   * epoch's bookkeeping (a history entry, a log line's map), but less than 8 bytes per batch, once
   * warmed up: until C2 has compiled the Vector API kernels their vectors are boxed, so the test
   * keeps warming up (as long as 60 rounds of 10 fits) until the steady state shows.
   */
  /** The History is recorded after the callbacks, with what they logged; an epoch stopped mid-way is not complete. */
  @Test
  void theHistoryHoldsWhatCallbacksLoggedAndEpochEndTellsACutShortEpoch() {
    Tensor[] d = SequentialTest.toyData(64, 3);
    List<Boolean> complete = new java.util.ArrayList<>();
    History h = SequentialTest.toyModel(3).fit(d[0], d[1], FitOptions.defaults().epochs(4).batchSize(16)
        .verbose(false).callbacks(
            Callback.onEpochEnd(e -> e.log("twice_loss", 2 * e.loss())),
            new Callback() {
              @Override
              public void onBatchEnd(dev.lamina.callbacks.BatchEnd b) {
                if (b.epoch() == 1 && b.batch() == 3) {
                  b.stopTraining("after the last batch of epoch 2"); // the epoch is whole
                }
              }
            },
            Callback.onEpochEnd(e -> complete.add(e.complete()))));
    assertEquals(List.of(true, true), complete);
    assertEquals(2, h.get("twice_loss").size());
    for (int epoch = 0; epoch < 2; epoch++) {
      assertEquals(2 * h.get("loss").get(epoch), h.get("twice_loss").get(epoch));
    }
    complete.clear();
    SequentialTest.toyModel(3).fit(d[0], d[1], FitOptions.defaults().epochs(4).batchSize(16).verbose(false)
        .callbacks(Callback.onBatchEnd(b -> {
          if (b.epoch() == 1 && b.batch() == 2) {
            b.stopTraining("mid-epoch");
          }
        }), Callback.onEpochEnd(e -> complete.add(e.complete()))));
    assertEquals(List.of(true, false), complete);
  }

  @Test
  void theTrainingLoopAllocatesNothingPerBatch() {
    Tensor[] d = SequentialTest.toyData(4000, 1);
    Sequential model = SequentialTest.toyModel(1);
    long perEpoch = Long.MAX_VALUE;
    for (int round = 0; round < 60 && perEpoch >= 200 * 8; round++) {
      for (int i = 0; i < 10; i++) {
        allocatedDuringFit(model, d[0], d[1], 1);
      }
      perEpoch = allocatedDuringFit(model, d[0], d[1], 2) - allocatedDuringFit(model, d[0], d[1], 1);
    }
    assertTrue(perEpoch < 200 * 8, "an epoch of 200 batches allocated " + perEpoch + " bytes");
  }

  @Test
  void fullBatchHistoryLossIsTheLossBeforeEachUpdate() {
    Tensor[] d = SequentialTest.toyData(64, 2);
    Sequential model = SequentialTest.toyModel(4);
    double before = model.evaluate(d[0], d[1], 64).loss();
    History h = model.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(64).shuffle(false).verbose(false));
    assertEquals(before, h.get("loss").get(0), 1e-6);
  }

  /** The same with batch normalisation, dropout, a regularizer and a constraint in the loop. */
  @Test
  void theTrainingLoopWithBatchNormDropoutAndPenaltiesAllocatesNothingPerBatch() {
    Tensor[] d = SequentialTest.toyData(4000, 1);
    Sequential model = Sequential.of(1, Input.of(4),
        Dense.builder(16).activation(Activations.RELU).kernelRegularizer(Regularizers.l2())
            .kernelConstraint(Constraints.maxNorm()),
        new BatchNormalization.Spec(), new Dropout.Spec(0.2, null), new AlphaDropout.Spec(0.1, null),
        Dense.builder(4).activation(Activations.SOFTMAX));
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.05).build());
    long perEpoch = Long.MAX_VALUE; // warmed up until the steady state shows, as above
    for (int round = 0; round < 60 && perEpoch >= 200 * 8; round++) {
      for (int i = 0; i < 10; i++) {
        allocatedDuringFit(model, d[0], d[1], 1);
      }
      perEpoch = allocatedDuringFit(model, d[0], d[1], 2) - allocatedDuringFit(model, d[0], d[1], 1);
    }
    assertTrue(perEpoch < 200 * 8, "an epoch of 200 batches allocated " + perEpoch + " bytes");
  }

  /** A model whose loss has L1, L2 and L1L2 penalties, with weights away from L1's kink. */
  private static Sequential regularizedModel(double learningRate) {
    Sequential m = Sequential.of(6, Input.of(4),
        Dense.builder(3).activation(Activations.TANH).kernelRegularizer(Regularizers.l1l2(0.05, 0.1))
            .biasRegularizer(Regularizers.l2(0.2)),
        Dense.builder(4).activation(Activations.SOFTMAX).kernelRegularizer(Regularizers.l1(0.03)));
    SplittableRandom r = new SplittableRandom(8);
    for (Parameter p : m.parameters()) {
      System.arraycopy(ActivationGradientCheckTest.awayFromZero(r, p.size(), 0.8), 0, p.value(), 0, p.size());
    }
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(learningRate).build());
    return m;
  }

  private static double penalty(Sequential m) {
    return m.parameters().stream().mapToDouble(p -> p.penalty(false)).sum();
  }

  /**
   * Keras adds the penalties to the loss fit reports and to evaluate's: the first full-batch loss
   * is the evaluated one, and both exceed the unregularized loss by exactly the penalty.
   */
  @Test
  void reportedLossesIncludeThePenalties() {
    Tensor[] d = SequentialTest.toyData(16, 2);
    Sequential m = regularizedModel(0.1);
    double evaluated = m.evaluate(d[0], d[1], 16).loss();
    double expectedPenalty = 0;
    for (Parameter p : m.parameters()) {
      float[] w = p.value();
      double abs = 0;
      double squares = 0;
      for (float v : w) {
        abs += Math.abs(v);
        squares += (double) v * v;
      }
      expectedPenalty += p.name().equals("dense/kernel") ? 0.05 * abs + 0.1 * squares
          : p.name().equals("dense/bias") ? 0.2 * squares : p.name().equals("dense_1/kernel") ? 0.03 * abs : 0;
    }
    assertEquals(expectedPenalty, penalty(m), 1e-9);
    Sequential plain = Sequential.of(6, Input.of(4), Dense.builder(3).activation(Activations.TANH),
        Dense.builder(4).activation(Activations.SOFTMAX));
    plain.copyWeightsFrom(m);
    plain.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    assertEquals(plain.evaluate(d[0], d[1], 16).loss() + expectedPenalty, evaluated, 1e-6);
    History h = m.fit(d[0], d[1], FitOptions.defaults().batchSize(16).shuffle(false).verbose(false));
    assertEquals(evaluated, h.get("loss").get(0), 1e-6);
  }

  /**
   * The gradient the optimizer receives, recovered from one plain SGD step as (w − w') / lr, is
   * the derivative of the regularized loss: central differences of evaluate's loss.
   */
  @Test
  void theRegularizedGradientMatchesFiniteDifferences() {
    Tensor[] d = SequentialTest.toyData(16, 2);
    double lr = 1e-3;
    Sequential m = regularizedModel(lr);
    Sequential probe = regularizedModel(lr);
    List<Parameter> before = probe.parameters();
    m.fit(d[0], d[1], FitOptions.defaults().batchSize(16).shuffle(false).verbose(false));
    List<Parameter> after = m.parameters();
    for (int k = 0; k < before.size(); k++) {
      float[] w = before.get(k).value();
      float[] analytic = new float[w.length];
      float[] numeric = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        analytic[i] = (float) (((double) w[i] - after.get(k).value()[i]) / lr);
        float original = w[i];
        w[i] = (float) (original + ActivationGradientCheckTest.H);
        double plus = probe.evaluate(d[0], d[1], 16).loss();
        w[i] = (float) (original - ActivationGradientCheckTest.H);
        double minus = probe.evaluate(d[0], d[1], 16).loss();
        w[i] = original;
        numeric[i] = (float) ((plus - minus) / (2 * ActivationGradientCheckTest.H));
      }
      ActivationGradientCheckTest.assertGradient(before.get(k).name(), numeric, analytic);
    }
  }

  /** Constraints are applied after each update: every column of the kernel ends with norm ≤ max. */
  @Test
  void constraintsHoldAfterTraining() {
    Tensor[] d = SequentialTest.toyData(400, 2);
    Sequential m = Sequential.of(3, Input.of(4),
        Dense.builder(16).activation(Activations.RELU).kernelConstraint(Constraints.maxNorm(0.3))
            .biasConstraint(Constraints.maxNorm(0.1)),
        Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.5).build());
    float[] initial = m.weights().get("dense/kernel").data();
    m.fit(d[0], d[1], FitOptions.defaults().epochs(2).verbose(false));
    Tensor kernel = m.weights().get("dense/kernel");
    double largestInitial = 0;
    for (int j = 0; j < 16; j++) {
      double squares = 0;
      double initialSquares = 0;
      for (int i = 0; i < 4; i++) {
        squares += kernel.get(i, j) * kernel.get(i, j);
        initialSquares += initial[i * 16 + j] * initial[i * 16 + j];
      }
      largestInitial = Math.max(largestInitial, Math.sqrt(initialSquares));
      assertTrue(Math.sqrt(squares) <= 0.3 + 1e-6, "column " + j + " has norm " + Math.sqrt(squares));
    }
    assertTrue(largestInitial > 0.3, "the constraint must have something to do: " + largestInitial);
    double biasSquares = 0;
    for (float b : m.weights().get("dense/bias").data()) {
      biasSquares += b * b;
    }
    assertTrue(Math.sqrt(biasSquares) <= 0.1 + 1e-6, "bias norm " + Math.sqrt(biasSquares));
    assertTrue(biasSquares > 0, "the bias trained");
  }

  /**
   * The per-batch hooks reuse one event: with callbacks listening to every batch (and epoch-level
   * ones), an epoch of 200 batches still allocates less than 8 bytes per batch.
   */
  @Test
  void theTrainingLoopWithBatchCallbacksAllocatesNothingPerBatch() {
    Tensor[] d = SequentialTest.toyData(4000, 1);
    Sequential model = SequentialTest.toyModel(1);
    double[] sum = new double[1];
    List<Callback> callbacks = List.of(new TerminateOnNaN(), Callback.onBatchEnd(e -> sum[0] += e.loss()),
        new Callback() {
          @Override
          public void onBatchBegin(BatchStart e) {
            sum[0] += e.batch();
          }
        }, EarlyStopping.builder().monitor(Monitor.LOSS).patience(100).build());
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long perEpoch = Long.MAX_VALUE;
    for (int round = 0; round < 60 && perEpoch >= 200 * 8; round++) {
      long[] bytes = new long[3];
      for (int epochs = 1; epochs <= 2; epochs++) {
        for (int i = 0; i < (epochs == 1 ? 10 : 1); i++) {
          FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(20).verbose(false).seed(1).callbacks(callbacks);
          long before = bean.getThreadAllocatedBytes(id);
          model.fit(d[0], d[1], options);
          bytes[epochs] = bean.getThreadAllocatedBytes(id) - before;
        }
      }
      perEpoch = bytes[2] - bytes[1];
    }
    assertTrue(perEpoch < 200 * 8, "an epoch of 200 batches allocated " + perEpoch + " bytes");
  }

  /** 1cycle through the optimizer's schedules: before every update of a fit, lr and momentum are the closed form's. */
  @Test
  void oneCycleDrivesLearningRateAndMomentumDuringFit() {
    Tensor[] d = SequentialTest.toyData(100, 3);
    OneCycle cycle = Schedules.oneCycle(0.5, 3 * 7); // 3 epochs of 7 batches
    Sequential model = Sequential.of(3, Input.of(4), Dense.builder(8).activation(Activations.RELU),
        Dense.builder(4).activation(Activations.SOFTMAX));
    SGD sgd = Optimizers.sgd().learningRate(cycle).momentum(cycle::momentumAt).build();
    model.compile(Losses.sparseCategoricalCrossentropy(), sgd);
    List<String> seen = new java.util.ArrayList<>();
    List<String> expected = new java.util.ArrayList<>();
    model.fit(d[0], d[1], FitOptions.defaults().epochs(3).batchSize(15).verbose(false).callbacks(new Callback() {
      @Override
      public void onBatchBegin(BatchStart e) {
        long step = sgd.iterations();
        seen.add(step + ": " + sgd.currentLearningRate() + " " + sgd.momentum());
        expected.add((e.epoch() * 7L + e.batch()) + ": " + cycle.at(step) + " " + cycle.momentumAt(step));
      }
    }));
    assertEquals(21, seen.size());
    assertEquals(expected, seen);
    assertEquals(0.5 / 25, cycle.at(0), 1e-15);
    assertEquals(0.95, cycle.momentumAt(0), 1e-15);
  }

  /** BatchEnd.frame: the frame of this batch for a layer that runs; none for a layer cached as frozen. */
  @Test
  void batchEndGivesTheFramesOfLayersThatRunAndNoneForLayersCachedAsFrozen() {
    Tensor[] d = SequentialTest.toyData(100, 3);
    Sequential m = Sequential.of(3, Input.of(4), Dense.builder(8).activation(Activations.RELU).name("body"),
        Dense.builder(4).activation(Activations.SOFTMAX).name("head"));
    m.freeze("body");
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    dev.lamina.layers.Layer body = m.get("body");
    dev.lamina.layers.Layer head = m.get("head");
    dev.lamina.layers.Layer elsewhere = Dense.builder(1).create();
    List<String> seen = new java.util.ArrayList<>();
    FitOptions options = FitOptions.defaults().epochs(1).batchSize(32).verbose(false).callbacks(Callback.onBatchEnd(b -> {
      dev.lamina.layers.Frame bf = b.frame(body);
      dev.lamina.layers.Frame hf = b.frame(head);
      seen.add((bf == null ? "-" : bf.input().rows() + "x" + bf.input().cols()) + " "
          + (hf == null ? "-" : hf.input().rows() + "x" + hf.input().cols()) + (b.frame(elsewhere) == null ? "" : " ?"));
    }));
    m.fit(d[0], d[1], options);
    assertEquals(List.of("- 32x8", "- 32x8", "- 32x8", "- 4x8"), seen);
    seen.clear();
    m.fit(d[0], d[1], options.cacheFrozenLayers(false));
    assertEquals(List.of("32x4 32x8", "32x4 32x8", "32x4 32x8", "4x4 4x8"), seen);
  }

  // ---- the checks made once before training -------------------------------------------------

  private static final FitOptions QUIET = FitOptions.defaults().verbose(false);

  private static Sequential categoricalModel() {
    Sequential m = Sequential.of(42, Input.of(4), Dense.builder(3).activation(Activations.SOFTMAX));
    m.compile(Losses.categoricalCrossentropy(), Optimizers.sgd().build(), Metrics.accuracy());
    return m;
  }

  /** Labels 0, 1, 2, 0, 1, 2, … of 20 samples, with {@code value} at {@code row}. */
  private static Tensor labels(int row, float value) {
    float[] y = new float[20];
    for (int i = 0; i < 20; i++) {
      y[i] = i % 3;
    }
    y[row] = value;
    return Tensor.of(y, 20);
  }

  private static Sequential sparseModel() {
    Sequential m = Sequential.of(42, Input.of(4), Dense.builder(3).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build(), Metrics.accuracy());
    return m;
  }

  @Test
  void targetsOfTheWrongShapeAreRejectedBeforeTheMetricsRunNamingTheLossAndTheShapes() {
    Tensor x = SequentialTest.toyData(20, 1)[0];
    Tensor sparse = labels(0, 0);
    IllegalArgumentException training = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> categoricalModel().fit(x, sparse, QUIET));
    assertEquals("CategoricalCrossentropy: the training targets must have the shape of the model's outputs [20, 3] "
        + "(one-hot; for class indices use sparseCategoricalCrossentropy), but had shape [20]", training.getMessage());
    Tensor oneHot = Tensor.zeros(20, 3);
    IllegalArgumentException validation = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> categoricalModel().fit(x, oneHot, QUIET.validationData(x, sparse)));
    assertEquals("CategoricalCrossentropy: the validation targets must have the shape of the model's outputs [20, 3] "
        + "(one-hot; for class indices use sparseCategoricalCrossentropy), but had shape [20]", validation.getMessage());
    IllegalArgumentException evaluation = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> categoricalModel().evaluate(x, sparse));
    assertTrue(evaluation.getMessage().startsWith("CategoricalCrossentropy: the evaluation targets must have the shape"),
        evaluation.getMessage());
    IllegalArgumentException sparseLoss = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(x, oneHot, QUIET));
    assertEquals("SparseCategoricalCrossentropy: the training targets must be class indices of shape [20] or [20, 1], "
        + "but had shape [20, 3]", sparseLoss.getMessage());
  }

  @Test
  void anOutOfRangeLabelIsFoundBeforeAnyBatchNamingItsRowAndItsData() {
    Tensor x = SequentialTest.toyData(20, 1)[0];
    Sequential m = sparseModel();
    List<Tensor> before = m.getWeights();
    int[] batches = {0};
    IllegalArgumentException training = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> m.fit(x, labels(13, 3), QUIET.batchSize(4).callbacks(Callback.onBatchEnd(e -> batches[0]++))));
    assertEquals("SparseCategoricalCrossentropy: labels must be class indices in [0, 2], but row 13 of the training "
        + "targets was 3.0", training.getMessage());
    assertEquals(0, batches[0]);
    for (int i = 0; i < before.size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(i).data(), m.getWeights().get(i).data(), 0f);
    }
    IllegalArgumentException split = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(x, labels(18, -1), QUIET.validationSplit(0.25)));
    assertEquals("SparseCategoricalCrossentropy: labels must be class indices in [0, 2], but row 18 of the targets "
        + "(validation data: the last 5 rows, held out by validationSplit 0.25) was -1.0", split.getMessage());
    IllegalArgumentException validation = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(x, labels(0, 0), QUIET.validationData(x, labels(2, 1.5f))));
    assertEquals("SparseCategoricalCrossentropy: labels must be class indices in [0, 2], but row 2 of the validation "
        + "targets was 1.5", validation.getMessage());
    IllegalArgumentException evaluation = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().evaluate(x, labels(7, Float.NaN)));
    assertEquals("SparseCategoricalCrossentropy: labels must be class indices in [0, 2], but row 7 of the evaluation "
        + "targets was NaN", evaluation.getMessage());
  }

  @Test
  void theValidationSplitKeepsFloorOfTheTrainingShareAsKeras() {
    Tensor[] d = SequentialTest.toyData(1797, 3);
    int[] steps = {0};
    SequentialTest.toyModel(1).fit(d[0], d[1], QUIET.batchSize(1).validationSplit(0.1).callbacks(Callback.onBatchEnd(e -> steps[0]++)));
    assertEquals(1617, steps[0]);
  }

  @Test
  void emptyTrainingOrValidationDataAreRejected() {
    Tensor[] d = SequentialTest.toyData(20, 1);
    IllegalArgumentException noTraining = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(d[0], d[1], QUIET.validationSplit(0.99)));
    assertEquals("fit: validationSplit 0.99 of 20 samples leaves no training samples (0 kept for training, "
        + "floor(n * (1 - validationSplit)) as Keras); give more data or another validationSplit", noTraining.getMessage());
    IllegalArgumentException noValidation = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(d[0], d[1], QUIET.validationSplit(1e-17)));
    assertTrue(noValidation.getMessage().contains("leaves no validation samples"), noValidation.getMessage());
    IllegalArgumentException emptyValidation = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> sparseModel().fit(d[0], d[1], QUIET.validationData(Tensor.zeros(0, 4), Tensor.zeros(0))));
    assertEquals("fit: the validation data has no samples (validation inputs [0, 4])", emptyValidation.getMessage());
    IllegalArgumentException emptyTraining = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(Tensor.zeros(0, 4), Tensor.zeros(0), QUIET));
    assertEquals("fit: the training data has no samples (inputs [0, 4])", emptyTraining.getMessage());
    IllegalArgumentException emptyEvaluation = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> sparseModel().evaluate(Tensor.zeros(0, 4), Tensor.zeros(0)));
    assertEquals("evaluate: the data has no samples (inputs [0, 4])", emptyEvaluation.getMessage());
  }

  @Test
  void aNonFiniteInputIsReportedBeforeTrainingWithItsSampleAndFeature() {
    Tensor[] d = {SequentialTest.toyData(20, 1)[0], labels(0, 0)};
    Tensor nan = d[0].copy();
    nan.set(6, 2, Float.NaN);
    IllegalArgumentException training = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(nan, d[1], QUIET));
    assertEquals("fit: inputs must be finite, but row 6 of the training inputs, feature 2, was NaN",
        training.getMessage());
    Tensor inf = d[0].copy();
    inf.set(17, 0, Float.NEGATIVE_INFINITY);
    IllegalArgumentException split = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(inf, d[1], QUIET.validationSplit(0.25)));
    assertEquals("fit: inputs must be finite, but row 17 of the inputs (validation data: the last 5 rows, held out by "
        + "validationSplit 0.25), feature 0, was -Infinity", split.getMessage());
    IllegalArgumentException validation = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> sparseModel().fit(d[0], d[1], QUIET.validationData(nan, d[1])));
    assertEquals("fit: inputs must be finite, but row 6 of the validation inputs, feature 2, was NaN",
        validation.getMessage());
    Sequential image = Sequential.of(1, Input.of(2, 3), new dev.lamina.layers.Flatten.Spec(null), Dense.builder(3));
    image.compile(Losses.sparseCategoricalCrossentropy(true), Optimizers.sgd().build());
    Tensor images = Tensor.zeros(4, 2, 3);
    images.set(1, 1, 2, Float.POSITIVE_INFINITY);
    IllegalArgumentException position = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> image.fit(images, Tensor.zeros(4), QUIET));
    assertEquals("fit: inputs must be finite, but row 1 of the training inputs, feature 5 (position [1, 2]), was "
        + "Infinity", position.getMessage());
  }
}

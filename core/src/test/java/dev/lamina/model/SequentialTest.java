// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialTest {

  /** The seed's model without batch normalization. */
  static Sequential seedModel(long seed) {
    return Sequential.of(seed, Input.of(28, 28),
        new Flatten.Spec(null),
        Dense.builder(300).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        Dense.builder(100).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        Dense.builder(10).activation(Activations.SOFTMAX));
  }

  /** The seed's model with batch normalization after Flatten and after each hidden Dense. */
  static Sequential seedBatchNormModel(long seed) {
    return Sequential.of(seed, Input.of(28, 28),
        new Flatten.Spec(null),
        new BatchNormalization.Spec(),
        Dense.builder(300).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        new BatchNormalization.Spec(),
        Dense.builder(100).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        new BatchNormalization.Spec(),
        Dense.builder(10).activation(Activations.SOFTMAX));
  }

  /** A small classification problem: the class is the index of the largest of 4 features. */
  static Tensor[] toyData(int samples, long seed) {
    return dev.lamina.testing.ToyProblem.data(samples, seed);
  }

  static Sequential toyModel(long seed) {
    Sequential m = Sequential.of(seed, Input.of(4),
        Dense.builder(16).activation(Activations.RELU), Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).momentum(0.9).build(),
        Metrics.accuracy());
    return m;
  }

  @Test
  void summaryOfTheSeedModelCountsKerasParameters() {
    String summary = seedModel(1).summary();
    assertTrue(summary.contains("Total params: 266,610"), summary);
    assertTrue(summary.contains("Trainable params: 266,610"), summary);
    assertTrue(summary.contains("Non-trainable params: 0"), summary);
    assertTrue(summary.contains("dense_1 (Dense)"), summary);
    assertTrue(summary.contains("(None, 784)"), summary);
  }

  /** Keras: 4 weights per normalised feature, 2 of them (the moving statistics) non-trainable. */
  @Test
  void summaryOfTheSeedBatchNormModelCountsKerasParameters() {
    Sequential m = seedBatchNormModel(1);
    String summary = m.summary();
    assertTrue(summary.contains("Total params: 271,346"), summary);
    assertTrue(summary.contains("Trainable params: 268,978"), summary);
    assertTrue(summary.contains("Non-trainable params: 2,368"), summary);
    String row = summary.lines().filter(l -> l.startsWith(" batch_normalization_1 ")).findFirst().orElseThrow();
    assertEquals(" batch_normalization_1 (BatchNormalization) (None, 300)               1,200        Y", row);
    int column = row.indexOf("(None");
    assertTrue(summary.lines().filter(l -> l.contains("(None")).allMatch(l -> l.indexOf("(None") == column),
        "the output shapes stay aligned:\n" + summary);
    m.get("batch_normalization").setTrainable(false);
    ((BatchNormalization) m.get("batch_normalization_1")).setStatisticsFrozen(true);
    String frozen = m.summary();
    assertTrue(frozen.contains("Trainable params: 267,410"), frozen); // 268,978 - 2 * 784
    assertTrue(frozen.contains("Non-trainable params: 3,936"), frozen);
    assertTrue(frozen.contains("3,136        N (inference)\n"), frozen);
    assertTrue(frozen.contains("1,200        Y (stats frozen)\n"), frozen);
  }

  /**
   * In fit a trainable BatchNormalization updates its moving statistics; a frozen one (Keras:
   * inference mode) keeps them and its gamma and beta, while the layers around it train.
   */
  @Test
  void fitMovesTheStatisticsOfTrainableBatchNormOnly() {
    Tensor[] d = toyData(300, 5);
    Sequential m = Sequential.of(3, Input.of(4), new BatchNormalization.Spec(), Dense.builder(16).activation(Activations.RELU),
        new BatchNormalization.Spec(), Dense.builder(4).activation(Activations.SOFTMAX));
    m.get("batch_normalization_1").setTrainable(false);
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).build(), Metrics.accuracy());
    List<Tensor> frozenBefore = m.getWeights("batch_normalization_1");
    m.fit(d[0], d[1], FitOptions.defaults().epochs(2).verbose(false));
    List<Tensor> frozenAfter = m.getWeights("batch_normalization_1");
    for (int k = 0; k < 4; k++) {
      assertArrayEquals(frozenBefore.get(k).data(), frozenAfter.get(k).data(), 0f, "frozen weight " + k);
    }
    Tensor movingMean = m.weights().get("batch_normalization/moving_mean");
    for (int j = 0; j < 4; j++) { // toy inputs have mean 0: the moving mean stays near it but moved
      assertNotEquals(0f, movingMean.get(j));
      assertTrue(Math.abs(movingMean.get(j)) < 0.3, movingMean.toString());
    }
    assertTrue(m.weights().get("batch_normalization/moving_variance").get(0) != 1f);
    assertTrue(m.evaluate(d[0], d[1]).get("accuracy") > 0.6);
    Sequential clone = m.cloneArchitecture(4);
    assertFalse(clone.get("batch_normalization_1").isTrainable());
  }

  /** A classifier with dropout and batch normalization for Monte Carlo dropout. */
  private static Sequential dropoutModel(long seed, double rate) {
    Sequential m = Sequential.of(seed, Input.of(4), Dense.builder(32).activation(Activations.RELU),
        new BatchNormalization.Spec(), new Dropout.Spec(rate, null), Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).momentum(0.9).build());
    return m;
  }

  @Test
  void monteCarloDropoutAveragesStochasticPassesWithBatchNormInInference() {
    Tensor[] d = toyData(500, 5);
    Sequential m = dropoutModel(3, 0.3);
    m.fit(d[0], d[1], FitOptions.defaults().epochs(2).verbose(false));
    Map<String, Tensor> weights = m.weights();
    Tensor x = d[0].rows(0, 40);
    MonteCarloPrediction p = m.predictMonteCarlo(x, 50, 16);
    assertEquals(50, p.passes());
    assertArrayEquals(new int[] {40, 4}, p.mean().shape());
    assertArrayEquals(new int[] {40, 4}, p.standardDeviation().shape());
    weights.forEach((name, w) -> assertArrayEquals(w.data(), m.weights().get(name).data(), 0f,
        name + ": Monte Carlo passes must not change any weight or moving statistic"));
    Tensor deterministic = m.predict(x);
    double largestStd = 0;
    double meanDifference = 0;
    int sameClass = 0;
    for (int i = 0; i < 40; i++) {
      float sum = 0;
      int mcClass = 0;
      int inferredClass = 0;
      for (int j = 0; j < 4; j++) {
        sum += p.mean().get(i, j);
        largestStd = Math.max(largestStd, p.standardDeviation().get(i, j));
        meanDifference += Math.abs(p.mean().get(i, j) - deterministic.get(i, j)) / 160;
        mcClass = p.mean().get(i, j) > p.mean().get(i, mcClass) ? j : mcClass;
        inferredClass = deterministic.get(i, j) > deterministic.get(i, inferredClass) ? j : inferredClass;
      }
      assertEquals(1f, sum, 1e-5f, "a mean of probabilities sums to 1");
      sameClass += mcClass == inferredClass ? 1 : 0;
    }
    assertTrue(largestStd > 0.01, "dropout must make the passes differ: " + largestStd);
    assertTrue(meanDifference > 0 && meanDifference < 0.1, "the MC mean is near the deterministic prediction: " + meanDifference);
    assertTrue(sameClass >= 32, "the MC mean mostly predicts the same classes: " + sameClass + " of 40");
    // reproducible from the seed
    Sequential again = dropoutModel(3, 0.3);
    again.fit(d[0], d[1], FitOptions.defaults().epochs(2).verbose(false));
    assertArrayEquals(p.standardDeviation().data(), again.predictMonteCarlo(x, 50, 16).standardDeviation().data(), 0f);
  }

  /** Without dropout every pass is the inference pass: standard deviation 0, mean = predict. */
  @Test
  void monteCarloWithoutDropoutIsPredict() {
    Tensor[] d = toyData(50, 5);
    Sequential m = dropoutModel(3, 0);
    m.fit(d[0], d[1], FitOptions.defaults().verbose(false));
    MonteCarloPrediction p = m.predictMonteCarlo(d[0], 5);
    assertArrayEquals(m.predict(d[0]).data(), p.mean().data(), 1e-6f);
    for (float s : p.standardDeviation().data()) {
      assertTrue(s < 1e-6, "std " + s);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predictMonteCarlo(d[0], 0));
    assertEquals("Sequential: predictMonteCarlo needs passes > 0 and batchSize > 0, but got passes=0, batchSize=32",
        e.getMessage());
  }

  @Test
  void namesAreGeneratedKerasStyleAndKeepGivenNames() {
    Sequential m = Sequential.of(1, Input.of(3),
        Dense.builder(2), Dense.builder(2).name("dense_1"), Dense.builder(2), Dense.builder(2).name("head"));
    assertEquals(List.of("dense", "dense_1", "dense_2", "head"), m.layers().stream().map(Layer::name).toList());
  }

  @Test
  void duplicateNamesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(1, Input.of(3),
        Dense.builder(2).name("a"), Dense.builder(2).name("a")));
    assertEquals("Model: layer names must be unique, but 'a' is used twice", e.getMessage());
  }

  /**
   * Names are generated when the model's graph is made, after the layers are created and built,
   * so a configuration or shape error names the layer by the name it was given (an unnamed layer
   * has none yet).
   */
  @Test
  void invalidUnitsNameTheLayerTheRuleAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(1, Input.of(3), Dense.builder(4), Dense.builder(-3).name("head")));
    assertEquals("Dense(name=head): units must be > 0, but was -3", e.getMessage());
  }

  @Test
  void denseAfterAnImageWithoutFlattenSaysWhatToDo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(1, Input.of(28, 28), Dense.builder(4).name("hidden")));
    assertTrue(e.getMessage().startsWith("Dense(name=hidden): expects inputs of rank 1 per sample, but got shape [28, 28]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Layers.flatten()"), e.getMessage());
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsAfterTraining() {
    Tensor[] d = toyData(500, 3);
    Sequential a = toyModel(7);
    Sequential b = toyModel(7);
    a.fit(d[0], d[1], FitOptions.defaults().epochs(3).seed(11).verbose(false));
    b.fit(d[0], d[1], FitOptions.defaults().epochs(3).seed(11).verbose(false));
    Map<String, Tensor> wa = a.weights();
    Map<String, Tensor> wb = b.weights();
    assertEquals(wa.keySet(), wb.keySet());
    for (String name : wa.keySet()) {
      assertArrayEquals(wa.get(name).data(), wb.get(name).data(), 0f, name);
    }
    Sequential c = toyModel(8);
    assertFalse(java.util.Arrays.equals(a.weights().get("dense/kernel").data(), c.weights().get("dense/kernel").data()));
  }

  @Test
  void weightsAndPredictionsAreBitIdenticalForEveryThreadCount() {
    assertSameForEveryThreadCount(200, 64, () -> Sequential.of(4, Input.of(200),
        Dense.builder(256).activation(Activations.RELU), new BatchNormalization.Spec(),
        Dense.builder(128).activation(Activations.ELU), Dense.builder(10).activation(Activations.SOFTMAX)));
  }

  /** The W1 shapes of shared/bench: widths that are not whole micro-tiles, batch 32, BN first. */
  @Test
  void benchmarkW1IsBitIdenticalForEveryThreadCount() {
    assertSameForEveryThreadCount(784, 32, () -> Sequential.of(4, Input.of(784),
        new BatchNormalization.Spec(), Dense.builder(300).activation(Activations.ELU),
        new BatchNormalization.Spec(), Dense.builder(100).activation(Activations.ELU),
        new BatchNormalization.Spec(), Dense.builder(10).activation(Activations.SOFTMAX)));
  }

  private static void assertSameForEveryThreadCount(int features, int batchSize,
      java.util.function.Supplier<Sequential> model) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    float[] xs = new float[600 * features];
    float[] ys = new float[600];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < ys.length; i++) {
      ys[i] = r.nextInt(10);
    }
    Tensor x = Tensor.of(xs, 600, features);
    Tensor y = Tensor.of(ys, 600);
    Map<String, Tensor> reference = null;
    Tensor referencePrediction = null;
    for (int threads : new int[] {1, 2, 3}) {
      Sequential m = model.get();
      m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
      m.fit(x, y, FitOptions.defaults().epochs(2).batchSize(batchSize).seed(3).threads(threads).verbose(false));
      Tensor prediction = m.predict(x, 128, threads);
      if (reference == null) {
        reference = m.weights();
        referencePrediction = prediction;
        continue;
      }
      for (String name : reference.keySet()) {
        assertArrayEquals(reference.get(name).data(), m.weights().get(name).data(), 0f, name + ", threads=" + threads);
      }
      assertArrayEquals(referencePrediction.data(), prediction.data(), 0f, "predict, threads=" + threads);
    }
  }

  @Test
  void predictInOneBatchReadsTheInputsInPlaceWithoutChangingThem() {
    Sequential m = Sequential.of(2, Input.of(4), new Flatten.Spec(null), new BatchNormalization.Spec(),
        Dense.builder(8).activation(Activations.ELU), new Dropout.Spec(0.3, null),
        Dense.builder(3).activation(Activations.SOFTMAX));
    Tensor[] d = toyData(50, 4);
    float[] before = d[0].data().clone();
    Tensor whole = m.predict(d[0], 64);
    assertArrayEquals(before, d[0].data(), 0f, "inputs unchanged");
    assertArrayEquals(m.predict(d[0], 7).data(), whole.data(), 0f, "same as in batches of 7");
  }

  @Test
  void rejectsNonPositiveThreadCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FitOptions.defaults().threads(0));
    assertEquals("fit: threads must be >= 1, but was 0", e.getMessage());
    Sequential m = toyModel(1);
    Tensor[] d = toyData(10, 1);
    e = assertThrows(IllegalArgumentException.class, () -> m.predict(d[0], 32, 0));
    assertEquals("threads must be >= 1, but was 0", e.getMessage());
  }

  @Test
  void fitLearnsAToyProblemAndReportsValidation() {
    Tensor[] d = toyData(2000, 5);
    Sequential m = toyModel(3);
    History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(5).validationSplit(0.2).verbose(false));
    assertEquals(5, h.epochs());
    assertTrue(h.last("accuracy") > 0.9, h.toString());
    assertTrue(h.last("val_accuracy") > 0.9, h.toString());
    assertTrue(h.get("loss").get(4) < h.get("loss").get(0), h.toString());
    Evaluation e = m.evaluate(d[0], d[1]);
    assertTrue(e.get("accuracy") > 0.9);
  }

  @Test
  void predictMatchesEvaluationAndKeepsBatchesIndependent() {
    Tensor[] d = toyData(70, 5);
    Sequential m = toyModel(3);
    Tensor p32 = m.predict(d[0]);
    Tensor p7 = m.predict(d[0], 7);
    assertArrayEquals(new int[] {70, 4}, p32.shape());
    assertArrayEquals(p32.data(), p7.data(), 1e-6f);
    for (int i = 0; i < 70; i++) {
      float sum = 0;
      for (int j = 0; j < 4; j++) {
        sum += p32.get(i, j);
      }
      assertEquals(1f, sum, 1e-5f);
    }
  }

  @Test
  void frozenLayersAreNotUpdatedAndCountAsNonTrainable() {
    Tensor[] d = toyData(200, 5);
    Sequential m = toyModel(3);
    m.get("dense").setTrainable(false);
    float[] before = m.getWeights("dense").get(0).data();
    float[] headBefore = m.getWeights("dense_1").get(0).data();
    m.fit(d[0], d[1], FitOptions.defaults().epochs(1).verbose(false));
    assertArrayEquals(before, m.getWeights("dense").get(0).data(), 0f);
    assertFalse(java.util.Arrays.equals(headBefore, m.getWeights("dense_1").get(0).data()));
    String summary = m.summary();
    assertTrue(summary.contains("Non-trainable params: 80"), summary);
    assertTrue(summary.contains("Trainable params: 68"), summary);
  }

  @Test
  void copyIsIndependentAndCloneArchitectureReinitialises() {
    Tensor[] d = toyData(200, 5);
    Sequential m = toyModel(3);
    Sequential copy = m.copy();
    assertArrayEquals(m.weights().get("dense/kernel").data(), copy.weights().get("dense/kernel").data(), 0f);
    copy.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    copy.fit(d[0], d[1], FitOptions.defaults().verbose(false));
    assertNotEquals(m.weights().get("dense/kernel").get(0, 0), copy.weights().get("dense/kernel").get(0, 0));
    Sequential fresh = m.cloneArchitecture(99);
    assertEquals(m.layers().stream().map(Layer::name).toList(), fresh.layers().stream().map(Layer::name).toList());
    assertNotEquals(m.weights().get("dense/kernel").get(0, 0), fresh.weights().get("dense/kernel").get(0, 0));
  }

  @Test
  void setWeightsChecksShapes() {
    Sequential m = toyModel(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.setWeights("dense", List.of(Tensor.zeros(3, 16), Tensor.zeros(16))));
    assertEquals("Parameter dense/kernel: expected shape [4, 16], but got [3, 16]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.get("nope"));
  }

  @Test
  void fitBeforeCompileAndMismatchedDataAreClearErrors() {
    Sequential m = Sequential.of(1, Input.of(4), Dense.builder(2));
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> m.fit(Tensor.zeros(3, 4), Tensor.zeros(3), 1));
    assertTrue(s.getMessage().contains("compile"));
    Sequential t = toyModel(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(Tensor.zeros(3, 5), Tensor.zeros(3), 1));
    assertEquals("Sequential: inputs must have shape [samples, 4], but had [3, 5]", e.getMessage());
    IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
        () -> t.fit(Tensor.zeros(3, 4), Tensor.of(new float[] {0, 7, 1}, 3), FitOptions.defaults().verbose(false)));
    assertTrue(l.getMessage().contains("was 7.0"), l.getMessage());
  }

  @Test
  void inputsOfAnotherShapeAreRejectedEvenWhenTheSizesAgree() {
    Sequential t = toyModel(1);
    Tensor[] d = toyData(20, 2);
    IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
        () -> t.fit(d[0].reshape(20, 2, 2), d[1], FitOptions.defaults().verbose(false)));
    assertEquals("Sequential: inputs must have shape [samples, 4], but had [20, 2, 2] (the same number of values per "
        + "sample: reshape them to [20, 4], or give the model that input shape, adding a Flatten layer if it needs one)",
        fit.getMessage());
    Sequential flat = Sequential.of(1, Input.of(64), Dense.builder(10));
    IllegalArgumentException predict = assertThrows(IllegalArgumentException.class,
        () -> flat.predict(Tensor.zeros(3, 2, 32)));
    assertTrue(predict.getMessage().startsWith("Sequential: inputs must have shape [samples, 64], but had [3, 2, 32]"),
        predict.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.evaluate(d[0].reshape(20, 4, 1), d[1]));
    IllegalArgumentException validation = assertThrows(IllegalArgumentException.class,
        () -> t.fit(d[0], d[1], FitOptions.defaults().verbose(false).validationData(Tensor.zeros(5, 7), Tensor.zeros(5))));
    assertEquals("Sequential: validation inputs must have shape [samples, 4], but had [5, 7]", validation.getMessage());
  }

  @Test
  void evaluateNamesItselfWhenTheBatchSizeIsNotPositive() {
    Tensor[] d = toyData(20, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> toyModel(1).evaluate(d[0], d[1], 0));
    assertEquals("Sequential: evaluate needs batchSize > 0, but got 0", e.getMessage());
  }

  /** Reusing pretrained layers (Géron ch. 11): copies, heads, freezing by pattern, multipliers. */
  @org.junit.jupiter.api.Nested
  class Transfer {
    private final Tensor[] data = toyData(300, 9);

    private Sequential pretrained() {
      Sequential a = Sequential.of(5, Input.of(4), Dense.builder(8).activation(Activations.ELU).name("hidden1"),
          Dense.builder(8).activation(Activations.ELU).name("hidden2"), Dense.builder(4).activation(Activations.SOFTMAX));
      a.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).build());
      a.fit(data[0], data[1], FitOptions.defaults().epochs(2).verbose(false));
      return a;
    }

    @Test
    void aNewHeadOnCopiedLayersLeavesTheOriginalUntouched() {
      Sequential a = pretrained();
      Map<String, Tensor> before = a.weights();
      Sequential b = a.firstLayers(2).append(6, Dense.builder(1).activation(Activations.SIGMOID));
      assertEquals(List.of("hidden1", "hidden2", "dense"), b.layers().stream().map(Layer::name).toList());
      assertArrayEquals(before.get("hidden1/kernel").data(), b.weights().get("hidden1/kernel").data(), 0f);
      assertEquals(List.of("hidden1", "hidden2"), b.freeze("hidden[12]"));
      b.compile(Losses.binaryCrossentropy(), Optimizers.sgd().learningRate(0.1).build());
      float[] yb = new float[300];
      for (int i = 0; i < 300; i++) {
        yb[i] = data[1].data()[i] == 0 ? 1 : 0;
      }
      b.fit(data[0], Tensor.of(yb, 300, 1), FitOptions.defaults().epochs(1).verbose(false));
      assertArrayEquals(before.get("hidden1/kernel").data(), b.weights().get("hidden1/kernel").data(), 0f);
      assertEquals(List.of("hidden2"), b.unfreeze("hidden2"));
      b.fit(data[0], Tensor.of(yb, 300, 1), FitOptions.defaults().epochs(1).verbose(false));
      assertFalse(java.util.Arrays.equals(before.get("hidden2/kernel").data(), b.weights().get("hidden2/kernel").data()));
      for (String name : before.keySet()) {
        assertArrayEquals(before.get(name).data(), a.weights().get(name).data(), 0f, name + " of the original");
      }
    }

    @Test
    void copyWeightsByPatternAndClearErrors() {
      Sequential a = pretrained();
      Sequential fresh = a.cloneArchitecture(77);
      assertEquals(List.of("hidden1", "hidden2"), fresh.copyWeightsFrom(a, "hidden.*"));
      assertArrayEquals(a.weights().get("hidden2/kernel").data(), fresh.weights().get("hidden2/kernel").data(), 0f);
      assertNotEquals(a.weights().get("dense/kernel").get(0, 0), fresh.weights().get("dense/kernel").get(0, 0));
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> fresh.freeze("conv.*"));
      assertEquals("Sequential: no layer name matches 'conv.*'; layers are [hidden1, hidden2, dense]", none.getMessage());
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> fresh.freeze("hidden["));
      assertTrue(bad.getMessage().startsWith("Sequential: invalid layer name pattern 'hidden['"), bad.getMessage());
      assertThrows(IllegalArgumentException.class, () -> a.firstLayers(4));
    }

    @Test
    void copiesKeepTheLearningRateMultipliers() {
      Sequential a = pretrained();
      a.learningRateMultiplier("hidden1", 0);
      a.learningRateMultiplier("hidden2", 0.25);
      List<Sequential> copies = List.of(a.copy(), a.firstLayers(2), a.append(6, Dense.builder(2)), a.cloneArchitecture(8));
      for (Sequential c : copies) {
        assertEquals(0.0, c.get("hidden1").parameters().get(0).learningRateMultiplier(), c.layers().toString());
        assertEquals(0.0, c.get("hidden1").parameters().get(1).learningRateMultiplier(), c.layers().toString());
        assertEquals(0.25, c.get("hidden2").parameters().get(1).learningRateMultiplier(), c.layers().toString());
      }
      assertEquals(1.0, copies.get(2).get("dense_1").parameters().get(0).learningRateMultiplier());
      Sequential copy = copies.get(0);
      Map<String, Tensor> start = copy.weights();
      copy.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.5).build());
      copy.fit(data[0], data[1], FitOptions.defaults().epochs(1).verbose(false));
      assertArrayEquals(start.get("hidden1/kernel").data(), copy.weights().get("hidden1/kernel").data(), 0f);
      assertFalse(java.util.Arrays.equals(start.get("hidden2/kernel").data(), copy.weights().get("hidden2/kernel").data()));
    }

    @Test
    void copiesKeepTheFrozenFlagOfLayersWithoutWeightsToo() {
      Sequential a = Sequential.of(5, Input.of(4), Dense.builder(8).name("d0"), new dev.lamina.layers.Dropout.Spec(0.2, "drop"),
          new dev.lamina.layers.RReLU.Spec().name("rr"), Dense.builder(3).name("head"));
      a.freeze("d0|drop|rr");
      for (Sequential c : List.of(a.copy(), a.cloneArchitecture(7), a.firstLayers(3), a.append(6, Dense.builder(2)))) {
        for (String frozen : List.of("d0", "drop", "rr")) {
          assertFalse(c.get(frozen).isTrainable(), frozen + " in " + c.layers());
        }
      }
      assertTrue(a.copy().get("head").isTrainable());
    }

    @Test
    void learningRateMultipliersScaleEachLayersSteps() {
      Sequential a = pretrained();
      Sequential slow = a.copy();
      Sequential zero = a.copy();
      assertEquals(List.of("hidden1"), zero.learningRateMultiplier("hidden1", 0));
      slow.learningRateMultiplier("hidden1", 0.5);
      Map<String, Tensor> start = a.weights();
      for (Sequential m : List.of(a, slow, zero)) {
        m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).build());
        m.fit(data[0], data[1], FitOptions.defaults().epochs(1).batchSize(300).verbose(false));
      }
      assertArrayEquals(start.get("hidden1/kernel").data(), zero.weights().get("hidden1/kernel").data(), 0f);
      float full = a.weights().get("hidden1/kernel").get(0, 0) - start.get("hidden1/kernel").get(0, 0);
      float half = slow.weights().get("hidden1/kernel").get(0, 0) - start.get("hidden1/kernel").get(0, 0);
      assertEquals(full / 2, half, 1e-7f);
      assertThrows(IllegalArgumentException.class, () -> a.learningRateMultiplier("hidden1", -1));
    }
  }
}

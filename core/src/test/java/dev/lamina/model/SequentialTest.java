package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

  /** A small classification problem: the class is the index of the largest of 4 features. */
  static Tensor[] toyData(int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[samples * 4];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      int best = 0;
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) r.nextGaussian();
        if (x[i * 4 + j] > x[i * 4 + best]) {
          best = j;
        }
      }
      y[i] = best;
    }
    return new Tensor[] {Tensor.of(x, samples, 4), Tensor.of(y, samples)};
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
    assertEquals("Sequential: layer names must be unique, but 'a' was given twice", e.getMessage());
  }

  @Test
  void invalidUnitsNameTheLayerTheRuleAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(1, Input.of(3), Dense.builder(4), Dense.builder(-3)));
    assertEquals("Dense(name=dense_1): units must be > 0, but was -3", e.getMessage());
  }

  @Test
  void denseAfterAnImageWithoutFlattenSaysWhatToDo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(1, Input.of(28, 28), Dense.builder(4)));
    assertTrue(e.getMessage().startsWith("Dense(name=dense): expects inputs of rank 1"), e.getMessage());
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
}

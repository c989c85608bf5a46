// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochStart;
import dev.lamina.callbacks.GradualUnfreezing;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrozenCacheTest {

  /** A pretrained body (frozen BN in inference mode, two frozen Dense) under a trainable head. */
  private static Sequential transferModel() {
    Sequential m = Sequential.of(3, Input.of(4),
        new BatchNormalization.Spec().name("bn"),
        Dense.builder(32).activation(Activations.SELU).name("body1"),
        Dense.builder(16).activation(Activations.SELU).name("body2"),
        Dense.builder(4).activation(Activations.SOFTMAX).name("head"));
    m.freeze("bn|body[12]");
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.05).momentum(0.9).build(),
        Metrics.accuracy());
    return m;
  }

  private static void assertSameWeights(Model expected, Model actual) {
    assertEquals(expected.weights().keySet(), actual.weights().keySet());
    actual.weights().forEach((name, w) -> assertArrayEquals(expected.weights().get(name).data(), w.data(), 0f, name));
  }

  /** The outputs of {@code layer} for {@code x} in inference mode, through a sub-model sharing the layers. */
  private static Tensor outputsOf(Model m, String layer, Tensor x) {
    return Model.of(0, m.input(), m.get(layer).output()).predict(x, 128); // the cache fills in batches of 128
  }

  // ---- what is cached ---------------------------------------------------------------------

  @Test
  void theFrozenPrefixIsSkippedAndItsOutputsAreComputedOnceForTrainingAndValidation() {
    Tensor[] d = SequentialTest.toyData(300, 1); // more than one batch of the fill, not a multiple of it
    Tensor[] v = SequentialTest.toyData(50, 2);
    Sequential m = transferModel();
    FrozenCache cache = new FrozenCache(m.graph(), true, List.of(d[0]), List.of(v[0]));
    assertNull(cache.skip(), "nothing is cached before the first epoch");
    cache.prepare();
    assertArrayEquals(new boolean[] {true, true, true, false}, cache.skip());
    assertArrayEquals(new int[] {3}, cache.slots(), "the output of body2: the input, then one value per node");
    assertArrayEquals(new int[] {300, 16}, cache.training()[0].shape());
    assertArrayEquals(outputsOf(m, "body2", d[0]).data(), cache.training()[0].data(), 0f);
    assertNotNull(cache.validation());
    assertArrayEquals(outputsOf(m, "body2", v[0]).data(), cache.validation()[0].data(), 0f);
    Tensor filled = cache.training()[0];
    cache.prepare();
    assertSame(filled, cache.training()[0], "unchanged weights and flags: the cache is kept");
  }

  @Test
  void changedWeightsOrFlagsRefillTheCache() {
    Tensor[] d = SequentialTest.toyData(100, 3);
    Sequential m = transferModel();
    FrozenCache cache = new FrozenCache(m.graph(), true, List.of(d[0]), null);
    cache.prepare();
    Tensor before = cache.training()[0];
    List<Tensor> w = m.getWeights("body2");
    float[] half = w.get(0).data().clone();
    for (int i = 0; i < half.length; i++) {
      half[i] *= 0.5f;
    }
    m.setWeights("body2", List.of(Tensor.of(half, w.get(0).shape()), w.get(1)));
    cache.prepare();
    assertFalse(java.util.Arrays.equals(before.data(), cache.training()[0].data()));
    assertArrayEquals(outputsOf(m, "body2", d[0]).data(), cache.training()[0].data(), 0f);
    m.unfreeze("body2");
    cache.prepare();
    assertArrayEquals(new boolean[] {true, true, false, false}, cache.skip());
    assertArrayEquals(new int[] {2}, cache.slots());
    assertArrayEquals(outputsOf(m, "body1", d[0]).data(), cache.training()[0].data(), 0f);
    m.unfreeze("bn|body1");
    cache.prepare();
    assertNull(cache.skip());
    assertArrayEquals(new int[] {0}, cache.slots());
    assertSame(d[0], cache.training()[0], "nothing frozen: the inputs themselves");
  }

  @Test
  void aDisabledCacheRunsEveryNode() {
    Tensor[] d = SequentialTest.toyData(10, 3);
    FrozenCache cache = new FrozenCache(transferModel().graph(), false, List.of(d[0]), null);
    cache.prepare();
    assertNull(cache.skip());
    assertArrayEquals(new int[] {0}, cache.slots());
    assertSame(d[0], cache.training()[0]);
  }

  @Test
  void frozenLayersWithoutWeightsAreNotCached() {
    Tensor x = Tensor.zeros(10, 2, 2);
    Sequential m = Sequential.of(1, Input.of(2, 2), Flatten.spec(null), Dense.builder(3));
    FrozenCache cache = new FrozenCache(m.graph(), true, List.of(x), null);
    cache.prepare();
    assertNull(cache.skip(), "caching a Flatten saves nothing");
    assertSame(x, cache.training()[0]);
  }

  @Test
  void stochasticLayersTrainableBatchNormAndOutputsEndTheFrozenPart() {
    Tensor[] d = SequentialTest.toyData(20, 3);
    Sequential dropout = Sequential.of(1, Input.of(4), Dense.builder(8).name("a"), new Dropout.Spec(0.5, null),
        Dense.builder(8).name("b"), Dense.builder(2).name("c"));
    dropout.freeze("[abc]");
    FrozenCache cache = new FrozenCache(dropout.graph(), true, List.of(d[0]), null);
    cache.prepare();
    assertArrayEquals(new boolean[] {true, false, false, false}, cache.skip(),
        "dropout draws new masks every batch; the output layer is never cached");
    assertArrayEquals(new int[] {1}, cache.slots());

    Sequential batchNorm = Sequential.of(1, Input.of(4), new BatchNormalization.Spec(), Dense.builder(8).name("a"),
        Dense.builder(2).name("c"));
    batchNorm.freeze("a");
    cache = new FrozenCache(batchNorm.graph(), true, List.of(d[0]), null);
    cache.prepare();
    assertNull(cache.skip(), "a trainable batch normalisation normalises each batch by its own statistics");
  }

  /**
   * In a graph, the values cached are those the running nodes read: here the output of a frozen
   * branch and the input itself, which a trainable branch reads too.
   */
  @Test
  void aFrozenBranchBesideATrainableOneCachesItsOutputAndKeepsTheInput() {
    Tensor[] d = SequentialTest.toyData(200, 4);
    Model m = twoBranches(5);
    FrozenCache cache = new FrozenCache(m.graph(), true, List.of(d[0]), null);
    cache.prepare();
    // nodes in order: frozen, frozen_head, trainable, trainable_head
    assertArrayEquals(new boolean[] {true, false, false, false}, cache.skip());
    assertArrayEquals(new int[] {0, 1}, cache.slots());
    assertSame(d[0], cache.training()[0]);
    assertArrayEquals(outputsOf(m, "frozen", d[0]).data(), cache.training()[1].data(), 0f);
  }

  /** x → frozen → frozen_head, and x → trainable → trainable_head: two outputs. */
  private static Model twoBranches(long seed) {
    Input x = Input.of(4);
    SymbolicTensor frozen = Dense.builder(16).activation(Activations.TANH).name("frozen").apply(x);
    SymbolicTensor left = Dense.builder(4).activation(Activations.SOFTMAX).name("frozen_head").apply(frozen);
    SymbolicTensor trainable = Dense.builder(8).activation(Activations.RELU).name("trainable").apply(x);
    SymbolicTensor right = Dense.builder(4).activation(Activations.SOFTMAX).name("trainable_head").apply(trainable);
    Model m = Model.of(seed, List.of(x), List.of(left, right));
    m.freeze("frozen");
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(0.01).build(), Metrics.accuracy());
    return m;
  }

  // ---- training from the cache is training without it -------------------------------------

  @Test
  void aCachedFrozenBranchGivesTheSameHistoryAndWeightsAsUncachedTraining() {
    Tensor[] d = SequentialTest.toyData(300, 4);
    Model cached = twoBranches(5);
    Model uncached = twoBranches(5);
    FitOptions options = FitOptions.defaults().epochs(3).batchSize(32).seed(2).verbose(false).validationSplit(0.2);
    History hc = cached.fit(List.of(d[0]), List.of(d[1], d[1]), options);
    History hu = uncached.fit(List.of(d[0]), List.of(d[1], d[1]), options.cacheFrozenLayers(false));
    assertEquals(hu.asMap(), hc.asMap());
    assertTrue(hc.asMap().containsKey("val_frozen_head_accuracy"), hc.asMap().keySet().toString());
    assertSameWeights(uncached, cached);
  }

  @Test
  void cachedFrozenLayersGiveTheSameWeightsAsUncachedTraining() {
    Tensor[] d = SequentialTest.toyData(1000, 4);
    Sequential cached = transferModel();
    Sequential uncached = transferModel();
    FitOptions options = FitOptions.defaults().epochs(3).seed(2).verbose(false).validationSplit(0.1);
    History hc = cached.fit(d[0], d[1], options);
    History hu = uncached.fit(d[0], d[1], options.cacheFrozenLayers(false));
    assertEquals(hu.get("loss"), hc.get("loss"));
    assertEquals(hu.get("val_loss"), hc.get("val_loss"));
    assertSameWeights(uncached, cached);
  }

  @Test
  void cachedValidationGivesTheSameHistoryAndWeightsAsUncachedWhileUnfreezing() {
    Tensor[] d = SequentialTest.toyData(500, 6);
    Tensor[] v = SequentialTest.toyData(1100, 7); // more than one batch of the cache fill, not a multiple of 32
    Sequential cached = transferModel();
    Sequential uncached = transferModel();
    FitOptions options = FitOptions.defaults().epochs(4).seed(4).verbose(false).validationData(v[0], v[1])
        .callbacks(GradualUnfreezing.everyEpochs(1));
    History hc = cached.fit(d[0], d[1], options);
    History hu = uncached.fit(d[0], d[1], options.cacheFrozenLayers(false));
    assertEquals(4, hc.get("val_accuracy").size());
    assertEquals(hu.asMap(), hc.asMap());
    assertTrue(cached.get("body1").isTrainable());
    assertSameWeights(uncached, cached);
  }

  @Test
  void unfreezingDuringTrainingRefreshesTheCache() {
    Tensor[] d = SequentialTest.toyData(600, 5);
    Sequential cached = transferModel();
    Sequential uncached = transferModel();
    FitOptions options = FitOptions.defaults().epochs(4).seed(3).verbose(false)
        .callbacks(GradualUnfreezing.everyEpochs(1));
    cached.fit(d[0], d[1], options);
    uncached.fit(d[0], d[1], options.cacheFrozenLayers(false));
    assertTrue(cached.get("body1").isTrainable());
    assertSameWeights(uncached, cached);
  }

  @Test
  void changingAFrozenLayersWeightsDuringTrainingRefreshesTheCache() {
    Tensor[] d = SequentialTest.toyData(600, 5);
    Tensor[] v = SequentialTest.toyData(200, 8);
    Sequential cached = transferModel();
    Sequential uncached = transferModel();
    Callback halve = new Callback() {
      @Override
      public void onEpochBegin(EpochStart e) {
        if (e.epoch() == 2) {
          Tensor w = e.model().getWeights("body1").get(0);
          float[] half = w.data().clone();
          for (int i = 0; i < half.length; i++) {
            half[i] *= 0.5f;
          }
          e.model().setWeights("body1", List.of(Tensor.of(half, w.shape()), e.model().getWeights("body1").get(1)));
        }
      }
    };
    FitOptions options = FitOptions.defaults().epochs(4).seed(3).verbose(false).validationData(v[0], v[1]).callbacks(halve);
    History hc = cached.fit(d[0], d[1], options);
    History hu = uncached.fit(d[0], d[1], options.cacheFrozenLayers(false));
    assertEquals(hu.asMap(), hc.asMap());
    assertSameWeights(uncached, cached);
  }
}

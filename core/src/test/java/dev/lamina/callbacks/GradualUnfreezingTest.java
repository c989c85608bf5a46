// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.activations.Activations;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.losses.Losses;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradualUnfreezingTest {

  @Test
  void unfreezesOneLayerFromTheTopEveryKEpochs() {
    Sequential m = Sequential.of(1, Input.of(3), Dense.builder(4).name("a"), Dense.builder(4).name("b"),
        Dense.builder(4).name("c"), Dense.builder(2).activation(Activations.SOFTMAX).name("head"));
    m.freeze("[abc]");
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    List<List<String>> trainable = new ArrayList<>();
    Callback record = Callback.onEpochEnd(e -> trainable.add(
        e.model().layers().stream().filter(Layer::isTrainable).map(Layer::name).toList()));
    m.fit(Tensor.zeros(8, 3), Tensor.zeros(8), FitOptions.defaults().epochs(7).verbose(false)
        .callbacks(GradualUnfreezing.everyEpochs(2), record));
    assertEquals(List.of("head"), trainable.get(0));
    assertEquals(List.of("head"), trainable.get(1));
    assertEquals(List.of("c", "head"), trainable.get(2));
    assertEquals(List.of("b", "c", "head"), trainable.get(4));
    assertEquals(List.of("a", "b", "c", "head"), trainable.get(6));
  }

  private static Sequential frozenModel() {
    Sequential m = Sequential.of(1, Input.of(3), Dense.builder(4).name("a"), Dense.builder(4).name("b"),
        Dense.builder(4).name("c"), Dense.builder(2).activation(Activations.SOFTMAX).name("head"));
    m.freeze("[abc]");
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    return m;
  }

  private static Callback recordInto(List<List<String>> trainable) {
    return Callback.onEpochEnd(e -> trainable.add(
        e.model().layers().stream().filter(Layer::isTrainable).map(Layer::name).toList()));
  }

  @Test
  void resumedTrainingUnfreezesWhatAnUninterruptedRunDoes(@TempDir Path folder) {
    Tensor[] d = Toy.data(16, 4);
    Tensor features = Tensor.of(java.util.Arrays.copyOf(d[0].data(), 16 * 3), 16, 3);
    float[] y = d[1].data().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] % 2;
    }
    Tensor labels = Tensor.of(y, 16);
    List<List<String>> straight = new ArrayList<>();
    Sequential uninterrupted = frozenModel();
    uninterrupted.fit(features, labels, FitOptions.defaults().epochs(4).verbose(false)
        .callbacks(GradualUnfreezing.everyEpochs(1), recordInto(straight)));
    assertEquals(List.of(List.of("head"), List.of("c", "head"), List.of("b", "c", "head"),
        List.of("a", "b", "c", "head")), straight);

    Path file = folder.resolve("gu.ckpt");
    List<List<String>> resumed = new ArrayList<>();
    frozenModel().fit(features, labels, FitOptions.defaults().epochs(2).verbose(false)
        .callbacks(GradualUnfreezing.everyEpochs(1), recordInto(resumed), ModelCheckpoint.builder(file).build()));
    Sequential again = frozenModel();
    int done = again.loadCheckpoint(file);
    again.fit(features, labels, FitOptions.defaults().epochs(4).initialEpoch(done).verbose(false)
        .callbacks(GradualUnfreezing.everyEpochs(1), recordInto(resumed)));
    assertEquals(straight, resumed);
    assertEquals(uninterrupted.weights().keySet(), again.weights().keySet());
    uninterrupted.weights().forEach((name, w) ->
        assertArrayEquals(w.data(), again.weights().get(name).data(), name));
  }

  @Test
  void aSecondFitOfTheSameModelWithTheSameCallbackContinuesTheSchedule() {
    Sequential m = frozenModel();
    GradualUnfreezing unfreezing = GradualUnfreezing.everyEpochs(2);
    List<List<String>> trainable = new ArrayList<>();
    m.fit(Tensor.zeros(8, 3), Tensor.zeros(8), FitOptions.defaults().epochs(3).verbose(false)
        .callbacks(unfreezing, recordInto(trainable)));
    m.fit(Tensor.zeros(8, 3), Tensor.zeros(8), FitOptions.defaults().epochs(7).initialEpoch(3).verbose(false)
        .callbacks(unfreezing, recordInto(trainable)));
    assertEquals(List.of("c", "head"), trainable.get(3));
    assertEquals(List.of("b", "c", "head"), trainable.get(4));
    assertEquals(List.of("b", "c", "head"), trainable.get(5));
    assertEquals(List.of("a", "b", "c", "head"), trainable.get(6));
  }

  @Test
  void firstEpochCountsTheScheduleFromThatEpoch() {
    List<List<String>> trainable = new ArrayList<>();
    frozenModel().fit(Tensor.zeros(8, 3), Tensor.zeros(8), FitOptions.defaults().epochs(8).initialEpoch(5)
        .verbose(false).callbacks(GradualUnfreezing.everyEpochs(1).firstEpoch(5), recordInto(trainable)));
    assertEquals(List.of(List.of("head"), List.of("c", "head"), List.of("b", "c", "head")), trainable);
    assertEquals("GradualUnfreezing: firstEpoch must be >= 0, but was -1",
        assertThrows(IllegalArgumentException.class, () -> GradualUnfreezing.everyEpochs(1).firstEpoch(-1))
            .getMessage());
  }

  @Test
  void rejectsANonPositivePeriod() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradualUnfreezing.everyEpochs(0));
    assertEquals("GradualUnfreezing: epochsPerLayer must be > 0, but was 0", e.getMessage());
  }
}

package dev.lamina.callbacks;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  @Test
  void rejectsANonPositivePeriod() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradualUnfreezing.everyEpochs(0));
    assertEquals("GradualUnfreezing: epochsPerLayer must be > 0, but was 0", e.getMessage());
  }
}

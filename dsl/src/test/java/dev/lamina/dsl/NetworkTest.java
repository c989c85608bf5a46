package dev.lamina.dsl;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.activation;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.dsl.Layers.prelu;
import static dev.lamina.dsl.Layers.rrelu;
import static dev.lamina.initializers.Initializers.heNormal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.model.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

  @Test
  void theSeedModelReadsTopToBottomAndHasKerasCounts() {
    Sequential model = Network.sequential(42, input(28, 28),
        flatten(),
        dense(300).activation(ELU).kernelInitializer(heNormal()),
        dense(100).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX));
    String summary = model.summary();
    assertTrue(summary.contains("Total params: 266,610"), summary);
    assertTrue(summary.contains("Trainable params: 266,610"), summary);
    assertTrue(summary.contains("Non-trainable params: 0"), summary);
    assertEquals(42, model.seed());
  }

  @Test
  void listOverloadBuildsTheSameModel() {
    List<LayerSpec> specs = List.of(dense(8, ELU), prelu(), rrelu(), activation(SOFTMAX));
    Sequential a = Network.sequential(3, input(5), specs);
    Sequential b = Network.sequential(3, input(5), specs.toArray(LayerSpec[]::new));
    assertEquals(List.of("dense", "p_re_lu", "r_re_lu", "activation"), a.layers().stream().map(Layer::name).toList());
    assertArrayEquals(a.weights().get("dense/kernel").data(), b.weights().get("dense/kernel").data(), 0f);
  }

  @Test
  void badArgumentsNameTheLayerTheRuleAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Network.sequential(1, input(4), dense(2), dense(-3)));
    assertEquals("Dense(name=dense_1): units must be > 0, but was -3", e.getMessage());
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
        () -> Network.sequential(1, input(4), rrelu(0.5, 0.1).name("noisy")));
    assertEquals("RReLU(name=noisy): bounds must satisfy 0 <= lower <= upper < infinity, but were lower=0.5, upper=0.1",
        r.getMessage());
    IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> input(28, 0));
    assertEquals("Input: shape must have at least one dimension, all > 0, but was [28, 0]", i.getMessage());
  }
}

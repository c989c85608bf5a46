// SPDX-License-Identifier: Apache-2.0

package dev.lamina.dsl;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.activation;
import static dev.lamina.dsl.Layers.alphaDropout;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.dropout;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.dsl.Layers.prelu;
import static dev.lamina.dsl.Layers.rrelu;
import static dev.lamina.initializers.Initializers.heNormal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dropout;
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
  void theSeedBatchNormModelHasKerasCounts() {
    Sequential model = Network.sequential(42, input(28, 28),
        flatten(),
        batchNormalization(),
        dense(300).activation(ELU).kernelInitializer(heNormal()),
        batchNormalization(),
        dense(100).activation(ELU).kernelInitializer(heNormal()),
        batchNormalization(),
        dense(10).activation(SOFTMAX));
    String summary = model.summary();
    assertTrue(summary.contains("Total params: 271,346"), summary);
    assertTrue(summary.contains("Trainable params: 268,978"), summary);
    assertTrue(summary.contains("Non-trainable params: 2,368"), summary);
    assertTrue(summary.contains("batch_normalization_2 (BatchNormalization)"), summary);
    assertEquals(List.of("batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean",
        "batch_normalization/moving_variance"), model.get("batch_normalization").parameters().stream()
        .map(p -> p.name()).toList());
  }

  @Test
  void dropoutLayersReadTopToBottomAndKeepTheirSettings() {
    Sequential model = Network.sequential(7, input(8),
        dense(16, SELU), alphaDropout(0.1), dense(16, ELU), dropout(0.25).name("drop"),
        batchNormalization().momentum(0.9).epsilon(1e-5).unbiasedMovingVariance(true), dense(2));
    assertEquals(List.of("dense", "alpha_dropout", "dense_1", "drop", "batch_normalization", "dense_2"),
        model.layers().stream().map(Layer::name).toList());
    assertEquals(0.25, ((Dropout) model.get("drop")).rate());
    assertEquals(0.1, ((AlphaDropout) model.get("alpha_dropout")).rate());
    BatchNormalization.Spec bn = ((BatchNormalization) model.get("batch_normalization")).spec();
    assertEquals(0.9, bn.momentum());
    assertEquals(1e-5, bn.epsilon());
    assertTrue(bn.unbiasedMovingVariance());
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
    IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
        () -> Network.sequential(1, input(4), dense(2), dropout(1.5)));
    assertEquals("Dropout(name=dropout): rate must be in [0, 1), but was 1.5", d.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> Network.sequential(1, input(4), alphaDropout(-0.1).name("noise")));
    assertEquals("AlphaDropout(name=noise): rate must be in [0, 1), but was -0.1", a.getMessage());
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
        () -> Network.sequential(1, input(4), batchNormalization().momentum(1.5)));
    assertEquals("BatchNormalization(name=batch_normalization): momentum must be in [0, 1], but was 1.5"
        + " (a keep rate as in Keras: torch's momentum 0.1 is 0.9 here)", b.getMessage());
    IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> input(28, 0));
    assertEquals("Input: shape must have at least one dimension, all > 0, but was [28, 0]", i.getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {

  @Test
  void namesUnnamedLayersPerGraphInTheOrderTheyWereApplied() {
    Input x = Input.of(4);
    SymbolicTensor b = Dense.builder(3).apply(x); // applied first: "dense"
    SymbolicTensor a = Dense.builder(3).name("dense_1").apply(x); // given: skipped by the generator
    SymbolicTensor c = Dense.builder(3).apply(x); // "dense_2"
    SymbolicTensor sum = new Add.Spec(null).apply(a, b, c);
    Graph g = Graph.of(List.of(x), List.of(sum));
    assertEquals(List.of("dense", "dense_1", "dense_2", "add"), g.layers().stream().map(Layer::name).toList());
    assertEquals("input", x.name());
    // another graph names its own layers from scratch
    Input y = Input.of(2);
    Graph other = Graph.of(List.of(y), List.of(Dense.builder(1).apply(y)));
    assertEquals("dense", other.layers().get(0).name());
  }

  @Test
  void ordersNodesSoThatEachComesAfterWhatItReads() {
    Input x = Input.of(4);
    SymbolicTensor h = Dense.builder(4).apply(x);
    SymbolicTensor out = new Add.Spec(null).apply(h, x);
    Graph g = Graph.of(List.of(x), List.of(out));
    List<Node> nodes = g.nodes();
    assertEquals(2, nodes.size());
    assertSame(h.node(), nodes.get(0));
    assertEquals(0, g.slot(x));
    assertEquals(1, g.slot(h));
    assertEquals(2, g.slot(out));
    assertEquals(List.of(List.of(nodes.get(0), nodes.get(1)), List.of(nodes.get(1)), List.of()),
        g.consumers(), "x is read by the dense layer and by the add");
    assertFalse(g.isChain());
  }

  @Test
  void aDisconnectedGraphNamesTheMissingInput() {
    Input x = Input.named("x", 3);
    Input other = Input.named("other", 3);
    SymbolicTensor joined = new Add.Spec(null).apply(x, other);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Graph.of(List.of(x), List.of(joined)));
    assertTrue(e.getMessage().startsWith("Model: graph disconnected: the outputs need Input(other)[3]"), e.getMessage());
  }

  @Test
  void refusesDuplicateNamesAndInputsAsOutputs() {
    Input x = Input.of(3);
    SymbolicTensor a = Dense.builder(2).name("same").apply(x);
    SymbolicTensor b = Dense.builder(2).name("same").apply(x);
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> Graph.of(List.of(x), List.of(new Add.Spec(null).apply(a, b))));
    assertEquals("Model: layer names must be unique, but 'same' is used twice", dup.getMessage());
    IllegalArgumentException identity = assertThrows(IllegalArgumentException.class,
        () -> Graph.of(List.of(x), List.of(x)));
    assertTrue(identity.getMessage().contains("is an input"), identity.getMessage());
  }

  @Test
  void aSharedLayerIsOneLayerWithTwoNodes() {
    Input a = Input.of(5);
    Input b = Input.of(5);
    Layer shared = Dense.builder(4).activation(Activations.TANH).create();
    SymbolicTensor out = new Add.Spec(null).apply(shared.apply(a), shared.apply(b));
    Graph g = Graph.of(List.of(a, b), List.of(out));
    assertEquals(2, g.layers().size());
    assertEquals(3, g.nodes().size());
    assertEquals(2, shared.nodes().size());
    assertThrows(IllegalStateException.class, shared::output);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shared.apply(Input.of(6)));
    assertTrue(e.getMessage().contains("was built for inputs [[5]]"), e.getMessage());
  }

  @Test
  void initialisesEachLayerOnceFromItsSplitOfTheSeed() {
    Input x = Input.of(3);
    Dense first = Dense.builder(2).create();
    SymbolicTensor h = first.apply(x);
    Graph g = Graph.of(List.of(x), List.of(h));
    g.initialize(7);
    float[] weights = first.kernel().value().clone();
    g.initialize(8); // already initialised: kept
    assertTrue(Arrays.equals(weights, first.kernel().value()));
    Input y = Input.of(3);
    Dense again = Dense.builder(2).create();
    Graph.of(List.of(y), List.of(again.apply(y))).initialize(7);
    assertTrue(Arrays.equals(weights, again.kernel().value()), "the same seed gives the same weights");
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The layers of a model and how they connect: the nodes that lead from the inputs to the outputs,
 * in an order where every node comes after the nodes it reads (Keras' {@code Functional} graph).
 * Making a graph names the unnamed layers and inputs (per graph, Keras style: {@code dense},
 * {@code dense_1}, … in the order they were applied) and checks that names are unique and that
 * every value the outputs need comes from the given inputs.
 *
 * <p>Values are numbered: the inputs first, then one per node, in node order; {@link Executor}
 * keeps its buffers by these numbers.
 */
public final class Graph {
  private final List<Input> inputs;
  private final List<SymbolicTensor> outputs;
  private final List<Node> nodes;
  private final List<Layer> layers;
  private final Map<SymbolicTensor, Integer> slots = new IdentityHashMap<>();
  private final Map<String, Layer> byName = new HashMap<>();

  private Graph(List<Input> inputs, List<SymbolicTensor> outputs) {
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    if (this.inputs.isEmpty() || this.outputs.isEmpty()) {
      throw new IllegalArgumentException("Model: needs at least one input and one output");
    }
    Set<Input> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(this.inputs);
    if (distinct.size() != this.inputs.size()) {
      throw new IllegalArgumentException("Model: an input is listed twice");
    }
    this.nodes = collect();
    List<Layer> ls = new ArrayList<>();
    Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : nodes) {
      if (seen.add(n.layer())) {
        ls.add(n.layer());
      }
    }
    this.layers = List.copyOf(ls);
    name();
    for (int i = 0; i < this.inputs.size(); i++) {
      slots.put(this.inputs.get(i), i);
    }
    for (int i = 0; i < nodes.size(); i++) {
      slots.put(nodes.get(i).output(), this.inputs.size() + i);
    }
  }

  /**
   * The graph from {@code inputs} to {@code outputs}.
   *
   * @throws IllegalArgumentException if an output needs a value that no input leads to (naming
   *     the layer and the input it needs), an output is an input, or two layers share a name
   */
  public static Graph of(List<Input> inputs, List<? extends SymbolicTensor> outputs) {
    return new Graph(inputs, List.copyOf(outputs));
  }

  /** The nodes the outputs depend on, in the order they were created (a topological order). */
  private List<Node> collect() {
    Set<Input> given = Collections.newSetFromMap(new IdentityHashMap<>());
    given.addAll(inputs);
    Set<Node> found = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<SymbolicTensor> todo = new ArrayDeque<>();
    for (SymbolicTensor out : outputs) {
      if (out.node() == null) {
        throw new IllegalArgumentException("Model: output " + out + " is an input; outputs must come from layers");
      }
      todo.push(out);
    }
    while (!todo.isEmpty()) {
      SymbolicTensor t = todo.pop();
      Node n = t.node();
      if (n == null) {
        if (!given.contains(t)) {
          throw new IllegalArgumentException("Model: graph disconnected: the outputs need " + t
              + ", which is not among the model's inputs " + inputs);
        }
      } else if (found.add(n)) {
        n.inputs().forEach(todo::push);
      }
    }
    List<Node> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingLong(n -> n.output().sequence()));
    return sorted;
  }

  /** Names unnamed inputs and layers in creation order, skipping taken names; checks uniqueness. */
  private void name() {
    Set<String> taken = new HashSet<>();
    for (Input in : inputs) {
      if (in.hasName() && !taken.add(in.name())) {
        throw new IllegalArgumentException("Model: two inputs are named '" + in.name() + "'");
      }
    }
    for (Layer l : layers) {
      if (l.hasName() && !taken.add(l.name())) {
        throw new IllegalArgumentException("Model: layer names must be unique, but '" + l.name() + "' is used twice");
      }
    }
    List<Object> unnamed = new ArrayList<>();
    inputs.stream().filter(i -> !i.hasName()).forEach(unnamed::add);
    layers.stream().filter(l -> !l.hasName()).forEach(unnamed::add);
    unnamed.sort(Comparator.comparingLong(o -> o instanceof Input i ? i.sequence() : ((Layer) o).nodes().get(0).output().sequence()));
    List<String> names = generateNames(taken,
        unnamed.stream().map(o -> o instanceof Input ? "input" : ((Layer) o).baseName()).toList());
    for (int k = 0; k < unnamed.size(); k++) {
      Object o = unnamed.get(k);
      String candidate = names.get(k);
      if (o instanceof Input i) {
        i.assignName(candidate);
      } else {
        ((Layer) o).assignName(candidate);
      }
    }
    for (Layer l : layers) {
      byName.put(l.name(), l);
    }
  }

  /**
   * Keras-style names for unnamed things of the given base names, in order: {@code dense},
   * {@code dense_1}, … counted per base, skipping the names in {@code taken} (to which the
   * generated names are added). What a model calls its unnamed layers and inputs.
   */
  public static List<String> generateNames(Set<String> taken, List<String> bases) {
    Map<String, Integer> counters = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (String base : bases) {
      String candidate;
      do {
        int k = counters.merge(base, 1, Integer::sum) - 1;
        candidate = k == 0 ? base : base + "_" + k;
      } while (!taken.add(candidate));
      names.add(candidate);
    }
    return names;
  }

  /**
   * Initialises the weights of every layer not initialised yet, in layer order, each from its own
   * split of a generator seeded with {@code seed} (layers initialised before, shared with another
   * model, keep their weights but still take their split, so the others do not depend on them).
   */
  public void initialize(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (Layer l : layers) {
      SplittableRandom r = random.split();
      l.initialize(r);
    }
  }

  public List<Input> inputs() {
    return inputs;
  }

  public List<SymbolicTensor> outputs() {
    return outputs;
  }

  /** The nodes, each after the ones it reads. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Every layer once, in the order of its first node. */
  public List<Layer> layers() {
    return layers;
  }

  /** The layer called {@code name}, or null. */
  public @Nullable Layer layer(String name) {
    return byName.get(name);
  }

  /** The number of values: inputs plus nodes. */
  public int values() {
    return inputs.size() + nodes.size();
  }

  /**
   * The number of {@code t} among the values.
   *
   * @throws IllegalArgumentException if {@code t} is not a value of this graph
   */
  public int slot(SymbolicTensor t) {
    Integer s = slots.get(t);
    if (s == null) {
      throw new IllegalArgumentException("Model: " + t + " is not a value of this model");
    }
    return s;
  }

  /** Whether {@code t} is a value of this graph. */
  public boolean contains(SymbolicTensor t) {
    return slots.containsKey(t);
  }

  /** For each value, the nodes that read it, in node order (a node reading it twice is listed twice). */
  public List<List<Node>> consumers() {
    List<List<Node>> c = new ArrayList<>();
    for (int i = 0; i < values(); i++) {
      c.add(new ArrayList<>());
    }
    for (Node n : nodes) {
      for (SymbolicTensor in : n.inputs()) {
        c.get(slot(in)).add(n);
      }
    }
    return c;
  }

  /** Whether the graph is a chain: one input, each node reading the previous value, one output at the end. */
  public boolean isChain() {
    if (inputs.size() != 1 || outputs.size() != 1) {
      return false;
    }
    SymbolicTensor previous = inputs.get(0);
    for (Node n : nodes) {
      if (n.inputs().size() != 1 || n.inputs().get(0) != previous) {
        return false;
      }
      previous = n.output();
    }
    return previous == outputs.get(0);
  }
}

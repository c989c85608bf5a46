// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.LayerSpec;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the converters of one import share: the checked graph, the values computed so far (each
 * with its per-sample shape), the layers found, the layer names taken, the nodes taken over by an
 * earlier converter, and the notes. While a node is converted it also knows the node, the version
 * of its op and its computed input {@link #x()}.
 *
 * <p>Shapes: a value's per-sample shape is an array shared with the values computed from it
 * without changing the shape, so that an input dim the graph leaves unknown ({@code -1}) is filled
 * in everywhere by the first layer that fixes it ({@link #fixFeatures}).
 */
final class ImportContext {
  /**
   * A value computed at run time: a graph input ({@code producer} null, {@code input} its index) or
   * a layer's output.
   *
   * @param unbatched whether the value has no batch axis (a graph input of rank 1: one sample)
   */
  record Value(int[] shape, boolean unbatched, @Nullable ImportedLayer producer, int input) {
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  final OnnxGraph graph;
  final int opset;
  final List<String> notes;
  final ImportMetadata metadata;
  final OnnxImportOptions options;
  final List<ImportedLayer> layers = new ArrayList<>();
  private final Map<String, Value> values = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Set<NodeProto> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<String> outputs;
  private final Set<String> noted = new HashSet<>();
  private final Map<Value, int[]> featureOrders = new IdentityHashMap<>();
  /** The op of each node evaluated at import ({@link ConstantFolding}), for the notes. */
  final List<String> folded = new ArrayList<>();

  private @Nullable NodeProto node;
  private int version;
  private @Nullable Value x;
  private @Nullable String xName;

  ImportContext(OnnxGraph graph, ImportMetadata metadata, List<String> notes, Set<String> outputs,
      OnnxImportOptions options) {
    this.graph = graph;
    this.options = options;
    this.opset = graph.opset;
    this.metadata = metadata;
    this.notes = notes;
    this.outputs = Set.copyOf(outputs);
  }

  /** Defines a graph input; its name is taken, so no layer gets it. */
  void input(String name, int[] shape, boolean unbatched, int index) {
    values.put(graph.canonical(name), new Value(shape, unbatched, null, index));
    names.add(name);
  }

  // ---- the node being converted -----------------------------------------------------------

  /** Starts converting {@code n} at op version {@code since}. */
  void begin(NodeProto n, int since) {
    node = n;
    version = since;
    x = null;
    xName = null;
    for (String in : n.getInputList()) {
      Value v = in.isEmpty() ? null : value(in);
      if (v != null) {
        if (x == null) {
          x = v;
          xName = graph.canonical(in);
        } else if (v != x) {
          x = null; // several computed inputs: merges read them with computedInputs
          xName = null;
          break;
        }
      }
    }
  }

  /** The version of the node's op that the model's opset uses (its since version). */
  int version() {
    return version;
  }

  /**
   * The node's only computed input.
   *
   * @throws OnnxImportException if it reads none or several
   */
  Value x() {
    Value v = x;
    if (v == null) {
      NodeProto n = current();
      throw OnnxImportException.at(n, opset, "reads " + computedInputs(n).size() + " values computed in the graph "
          + computedInputs(n).stream().map(i -> "'" + i + "'").toList() + "; Lamina imports " + n.getOpType()
          + " with one computed input, the others constants");
    }
    return v;
  }

  /** Whether input {@code i} of the node is its computed input {@link #x()}. */
  boolean isX(NodeProto n, int i) {
    return xName != null && i < n.getInputCount() && graph.canonical(n.getInput(i)).equals(xName);
  }

  /** The per-sample shape of {@link #x()} (the shared array). */
  int[] shape() {
    return x().shape();
  }

  /** Whether {@link #x()} has no batch axis. */
  boolean unbatched() {
    return x().unbatched();
  }

  /** The names of the node's inputs that are computed in the graph (not constants), in order. */
  List<String> computedInputs(NodeProto n) {
    List<String> in = new ArrayList<>();
    for (String i : n.getInputList()) {
      if (!i.isEmpty() && value(i) != null) {
        in.add(i);
      }
    }
    return in;
  }

  private NodeProto current() {
    NodeProto n = node;
    if (n == null) {
      throw new IllegalStateException("ImportContext: no node is being converted");
    }
    return n;
  }

  // ---- values and layers ------------------------------------------------------------------

  /** The computed value called {@code name} (after Identity/Cast aliases), or null (a constant, or not computed yet). */
  @Nullable Value value(String name) {
    return values.get(graph.canonical(name));
  }

  /** Makes {@code name} stand for {@code v} (a node that changes nothing, or a layer's output). */
  void define(String name, Value v) {
    values.put(graph.canonical(name), v);
  }

  /**
   * Adds a layer reading {@link #x()}, with x's batch convention and the given output shape; its
   * output is the value {@code output}.
   */
  Value add(NodeProto n, LayerSpec spec, Map<String, float[]> weights, int[] shape, String output) {
    return add(n, spec, weights, List.of(x()), shape, unbatched(), output);
  }

  /**
   * Adds a layer reading {@code inputs}; its output is the value {@code output} of that per-sample
   * shape. A node Lamina named {@code X[k]} (the k-th application of layer X) whose layer has X's
   * configuration and weights is X applied again, sharing its weights.
   */
  Value add(NodeProto n, LayerSpec spec, Map<String, float[]> weights, List<Value> inputs, int[] shape, boolean unbatched,
      String output) {
    long features = 1;
    for (int d : shape) {
      features *= Math.max(d, 1);
      if (features > OnnxImporter.MAX_FEATURES) { // before a later layer builds tables of that size
        throw error(n, "its output shape " + java.util.Arrays.toString(shape) + " is absurd (more than "
            + OnnxImporter.MAX_FEATURES + " values per sample, the most Lamina imports)");
      }
    }
    ImportedLayer layer = new ImportedLayer(spec, weights, inputs, n.getName());
    layer.sharedWith = applied(n, layer);
    Value v = new Value(shape, unbatched, layer, -1);
    layer.output = v;
    layers.add(layer);
    define(output, v);
    return v;
  }

  /** The layer that {@code layer} is another application of, or null. */
  private @Nullable ImportedLayer applied(NodeProto n, ImportedLayer layer) {
    String applied = metadata.appliedLayer(n.getName());
    if (applied == null) {
      return null;
    }
    for (ImportedLayer l : layers) {
      if (applied.equals(l.spec.name()) && l.sharedWith == null && l.spec.getClass() == layer.spec.getClass()
          && l.weights.keySet().equals(layer.weights.keySet())
          && l.weights.keySet().stream().allMatch(k -> Arrays.equals(l.weights.get(k), layer.weights.get(k)))) {
        return l;
      }
    }
    return null;
  }

  /**
   * Records that the features of the [batch, features] value {@code v} are those the graph has in
   * another order: the graph's feature k is v's feature {@code order[k]} (a channels-last flatten
   * imported channels-first). The dense layer reading v reorders its weight rows once.
   */
  void featureOrder(Value v, int[] order) {
    featureOrders.put(v, order.clone());
  }

  /** The order recorded for {@code v} by {@link #featureOrder(Value, int[])}, or null when v's features are the graph's. */
  int @Nullable [] featureOrder(Value v) {
    return featureOrders.get(v);
  }

  /** Marks a later node as converted by the current one (a MatMul's Add, a Sub's Div, …). */
  void claim(NodeProto n) {
    claimed.add(n);
  }

  boolean isClaimed(NodeProto n) {
    return claimed.contains(n);
  }

  /**
   * The node that alone reads {@code value}, when that value is not a model output and the node's
   * op (standard domain) is one of {@code ops}: the second node of a pattern; else null.
   */
  @Nullable NodeProto onlyReader(String value, String... ops) {
    List<NodeProto> next = graph.consumers(value);
    if (next.size() != 1 || outputs.contains(graph.canonical(value)) || !OnnxGraph.isStandardDomain(next.get(0).getDomain())
        || !Arrays.asList(ops).contains(next.get(0).getOpType())) {
      return null;
    }
    return next.get(0);
  }

  /** The node that alone reads {@code value}, when that value is not a model output; else null. */
  @Nullable NodeProto soleReader(String value) {
    List<NodeProto> next = graph.consumers(value);
    return next.size() != 1 || outputs.contains(graph.canonical(value)) ? null : next.get(0);
  }

  /** Whether {@code value} is no model output and every node reading it is one of {@code nodes}. */
  boolean readOnlyBy(String value, java.util.Collection<NodeProto> nodes) {
    if (outputs.contains(graph.canonical(value))) {
      return false;
    }
    for (NodeProto reader : graph.consumers(value)) {
      if (nodes.stream().noneMatch(n -> n == reader)) {
        return false;
      }
    }
    return true;
  }

  /** The ONNX name of {@link #x()} (canonical). */
  String xName() {
    x();
    return java.util.Objects.requireNonNull(xName);
  }

  /** Adds a note once per key. */
  void noteOnce(String key, String note) {
    if (noted.add(key)) {
      notes.add(note);
    }
  }

  /** Gives the spec the node's name when it is non-empty and not taken; returns it or null. */
  @Nullable String name(NodeProto n, Consumer<String> setter) {
    String name = n.getName();
    if (name.isEmpty() || !names.add(name)) {
      return null;
    }
    setter.accept(name);
    return name;
  }

  // ---- shapes and constants (ONNX.md, Appendix A) -----------------------------------------

  /** The number of features per sample of x; fails when the input shape left it unknown. */
  int features(NodeProto n) {
    long f = 1;
    for (int d : shape()) {
      if (d < 0) {
        throw OnnxImportException.at(n, opset, "the per-sample input shape " + Arrays.toString(shape()) + " is unknown "
            + "here; give the graph input concrete dims");
      }
      f *= d;
    }
    return (int) f;
  }

  /** Records that the layer expects {@code f} features, filling in an unknown input dim or checking a known one. */
  void fixFeatures(NodeProto n, int f) {
    int[] shape = shape();
    if (shape.length == 1 && shape[0] < 0) {
      shape[0] = f;
      return;
    }
    if (shape.length != 1) {
      throw OnnxImportException.at(n, opset, "input of rank " + (shape.length + 1) + " " + Arrays.toString(shape)
          + " per sample; a dense layer needs [batch, features]: flatten it first (Flatten or Reshape)");
    }
    if (shape[0] != f) {
      throw OnnxImportException.at(n, opset, "the weights expect " + f + " input features, but the input has "
          + shape[0] + " (shapes contradict each other)");
    }
  }

  /** The constant broadcast to one sample of x, or a single value when the sample shape is still unknown. */
  float[] broadcast(NodeProto n, Constant c) {
    int[] shape = shape();
    if (shape.length == 1 && shape[0] < 0) {
      if (c.size() == 1) {
        return c.asFloats();
      }
      if (c.rank() == 1 || (c.rank() == 2 && c.dims()[0] == 1)) {
        shape[0] = c.size();
      }
    }
    features(n);
    float[] values = c.broadcastTo(shape);
    if (values == null) {
      throw OnnxImportException.at(n, opset, "constant " + c + " does not broadcast to the per-sample shape "
          + Arrays.toString(shape) + " (batch on axis 0)");
    }
    return values;
  }

  /** The float constant at input {@code i} of the given rank (-1: any). */
  Constant weight(NodeProto n, int i, String what, int rank) {
    Constant c = n.getInputCount() > i ? graph.constant(n.getInput(i)) : null;
    if (c == null || !c.isFloat()) {
      throw OnnxImportException.at(n, opset, what + " must be a float constant (initializer or Constant node), but '"
          + (n.getInputCount() > i ? n.getInput(i) : "") + "' is computed or missing");
    }
    if (rank >= 0 && c.rank() != rank) {
      throw OnnxImportException.at(n, opset, what + " " + c + " must have rank " + rank);
    }
    return c;
  }

  /** The float constant at input {@code i}, or null when the input is absent or named "" (ONNX's optional inputs). */
  @Nullable Constant optionalWeight(NodeProto n, int i, String what) {
    if (n.getInputCount() <= i || n.getInput(i).isEmpty()) {
      return null;
    }
    return weight(n, i, what, -1);
  }

  /** Runs a Lamina factory, turning its IllegalArgumentException into an import error at this node. */
  <T> T checked(NodeProto n, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw OnnxImportException.at(n, opset, e.getMessage());
    }
  }

  /** An import error at {@code n}. */
  OnnxImportException error(NodeProto n, String problem) {
    return OnnxImportException.at(n, opset, problem);
  }
}

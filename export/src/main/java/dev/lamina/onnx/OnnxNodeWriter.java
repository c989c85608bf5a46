// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.activations.Activation;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.onnx.proto.Onnx.AttributeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the ONNX nodes of one application of a layer: what an {@link OnnxLayerExport} or an
 * {@link OnnxExportable} layer is given, and, for the activation of the layer, an
 * {@link OnnxActivationExport} or an {@link OnnxExportableActivation}. It names the values the layer reads ({@link #inputs()}),
 * their per-sample shapes, and takes the nodes: any number of intermediate {@link #node}s, then
 * exactly one {@link #output} node, whose value is the layer's output. Weights become
 * initializers through {@link #weight}; a layer applied twice writes its weights once.
 *
 * <p>Every value has a batch axis first ({@code [batch, …per-sample shape]}), as in Lamina.
 * Names are chosen here: the first node is called after the layer ({@code dense}, or
 * {@code dense[1]} for its second application in the model), later ones
 * {@code <first node>/<op in lower case>}; initializers are named after the parameters
 * ({@code dense/kernel}) or {@code <layer>/<suffix>}.
 *
 * <pre>{@code
 * // y = x · scale, for a user layer with one parameter "scale" of shape [1]
 * (layer, w) -> w.output("Mul", List.of(w.input(), w.weight(layer.scale())))
 * }</pre>
 */
public final class OnnxNodeWriter {
  /** What the writers of one export share: the graph, the initializers written, the layers' metadata. */
  static final class Shared {
    final GraphBuilder graph;
    final OnnxExportOptions options;
    final Map<Parameter, String> weights = new IdentityHashMap<>();
    /** Constants by {@code <layer>/<suffix>}: the first one written under that key. */
    final Map<String, Written> constants = new LinkedHashMap<>();
    final Map<Layer, Map<String, String>> descriptions = new IdentityHashMap<>();

    record Written(String name, float[] values) {}

    Shared(GraphBuilder graph, OnnxExportOptions options) {
      this.graph = graph;
      this.options = options;
    }
  }

  private final Shared shared;
  private final Layer layer;
  private final String name;
  private final List<String> inputs;
  private final List<int[]> inputShapes;
  private final int[] outputShape;
  private final String output;
  private int nodes;
  private boolean written;

  OnnxNodeWriter(Shared shared, Layer layer, String name, List<String> inputs, List<int[]> inputShapes, int[] outputShape,
      String output) {
    this.shared = shared;
    this.layer = layer;
    this.name = name;
    this.inputs = List.copyOf(inputs);
    this.inputShapes = inputShapes.stream().map(int[]::clone).toList();
    this.outputShape = outputShape.clone();
    this.output = output;
  }

  /** The layer being written. */
  public Layer layer() {
    return layer;
  }

  /** The ONNX names of the values this application reads, in the order the layer was applied to them. */
  public List<String> inputs() {
    return inputs;
  }

  /**
   * The only input's ONNX name.
   *
   * @throws IllegalStateException if the layer reads several values
   */
  public String input() {
    if (inputs.size() != 1) {
      throw new IllegalStateException("OnnxNodeWriter: " + layer.where() + " reads " + inputs.size()
          + " values; use inputs()");
    }
    return inputs.get(0);
  }

  /** The per-sample shapes of the inputs (without the batch axis), copies. */
  public List<int[]> inputShapes() {
    return inputShapes.stream().map(int[]::clone).toList();
  }

  /** The per-sample shape of the only input, a copy. */
  public int[] inputShape() {
    input();
    return inputShapes.get(0).clone();
  }

  /** The per-sample shape of the output, a copy. */
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** The ai.onnx opset being written (13–21): the versions of the ops the nodes must follow. */
  public int opset() {
    return shared.options.opset();
  }

  /** Whether Dropout layers are written to drop units on every run ({@link OnnxExportOptions#monteCarloDropout()}). */
  public boolean monteCarloDropout() {
    return shared.options.monteCarloDropout();
  }

  /**
   * Appends an intermediate node of op type {@code op} (ai.onnx domain) reading {@code inputs} and
   * returns the name of the value it writes. An empty input name leaves out an optional input
   * before others (ONNX's convention, as Resize's {@code roi}).
   *
   * @throws IllegalStateException after {@link #output}, or if an input is not a value of the graph
   */
  public String node(String op, List<String> inputs, OnnxAttribute... attributes) {
    checkOpen();
    String value = shared.graph.unique(name + "/" + op.toLowerCase(java.util.Locale.ROOT));
    return append(op, inputs, value, attributes);
  }

  /**
   * Appends the last node of the layer, which writes the layer's output value; returns its name.
   *
   * @throws IllegalStateException if called twice
   */
  public String output(String op, List<String> inputs, OnnxAttribute... attributes) {
    checkOpen();
    written = true;
    return append(op, inputs, output, attributes);
  }

  /**
   * Appends the nodes of {@code activation} applied to {@code x} (per-sample shape
   * {@link #outputShape()}), the last of which writes the layer's output: what a layer with an
   * activation of its own ({@code Dense}) ends with. The activation is written by the options'
   * mapping for it ({@link OnnxExportOptions#activationExport}), its own
   * {@link OnnxExportableActivation}, or Lamina's mapping.
   *
   * @throws IllegalArgumentException if the activation has no ONNX mapping
   */
  public String outputActivation(Activation activation, String x) {
    return ActivationOnnx.write(activation, x, this);
  }

  /** The options of this export. */
  OnnxExportOptions options() {
    return shared.options;
  }

  /** The name of the layer's output value (written by {@link #output}). */
  String outputName() {
    return output;
  }

  private String append(String op, List<String> in, String value, OnnxAttribute... attributes) {
    Objects.requireNonNull(op, "op");
    String node = nodes == 0 ? shared.graph.uniqueNode(name)
        : shared.graph.uniqueNode(name + "/" + op.toLowerCase(java.util.Locale.ROOT));
    nodes++;
    List<AttributeProto> protos = new ArrayList<>();
    for (OnnxAttribute a : attributes) {
      protos.add(GraphBuilder.attribute(a));
    }
    return shared.graph.node(op, node, in, value, protos);
  }

  private void checkOpen() {
    if (written) {
      throw new IllegalStateException("OnnxNodeWriter: " + layer.where() + " has written its output node already; "
          + "output(...) comes last");
    }
  }

  /** Whether {@link #output} was called. */
  boolean wroteOutput() {
    return written;
  }

  /**
   * The parameter as a FLOAT initializer of its own shape, named after it ({@code dense/kernel});
   * written once per export, however often the layer is applied.
   */
  public String weight(Parameter p) {
    return weight(p, p.shape());
  }

  /**
   * The parameter as a FLOAT initializer of the given dims (same number of values: a per-feature
   * weight of shape [f] given as the per-sample shape, say).
   *
   * @throws IllegalArgumentException if the dims hold another number of values
   */
  public String weight(Parameter p, int... dims) {
    String written = shared.weights.get(p);
    if (written != null) {
      return written;
    }
    String n = shared.graph.initializer(shared.graph.unique(p.name()), p.value().clone(), dims);
    shared.weights.put(p, n);
    return n;
  }

  /**
   * A FLOAT initializer named {@code <layer>/<suffix>} holding {@code values} (copied) with the
   * given dims (none: a scalar); a second application of the layer with the same values reuses it.
   */
  public String constant(String suffix, float[] values, int... dims) {
    String key = layer.name() + "/" + suffix;
    Shared.Written before = shared.constants.get(key);
    if (before != null && Arrays.equals(before.values(), values)) {
      return before.name();
    }
    String n = shared.graph.initializer(shared.graph.unique(key), values.clone(), dims);
    shared.constants.putIfAbsent(key, new Shared.Written(n, values.clone()));
    return n;
  }

  /** An INT64 initializer of rank 1 named {@code <name>/<suffix>} (a shape for Reshape, say). */
  public String longs(String suffix, long... values) {
    return shared.graph.longs(shared.graph.unique(name + "/" + suffix), values.clone());
  }

  /** A BOOL scalar initializer named {@code <name>/<suffix>} (Dropout's training_mode, say). */
  public String booleanScalar(String suffix, boolean value) {
    return shared.graph.booleanScalar(shared.graph.unique(name + "/" + suffix), value);
  }

  /**
   * Adds {@code key=value} to the layer's entry in {@code metadata_props}
   * ({@code lamina.layer.<name>}), which Lamina's importer reads back: what ONNX cannot hold, such
   * as a dropout rate. Keys and values must not contain {@code ;} or {@code =}.
   */
  public void describe(String key, Object value) {
    String v = String.valueOf(value);
    if (key.isEmpty() || key.contains(";") || key.contains("=") || v.contains(";")) {
      throw new IllegalArgumentException("OnnxNodeWriter: metadata key and value must be non-empty and hold no ';' or "
          + "'=', but were '" + key + "' and '" + v + "'");
    }
    shared.descriptions.computeIfAbsent(layer, l -> new LinkedHashMap<>()).put(key, v);
  }
}

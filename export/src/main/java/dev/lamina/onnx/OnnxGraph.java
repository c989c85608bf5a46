// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.GraphProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A checked view of an ONNX graph for walking: names defined once, every input defined, no cycle;
 * nodes in topological order; constants resolved ({@code Constant} nodes, initializers, also those
 * listed as graph inputs, and {@code Identity} of a constant, copied); {@code Identity} and
 * float {@code Cast} of a runtime value resolved to aliases, except the Identity nodes that stand
 * for a layer ({@code keep}: Lamina's dropout); for each value the nodes that read it.
 */
final class OnnxGraph {
  final int opset;
  private final Map<String, Constant> constants = new HashMap<>();
  private final Map<String, String> aliases = new HashMap<>();
  /** The aliases made by a float Cast (a runtime value's Cast is an alias; of a folded integer value, floats). */
  private final Set<String> floatCasts = new HashSet<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final List<NodeProto> runtimeNodes = new ArrayList<>();
  /** The runtime node writing each value (canonical name), and each runtime node's place in {@link #nodes()}. */
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<NodeProto, Integer> positions = new java.util.IdentityHashMap<>();
  private final List<ValueInfoProto> inputs;
  private final List<ValueInfoProto> outputs;
  private final java.util.function.Predicate<NodeProto> keep;

  /** @param keep which Identity nodes of runtime values stay nodes instead of aliases */
  OnnxGraph(GraphProto g, int opset, TensorDecoder decoder, List<String> notes, java.util.function.Predicate<NodeProto> keep) {
    this.keep = keep;
    this.opset = opset;
    Set<String> initializers = new HashSet<>();
    for (TensorProto t : g.getInitializerList()) {
      if (!initializers.add(t.getName()) || t.getName().isEmpty()) {
        throw OnnxImportException.of("initializer name '" + t.getName() + "' is empty or used twice");
      }
    }
    inputs = g.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
    if (inputs.isEmpty()) {
      throw OnnxImportException.of("the graph has no input (initializers not counted); Lamina imports models with at "
          + "least one");
    }
    outputs = g.getOutputList();
    if (outputs.isEmpty()) {
      throw OnnxImportException.of("the graph declares no output");
    }
    if (g.getInputCount() > inputs.size()) {
      notes.add("initializers are also listed as graph inputs (IR < 4 style); they are read as constant weights");
    }
    List<NodeProto> sorted = sort(g, initializers);
    for (TensorProto t : g.getInitializerList()) {
      constants.put(t.getName(), decoder.decode(t, t.getName()));
    }
    for (NodeProto n : sorted) {
      resolve(n, decoder);
    }
    for (NodeProto n : runtimeNodes) {
      positions.put(n, positions.size());
      for (String out : n.getOutputList()) {
        if (!out.isEmpty()) {
          producers.put(canonical(out), n);
        }
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty() && !constants.containsKey(in)) {
          List<NodeProto> readers = consumers.computeIfAbsent(canonical(in), k -> new ArrayList<>());
          if (readers.isEmpty() || readers.get(readers.size() - 1) != n) { // a node reading a value twice counts once
            readers.add(n);
          }
        }
      }
    }
  }

  /**
   * Kahn's algorithm, taking the earliest ready node in the file first (so a sorted file keeps its
   * order): checks single assignment, undefined inputs and cycles; returns the nodes in order.
   */
  private List<NodeProto> sort(GraphProto g, Set<String> initializers) {
    Map<String, Integer> producer = new HashMap<>();
    List<NodeProto> nodes = g.getNodeList();
    Set<String> graphInputs = new HashSet<>();
    g.getInputList().forEach(v -> graphInputs.add(v.getName()));
    for (int i = 0; i < nodes.size(); i++) {
      for (String out : nodes.get(i).getOutputList()) {
        if (out.isEmpty()) {
          continue;
        }
        if (producer.put(out, i) != null || initializers.contains(out) || graphInputs.contains(out)) {
          throw OnnxImportException.of("value '" + out + "' is defined more than once (node '" + nodes.get(i).getName()
              + "'); ONNX graphs assign each name once");
        }
      }
    }
    int[] waiting = new int[nodes.size()];
    Map<Integer, List<Integer>> dependents = new HashMap<>();
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>(); // file order where it is topological
    for (int i = 0; i < nodes.size(); i++) {
      NodeProto n = nodes.get(i);
      for (String in : n.getInputList()) {
        if (in.isEmpty() || initializers.contains(in) || graphInputs.contains(in)) {
          continue;
        }
        Integer p = producer.get(in);
        if (p == null) {
          throw OnnxImportException.at(n, opset, "reads '" + in + "', which no node, initializer or graph input defines");
        }
        waiting[i]++;
        dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    List<NodeProto> sorted = new ArrayList<>();
    while (!ready.isEmpty()) {
      int i = ready.poll();
      sorted.add(nodes.get(i));
      for (int d : dependents.getOrDefault(i, List.of())) {
        if (--waiting[d] == 0) {
          ready.add(d);
        }
      }
    }
    if (sorted.size() < nodes.size()) {
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < nodes.size() && stuck.size() < 5; i++) {
        if (waiting[i] > 0) {
          stuck.add("'" + nodes.get(i).getName() + "' (" + nodes.get(i).getOpType() + ")");
        }
      }
      throw OnnxImportException.of("the graph has a cycle through nodes " + String.join(", ", stuck)
          + "; ONNX graphs must be acyclic");
    }
    for (ValueInfoProto o : g.getOutputList()) {
      if (!producer.containsKey(o.getName()) && !graphInputs.contains(o.getName()) && !initializers.contains(o.getName())) {
        throw OnnxImportException.of("graph output '" + o.getName() + "' is not produced by any node");
      }
    }
    return sorted;
  }

  private void resolve(NodeProto n, TensorDecoder decoder) {
    String op = n.getOpType();
    boolean standard = isStandardDomain(n.getDomain());
    if (n.getOutputCount() == 0) {
      throw OnnxImportException.at(n, opset, "has no outputs");
    }
    if (standard && (op.equals("Identity") || op.equals("Cast")) && n.getInputCount() != 1) {
      throw OnnxImportException.at(n, opset, "has " + n.getInputCount() + " inputs; " + op + " takes 1");
    }
    if (standard && op.equals("Constant")) {
      constants.put(n.getOutput(0), constantNode(n, decoder));
    } else if (standard && op.equals("Identity") && constants.containsKey(n.getInput(0))) {
      constants.put(n.getOutput(0), constants.get(n.getInput(0)).copyAs(n.getOutput(0)));
    } else if (standard && (op.equals("Identity") && !keep.test(n) || isFloatCast(n))
        && !constants.containsKey(n.getInput(0))) {
      aliases.put(n.getOutput(0), canonical(n.getInput(0)));
      if (isFloatCast(n)) {
        floatCasts.add(n.getOutput(0));
      }
    } else if (standard && isFloatCast(n)) {
      Constant c = constants.get(n.getInput(0));
      constants.put(n.getOutput(0), Constant.ofFloats(n.getOutput(0), c.dims().clone(), c.asFloats()));
    } else {
      runtimeNodes.add(n);
    }
  }

  private Constant constantNode(NodeProto n, TensorDecoder decoder) {
    String out = n.getOutput(0);
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value" -> {
          return decoder.decode(a.getT(), out);
        }
        case "value_float" -> {
          return Constant.ofFloats(out, new long[0], new float[] {a.getF()});
        }
        case "value_floats" -> {
          float[] f = new float[a.getFloatsCount()];
          for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
          }
          return Constant.ofFloats(out, new long[] {f.length}, f);
        }
        case "value_int" -> {
          return Constant.ofLongs(out, new long[0], new long[] {a.getI()});
        }
        case "value_ints" -> {
          long[] l = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
          return Constant.ofLongs(out, new long[] {l.length}, l);
        }
        default -> { }
      }
    }
    throw OnnxImportException.at(n, opset, "Constant without a value, value_float(s) or value_int(s) attribute "
        + "(sparse and string constants are not supported)");
  }

  private static boolean isFloatCast(NodeProto n) {
    if (!n.getOpType().equals("Cast")) {
      return false;
    }
    long to = n.getAttributeList().stream().filter(a -> a.getName().equals("to")).mapToLong(AttributeProto::getI).findFirst().orElse(-1);
    return to == TensorProto.DataType.FLOAT_VALUE || to == TensorProto.DataType.DOUBLE_VALUE;
  }

  static boolean isStandardDomain(String domain) {
    return domain.isEmpty() || domain.equals("ai.onnx");
  }

  /** The value a name stands for after Identity/Cast aliases. */
  String canonical(String name) {
    String c = name;
    for (int guard = 0; aliases.containsKey(c) && guard < 1_000_000; guard++) {
      c = aliases.get(c);
    }
    return c;
  }

  /** The constant called {@code name}: an initializer, a Constant node, or a value folded at import (after aliases). */
  @Nullable Constant constant(String name) {
    if (name.isEmpty()) {
      return null;
    }
    Constant c = constants.get(name);
    if (c != null) {
      return c;
    }
    boolean toFloat = false; // a float Cast of a value folded later (Cast(Range(…))) was taken as an alias
    String k = name;
    for (int guard = 0; aliases.containsKey(k) && guard < 1_000_000; guard++) {
      toFloat |= floatCasts.contains(k);
      k = aliases.get(k);
    }
    Constant folded = constants.get(k);
    return folded != null && toFloat && !folded.isFloat()
        ? Constant.ofFloats(name, folded.dims().clone(), folded.asFloats()) : folded;
  }

  /** Adds a constant the file does not hold under that name (a legacy operand reshaped for numpy's rules). */
  void addConstant(Constant c) {
    if (constants.putIfAbsent(c.name(), c) != null) {
      throw new IllegalStateException("OnnxGraph: constant '" + c.name() + "' exists");
    }
  }

  /**
   * Makes the outputs of runtime node {@code n} the constants {@code values} ({@link
   * ConstantFolding}): n computes nothing at run time any more, so it no longer counts as a reader
   * of its inputs.
   */
  void fold(NodeProto n, Constant... values) {
    for (int i = 0; i < values.length && i < n.getOutputCount(); i++) {
      constants.put(canonical(n.getOutput(i)), values[i]);
    }
    for (String in : n.getInputList()) {
      List<NodeProto> readers = consumers.get(canonical(in));
      if (readers != null) {
        readers.removeIf(r -> r == n);
      }
    }
  }

  List<NodeProto> consumers(String value) {
    return consumers.getOrDefault(canonical(value), List.of());
  }

  /** The runtime node that writes {@code value} (after aliases), or null for a graph input or a constant. */
  @Nullable NodeProto producer(String value) {
    return value.isEmpty() ? null : producers.get(canonical(value));
  }

  /** The place of a runtime node in {@link #nodes()} (topological order); -1 for another node. */
  int position(NodeProto n) {
    return positions.getOrDefault(n, -1);
  }

  /** The graph inputs that are not initializers, in order. */
  List<ValueInfoProto> inputs() {
    return inputs;
  }

  List<ValueInfoProto> outputs() {
    return outputs;
  }

  /** The nodes that compute at run time (not Constant, nor resolved Identity/Cast), in topological order. */
  List<NodeProto> nodes() {
    return runtimeNodes;
  }

  /** Every node that reads {@code value}, directly or through other nodes' outputs. */
  Set<NodeProto> downstream(String value) {
    Set<NodeProto> result = new java.util.LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(value));
    while (!todo.isEmpty()) {
      for (NodeProto n : consumers(todo.poll())) {
        if (result.add(n)) {
          todo.addAll(n.getOutputList());
        }
      }
    }
    return result;
  }
}

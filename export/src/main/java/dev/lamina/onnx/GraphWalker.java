// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks an ONNX graph from its inputs to its outputs, handing each node, in topological order, to
 * the converter of its op ({@link OpConverters}). Before that it decides what the model outputs: a
 * classifier tail that turns probabilities into labels and maps (skl2onnx's ArgMax /
 * ArrayFeatureExtractor / ZipMap branches) is stripped, saying so, and the probabilities become
 * the output in its place; nodes that lead to no output are left out, saying so.
 */
final class GraphWalker {
  /** Ops that may appear in a stripped classifier tail. */
  private static final Set<String> TAIL_OPS = Set.of("ArgMax", "ZipMap", "ArrayFeatureExtractor", "Cast", "Reshape",
      "Identity", "Squeeze", "Flatten", "LabelEncoder");
  private static final Set<String> TAIL_MARKERS = Set.of("ArgMax", "ZipMap");

  /**
   * What the model outputs.
   *
   * @param values the canonical ONNX values, in order
   * @param names the graph output each stands for, or the value itself before a stripped tail
   */
  record Outputs(List<String> values, List<String> names) {}

  private GraphWalker() {}

  /** The model's outputs: the graph outputs, with classifier tails stripped and their probabilities in their place. */
  static Outputs outputs(OnnxGraph graph, List<String> notes) {
    Map<String, NodeProto> producers = producers(graph);
    Set<NodeProto> tail = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> stripped = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    graph.inputs().forEach(i -> candidates.add(graph.canonical(i.getName())));
    graph.nodes().forEach(n -> n.getOutputList().forEach(o -> candidates.add(graph.canonical(o))));
    for (String v : candidates) {
      NodeProto producer = producers.get(v);
      if ((producer != null && tail.contains(producer)) || stripped.contains(v)) {
        continue;
      }
      Set<NodeProto> down = graph.downstream(v);
      if (!down.isEmpty() && isClassifierTail(down)) {
        tail.addAll(down);
        stripped.add(v);
        notes.add("stripped the classifier tail after '" + v + "' (" + down.stream().map(n -> n.getOpType() + " '"
            + n.getName() + "'").collect(Collectors.joining(", ")) + "): the imported model outputs the probability "
            + "tensor '" + v + "' instead of the graph outputs " + graph.outputs().stream().map(ValueInfoProto::getName)
            .toList());
      }
    }
    List<String> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> kept = new ArrayList<>(); // the graph outputs outside the tails: each is an output, even twice
    for (ValueInfoProto o : graph.outputs()) {
      NodeProto producer = producers.get(graph.canonical(o.getName()));
      if (producer == null || !tail.contains(producer)) {
        kept.add(graph.canonical(o.getName()));
      }
    }
    for (ValueInfoProto o : graph.outputs()) {
      String c = graph.canonical(o.getName());
      NodeProto producer = producers.get(c);
      if (producer != null && tail.contains(producer)) {
        for (String v : stripped) { // in the tail's place, once, unless the graph outputs it anyway
          if (graph.downstream(v).contains(producer) && !values.contains(v) && !kept.contains(v)) {
            values.add(v);
            names.add(v);
          }
        }
      } else {
        values.add(c);
        names.add(o.getName());
      }
    }
    return new Outputs(values, names);
  }

  /** Converts every node the outputs need, in topological order; notes the nodes left out. */
  static void walk(OnnxGraph graph, ImportContext context, OpConverters converters, Outputs outputs) {
    Set<NodeProto> needed = upstream(graph, outputs.values());
    List<String> unused = new ArrayList<>();
    for (NodeProto n : graph.nodes()) {
      if (!needed.contains(n)) {
        if (!isTailOp(n)) {
          unused.add("'" + n.getName() + "' (" + n.getOpType() + ")");
        }
        continue;
      }
      if (context.isClaimed(n)) {
        continue;
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty() && graph.constant(in) == null && context.value(in) == null) {
          throw OnnxImportException.at(n, graph.opset, "reads '" + in + "', which comes from a node that was left out "
              + "or taken into another layer");
        }
      }
      if (ConstantFolding.fold(n, context)) {
        continue;
      }
      if (context.computedInputs(n).isEmpty()) {
        throw OnnxImportException.at(n, graph.opset, "computes from constants only; Lamina folds " + String.join(", ",
            new java.util.TreeSet<>(ConstantFolding.REVIEWED.keySet())) + " of constants (and Shape of computed values), "
            + "but not " + n.getOpType() + " version " + OnnxOpVersions.sinceVersion(n.getOpType(), graph.opset)
            + " (export with constant folding)");
      }
      if (OnnxGraph.isStandardDomain(n.getDomain()) && matchesPattern(n, context, converters, graph.opset)) {
        continue;
      }
      OpConverters.Found found = converters.find(n, graph.opset);
      context.begin(n, found.sinceVersion());
      found.converter().convert(n, context);
    }
    if (!context.folded.isEmpty()) {
      Map<String, Long> ops = new java.util.TreeMap<>();
      context.folded.forEach(op -> ops.merge(op, 1L, Long::sum));
      context.notes.add("evaluated " + context.folded.size() + " node(s) at import, their inputs being known (shape "
          + "arithmetic and constant chains, the batch size kept free): " + ops.entrySet().stream()
          .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", ")));
    }
    if (!unused.isEmpty()) {
      context.notes.add("left out " + unused.size() + " node(s) that lead to no output of the model: "
          + String.join(", ", unused.subList(0, Math.min(5, unused.size()))) + (unused.size() > 5 ? ", …" : ""));
    }
  }

  /** Whether a pattern starting at {@code n} converted it (with the nodes after it that it claimed). */
  private static boolean matchesPattern(NodeProto n, ImportContext context, OpConverters converters, int opset) {
    for (OpConverters.Pattern p : converters.patterns(n.getOpType())) {
      context.begin(n, OnnxOpVersions.sinceVersion(n.getOpType(), opset));
      if (p.convert(n, context)) {
        return true;
      }
    }
    return false;
  }

  /** The runtime nodes the values depend on. */
  private static Set<NodeProto> upstream(OnnxGraph graph, List<String> values) {
    Map<String, NodeProto> producers = producers(graph);
    Set<NodeProto> found = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<String> todo = new ArrayDeque<>(values);
    while (!todo.isEmpty()) {
      NodeProto p = producers.get(graph.canonical(todo.poll()));
      if (p != null && found.add(p)) {
        p.getInputList().stream().filter(i -> !i.isEmpty()).forEach(todo::add);
      }
    }
    return found;
  }

  private static Map<String, NodeProto> producers(OnnxGraph graph) {
    Map<String, NodeProto> m = new HashMap<>();
    for (NodeProto n : graph.nodes()) {
      n.getOutputList().forEach(o -> m.put(graph.canonical(o), n));
    }
    return m;
  }

  private static boolean isTailOp(NodeProto n) {
    return TAIL_OPS.contains(n.getOpType());
  }

  private static boolean isClassifierTail(Set<NodeProto> nodes) {
    return nodes.stream().allMatch(GraphWalker::isTailOp) && nodes.stream().anyMatch(n -> TAIL_MARKERS.contains(n.getOpType()));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The converters of ONNX nodes into Lamina layers, keyed by (domain, op type, since version), as
 * onnx2torch does (GRAPHS-AND-CONV.md §3.2). A node is converted by the converter registered for
 * the version of its op that the model's opset uses ({@link OnnxOpVersions#sinceVersion}); an op
 * Lamina does not know, or a version of it nobody registered (a schema change nobody reviewed),
 * fails naming the node, the op, the version and what is supported. Registration is explicit, one
 * family of ops per file ({@link LaminaOnnx}); domains {@code ""} and {@code ai.onnx} are one.
 */
final class OpConverters {
  /** Converts one node: adds layers to the context and defines the node's outputs there. */
  @FunctionalInterface
  interface OpConverter {
    void convert(NodeProto node, ImportContext context);
  }

  /**
   * Converts a group of nodes starting at {@code first} (the node being converted) as one layer when
   * they form its formula, claiming the later ones; returns false, changing nothing, when they do not.
   */
  @FunctionalInterface
  interface Pattern {
    boolean convert(NodeProto first, ImportContext context);
  }

  /** The registry key; the domain is "" for ai.onnx. */
  record Key(String domain, String op, int sinceVersion) {}

  private static final OpConverters LAMINA = build();

  private final Map<Key, OpConverter> byKey = new LinkedHashMap<>();
  private final Map<String, List<Pattern>> patterns = new LinkedHashMap<>();

  OpConverters() {}

  private static OpConverters build() {
    OpConverters c = new OpConverters();
    LaminaOnnx.registerConverters(c);
    return c;
  }

  /** Lamina's converters. */
  static OpConverters lamina() {
    return LAMINA;
  }

  /**
   * Registers {@code converter} for the ai.onnx op {@code op} at each of {@code sinceVersions}.
   *
   * @throws IllegalStateException if a version is not one of the op's (a typo), or is registered already
   */
  void register(String op, OpConverter converter, int... sinceVersions) {
    List<Integer> known = Arrays.stream(OnnxOpVersions.versions(op)).boxed().toList();
    for (int v : sinceVersions) {
      if (!known.contains(v)) {
        throw new IllegalStateException("OpConverters: " + op + " has no version " + v + "; its versions are " + known);
      }
      if (byKey.putIfAbsent(new Key("", op, v), converter) != null) {
        throw new IllegalStateException("OpConverters: " + op + " version " + v + " is registered twice");
      }
    }
  }

  /**
   * Registers {@code pattern} for groups of nodes whose first node (in graph order) is an ai.onnx
   * {@code op}: tried, in registration order, before the converter of the node's op (which the op
   * needs not have: a pattern may start with an op Lamina does not import alone, such as Erf or
   * Pow). The op versions a pattern accepts are its own to check ({@link NodePattern}).
   *
   * @throws IllegalStateException if ai.onnx has no such op (a typo)
   */
  void pattern(String op, Pattern pattern) {
    if (!OnnxOpVersions.exists(op)) {
      throw new IllegalStateException("OpConverters: ai.onnx has no op " + op);
    }
    patterns.computeIfAbsent(op, k -> new ArrayList<>()).add(pattern);
  }

  /** The patterns that may start at a node of {@code op}, in registration order. */
  List<Pattern> patterns(String op) {
    return patterns.getOrDefault(op, List.of());
  }

  /** The ops with a converter, in registration order. */
  List<String> ops() {
    return byKey.keySet().stream().map(Key::op).distinct().toList();
  }

  /** The registered versions of {@code op}, ascending. */
  List<Integer> versions(String op) {
    return new ArrayList<>(byKey.keySet().stream().filter(k -> k.op().equals(op)).map(Key::sinceVersion)
        .collect(Collectors.toCollection(TreeSet::new)));
  }

  /** What the error messages list: the supported ops. */
  String supported() {
    return String.join(", ", ops()) + " (ai.onnx), and Constant nodes, Identity and float Cast resolved";
  }

  /**
   * The converter for {@code node} in a model of ai.onnx opset {@code opset}, and the version it
   * converts.
   *
   * @throws OnnxImportException naming the node, op, version and what is supported, if there is none
   */
  Found find(NodeProto node, int opset) {
    String op = node.getOpType();
    if (!OnnxGraph.isStandardDomain(node.getDomain())) {
      throw OnnxImportException.at(node, opset, "domain '" + node.getDomain() + "' is not supported; Lamina imports "
          + supported());
    }
    int since = OnnxOpVersions.sinceVersion(op, opset);
    List<Integer> registered = versions(op);
    if (registered.isEmpty()) {
      throw OnnxImportException.at(node, opset, "op " + op + " is not supported; Lamina imports " + supported()
          + (op.equals("Shape") ? "; the Shape node computes a shape at run time, but Lamina supports Reshape with a "
          + "constant shape such as [-1, 784] or [0, -1]" : ""));
    }
    OpConverter c = byKey.get(new Key("", op, since));
    if (c == null) {
      throw OnnxImportException.at(node, opset, "op " + op + (since < 0 ? " does not exist at this opset"
          : " version " + since + " (the one opset " + opset + " uses) is not supported") + "; Lamina imports " + op
          + " versions " + registered.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    return new Found(c, since);
  }

  /** A converter and the op version it was registered for. */
  record Found(OpConverter converter, int sinceVersion) {}
}

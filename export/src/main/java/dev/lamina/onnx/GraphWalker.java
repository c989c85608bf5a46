package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Follows the single chain of nodes from the graph input to the output, handing each node to the
 * {@link LayerMapper}. A classifier tail that turns probabilities into labels and maps
 * (skl2onnx's ArgMax / ArrayFeatureExtractor / ZipMap branch) is stripped and reported; any other
 * branch is refused, since a Sequential is a chain.
 */
final class GraphWalker {
  /** Ops that may appear in a stripped classifier tail. */
  private static final Set<String> TAIL_OPS = Set.of("ArgMax", "ZipMap", "ArrayFeatureExtractor", "Cast", "Reshape",
      "Identity", "Squeeze", "Flatten", "LabelEncoder");
  private static final Set<String> TAIL_MARKERS = Set.of("ArgMax", "ZipMap");

  private GraphWalker() {}

  /** Maps every node of the chain; returns the value the model outputs. */
  static String walk(OnnxGraph graph, LayerMapper mapper, List<String> notes) {
    Set<String> outputs = graph.outputs().stream().map(o -> graph.canonical(o.getName())).collect(Collectors.toSet());
    String x = graph.canonical(graph.input().getName());
    while (true) {
      Set<NodeProto> downstream = graph.downstream(x);
      if (!downstream.isEmpty() && isClassifierTail(downstream)) {
        notes.add("stripped the classifier tail after '" + x + "' (" + downstream.stream().map(n -> n.getOpType() + " '"
            + n.getName() + "'").collect(Collectors.joining(", ")) + "): the imported model outputs the probability "
            + "tensor '" + x + "' instead of the graph outputs " + graph.outputs().stream().map(ValueInfoProto::getName).toList());
        return x;
      }
      List<NodeProto> next = graph.consumers(x);
      if (next.isEmpty()) {
        break;
      }
      if (outputs.contains(x)) {
        throw OnnxImportException.of("graph output '" + x + "' is also read by node '" + next.get(0).getName()
            + "'; Lamina imports a chain of layers with one output at its end");
      }
      if (next.size() > 1) {
        throw OnnxImportException.of("value '" + x + "' feeds " + next.size() + " nodes " + next.stream()
            .map(n -> "'" + n.getName() + "' (" + n.getOpType() + ")").toList() + "; Lamina imports sequential chains "
            + "(each value read by one node), not branching graphs" + (next.stream().anyMatch(n -> n.getOpType().equals("Shape"))
            ? "; the Shape node computes a shape at run time, but Lamina supports Reshape with a constant shape such as "
            + "[-1, 784] or [0, -1]" : ""));
      }
      x = graph.canonical(mapper.map(next.get(0), x));
    }
    for (ValueInfoProto o : graph.outputs()) {
      if (!graph.canonical(o.getName()).equals(x)) {
        throw OnnxImportException.of("graph output '" + o.getName() + "' is not the end of the layer chain (which ends at '"
            + x + "'); Lamina imports models with one output");
      }
    }
    return x;
  }

  private static boolean isClassifierTail(Set<NodeProto> nodes) {
    return nodes.stream().allMatch(n -> TAIL_OPS.contains(n.getOpType()))
        && nodes.stream().anyMatch(n -> TAIL_MARKERS.contains(n.getOpType()));
  }
}

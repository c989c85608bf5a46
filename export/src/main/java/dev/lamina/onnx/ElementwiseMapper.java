package dev.lamina.onnx;

import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Normalization;
import dev.lamina.layers.Rescaling;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sub/Div/Mul/Add with one constant operand: input preprocessing (standardisation, rescaling) or
 * an affine map such as tf2onnx's Mul+Add form of Keras BatchNormalization. {@code Sub(x, m)}
 * followed by {@code Div(·, s)} with s > 0 becomes a {@link Normalization} (mean m, variance s²);
 * {@code Mul(x, k)} followed by {@code Add(·, c)} becomes a {@link Rescaling} (k, c); any other
 * single op becomes a {@link Rescaling}: x − c = x·1 + (−c), c − x = x·(−1) + c, x + c, x·k and
 * x / d ≈ x·(1/d) (within one rounding).
 */
final class ElementwiseMapper {
  private final LayerMapper m;

  ElementwiseMapper(LayerMapper mapper) {
    this.m = mapper;
  }

  String map(NodeProto n, String x) {
    String op = n.getOpType();
    boolean xFirst = m.graph.canonical(n.getInput(0)).equals(x);
    Constant c = m.graph.constant(xFirst ? n.getInput(1) : n.getInput(0));
    if (c == null || !c.isFloat()) {
      throw OnnxImportException.at(n, m.opset, "both operands are computed in the graph; Lamina imports " + op
          + " with one float constant operand (preprocessing: Normalization/Rescaling)");
    }
    float[] k = m.broadcast(n, c);
    if (!m.layers.isEmpty()) {
      m.notes.add(op + " '" + n.getName() + "' with a constant after layer '" + name(m.layers.get(m.layers.size() - 1).spec())
          + "' is imported as a fixed Normalization/Rescaling layer (no trainable weights)");
    }
    NodeProto next = xFirst ? follower(n, op.equals("Sub") ? "Div" : op.equals("Mul") ? "Add" : "") : null;
    Constant d = next == null ? null : m.graph.constant(otherInput(next, n.getOutput(0)));
    if (op.equals("Sub") && d != null && d.isFloat() && positive(m.broadcast(next, d))) {
      float[] std = m.broadcast(next, d);
      float[] variance = new float[std.length];
      for (int i = 0; i < std.length; i++) {
        variance[i] = std[i] * std[i];
      }
      return add(n, new Normalization.Spec(k, variance), next.getOutput(0));
    }
    if (op.equals("Mul") && d != null && d.isFloat()) {
      return add(n, new Rescaling.Spec(k, m.broadcast(next, d), null, true), next.getOutput(0));
    }
    float[] scale = {1f};
    float[] offset = {0f};
    switch (op) {
      case "Sub" -> {
        if (xFirst) {
          offset = negate(k);
        } else {
          scale = new float[] {-1f};
          offset = k;
        }
      }
      case "Add" -> offset = k;
      case "Mul" -> scale = k;
      default -> { // Div
        if (!xFirst) {
          throw OnnxImportException.at(n, m.opset, "a constant divided by the input is not an affine map; Lamina "
              + "imports Div(x, constant)");
        }
        scale = new float[k.length];
        for (int i = 0; i < k.length; i++) {
          scale[i] = 1 / k[i];
        }
      }
    }
    return add(n, new Rescaling.Spec(scale, offset, null, true), n.getOutput(0));
  }

  private String add(NodeProto n, LayerSpec spec, String y) {
    LayerSpec[] named = {spec};
    m.name(n, s -> named[0] = spec instanceof Normalization.Spec z ? z.name(s) : ((Rescaling.Spec) spec).name(s));
    m.add(ImportedLayer.of(named[0]));
    return y;
  }

  /** The single standard-domain consumer of n's output when it is {@code op} reading that output first. */
  private @Nullable NodeProto follower(NodeProto n, String op) {
    List<NodeProto> next = m.graph.consumers(n.getOutput(0));
    if (next.size() != 1 || !next.get(0).getOpType().equals(op) || !OnnxGraph.isStandardDomain(next.get(0).getDomain())) {
      return null;
    }
    NodeProto f = next.get(0);
    return m.graph.canonical(f.getInput(0)).equals(m.graph.canonical(n.getOutput(0))) ? f : null;
  }

  private static String otherInput(NodeProto n, String value) {
    return n.getInput(0).equals(value) ? n.getInput(1) : n.getInput(0);
  }

  private static boolean positive(float[] v) {
    for (float f : v) {
      if (!(f > 0) || Float.isInfinite(f)) {
        return false;
      }
    }
    return true;
  }

  private static float[] negate(float[] v) {
    float[] r = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = -v[i];
    }
    return r;
  }

  private static String name(LayerSpec spec) {
    String n = spec.name();
    return n == null ? spec.baseName() : n;
  }
}

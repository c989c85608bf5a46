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
 * followed by {@code Div(·, s)} becomes a {@link Normalization} (mean m, variance s²) when every
 * s ≥ {@link Normalization#MIN_STD} (its floor), else a {@link Rescaling} (1/s, −m/s); a zero
 * divisor is refused, naming the node;
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
    if (op.equals("Sub") && d != null && d.isFloat()) {
      float[] std = m.broadcast(next, d);
      float[] inverse = inverse(next, std);
      if (normalizable(std)) {
        float[] variance = new float[std.length];
        for (int i = 0; i < std.length; i++) {
          variance[i] = std[i] * std[i];
        }
        return add(n, new Normalization.Spec(k, variance), next.getOutput(0));
      }
      // (x − m) / s = x·(1/s) − m/s: Normalization would floor a divisor below its 1e-7 (or negative)
      int size = Math.max(k.length, std.length);
      float[] scale = new float[size];
      float[] offset = new float[size];
      for (int i = 0; i < size; i++) {
        scale[i] = inverse[std.length == 1 ? 0 : i];
        offset[i] = (float) (-(double) k[k.length == 1 ? 0 : i] / std[std.length == 1 ? 0 : i]);
      }
      return add(n, new Rescaling.Spec(scale, offset, null, true), next.getOutput(0));
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
        scale = inverse(n, k);
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

  /**
   * Whether Normalization (mean, variance s²) reproduces a division by s: every s finite, at least
   * {@link Normalization#MIN_STD} (its floor) and with s² finite.
   */
  private static boolean normalizable(float[] std) {
    for (float f : std) {
      if (!(f >= Normalization.MIN_STD) || !Float.isFinite(f * f)) {
        return false;
      }
    }
    return true;
  }

  /** 1/d for each divisor; fails naming the node for a zero divisor or one whose inverse overflows. */
  private float[] inverse(NodeProto div, float[] d) {
    float[] r = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = 1 / d[i];
      if (d[i] == 0 || !Float.isFinite(r[i])) {
        throw OnnxImportException.at(div, m.opset, "divides by " + d[i] + (d.length > 1 ? " (element " + i + " of "
            + d.length + ")" : "") + "; Lamina imports Div(x, constant) with non-zero divisors whose inverse is finite");
      }
    }
    return r;
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

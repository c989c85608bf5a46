// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.has;
import static dev.lamina.onnx.Attributes.intOr;

import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Normalization;
import dev.lamina.layers.Rescaling;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Normalization ↔ Sub then Div by constants, Rescaling ↔ Mul then Add of constants. On import,
 * Sub/Div/Mul/Add with one constant operand: input preprocessing (standardisation, rescaling) or
 * an affine map such as tf2onnx's Mul+Add form of Keras BatchNormalization. {@code Sub(x, m)}
 * followed by {@code Div(·, s)} becomes a {@link Normalization} (mean m, variance s²) when every
 * s ≥ {@link Normalization#MIN_STD} (its floor), else a {@link Rescaling} (1/s, −m/s); a zero
 * divisor is refused, naming the node; {@code Mul(x, k)} followed by {@code Add(·, c)} becomes a
 * {@link Rescaling} (k, c); any other single op becomes a {@link Rescaling}: x − c = x·1 + (−c),
 * c − x = x·(−1) + c, x + c, x·k and x / d ≈ x·(1/d) (within one rounding). Add, Sub and Mul of two
 * computed values are merges ({@link MergeOnnx}).
 */
final class ArithmeticOnnx {
  private ArithmeticOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Normalization.class, (z, w) -> {
      int[] in = w.inputShape();
      String centered = w.node("Sub", List.of(w.input(), w.weight(z.mean(), in)));
      w.output("Div", List.of(centered, w.constant("std", z.standardDeviation(), in)));
    });
    exports.register(Rescaling.class, (r, w) -> {
      int[] in = w.inputShape();
      String scaled = w.node("Mul", List.of(w.input(), w.constant("scale", r.scale(), in)));
      w.output("Add", List.of(scaled, w.constant("offset", r.offset(), in)));
    });
  }

  static void registerConverters(OpConverters converters) {
    // 7: numpy broadcasting (the broadcast attribute is gone); 13, 14: more types
    for (String op : List.of("Add", "Sub", "Mul", "Div")) {
      converters.register(op, ArithmeticOnnx::arithmetic, 7, 13, 14);
      converters.register(op, ArithmeticOnnx::legacy, 6); // broadcast and axis attributes
    }
  }

  /**
   * Version 6: B broadcasts to A only with {@code broadcast=1}, its dims matching A's suffix, or
   * A's dims from {@code axis} on; without it the shapes are equal. Numpy's rules give the same
   * result once a B aligned at an axis gets trailing dims of 1, as done here for a constant B.
   */
  private static void legacy(NodeProto n, ImportContext c) {
    if (intOr(n, "broadcast", 0) == 0 || !has(n, "axis") || n.getInputCount() != 2) {
      arithmetic(n, c);
      return;
    }
    Constant b = c.graph.constant(n.getInput(1));
    ImportContext.Value a = c.value(n.getInput(0));
    if (b == null || a == null) {
      throw c.error(n, "broadcast with axis " + intOr(n, "axis", 0) + " of a computed B; Lamina imports version 6's axis "
          + "broadcasting of a constant B");
    }
    int rank = a.shape().length + (a.unbatched() ? 0 : 1);
    long trailing = rank - intOr(n, "axis", 0) - b.rank();
    if (trailing < 0) {
      throw c.error(n, "B " + b + " at axis " + intOr(n, "axis", 0) + " does not fit a rank-" + rank + " A");
    }
    long[] dims = java.util.Arrays.copyOf(b.dims(), b.rank() + (int) trailing);
    java.util.Arrays.fill(dims, b.rank(), dims.length, 1L);
    String aligned = n.getInput(1) + "#axis" + intOr(n, "axis", 0);
    c.graph.addConstant(new Constant(aligned, dims, b.floats().clone(), b.longs().clone(), b.isFloat()));
    arithmetic(n.toBuilder().setInput(1, aligned).build(), c);
  }

  private static void arithmetic(NodeProto n, ImportContext c) {
    if (n.getInputCount() != 2) {
      throw c.error(n, "has " + n.getInputCount() + " input(s); " + n.getOpType() + " takes 2");
    }
    if (c.computedInputs(n).size() == 2 && !n.getOpType().equals("Div")) {
      MergeOnnx.merge(n, c);
      return;
    }
    arithmeticOf(n, c);
  }

  /** The node as a layer with one constant operand; a Sum is taken as Add. */
  static void arithmeticOf(NodeProto n, ImportContext c) {
    String op = n.getOpType().equals("Sum") ? "Add" : n.getOpType();
    boolean xFirst = c.isX(n, 0);
    Constant k0 = c.graph.constant(xFirst ? n.getInput(1) : n.getInput(0));
    if (k0 == null || !k0.isFloat()) {
      throw c.error(n, "both operands are computed in the graph; Lamina imports " + op + " with one float constant "
          + "operand (preprocessing: Normalization/Rescaling)" + (op.equals("Div") ? "" : " or of two computed values"));
    }
    float[] k = c.broadcast(n, k0);
    ImportedLayer before = c.x().producer();
    if (before != null) {
      String name = before.spec.name();
      c.notes.add(op + " '" + n.getName() + "' with a constant after layer '" + (name == null ? before.spec.baseName()
          : name) + "' is imported as a fixed Normalization/Rescaling layer (no trainable weights)");
    }
    NodeProto next = xFirst ? follower(n, c, op.equals("Sub") ? "Div" : op.equals("Mul") ? "Add" : "") : null;
    Constant d = next == null ? null : c.graph.constant(otherInput(next, n.getOutput(0)));
    if (op.equals("Sub") && d != null && d.isFloat()) {
      float[] std = c.broadcast(next, d);
      float[] inverse = inverse(next, c, std);
      c.claim(next);
      if (normalizable(std)) {
        float[] variance = new float[std.length];
        for (int i = 0; i < std.length; i++) {
          variance[i] = std[i] * std[i];
        }
        add(n, c, new Normalization.Spec(k, variance), next.getOutput(0));
        return;
      }
      // (x − m) / s = x·(1/s) − m/s: Normalization would floor a divisor below its 1e-7 (or negative)
      int size = Math.max(k.length, std.length);
      float[] scale = new float[size];
      float[] offset = new float[size];
      for (int i = 0; i < size; i++) {
        scale[i] = inverse[std.length == 1 ? 0 : i];
        offset[i] = (float) (-(double) k[k.length == 1 ? 0 : i] / std[std.length == 1 ? 0 : i]);
      }
      add(n, c, new Rescaling.Spec(scale, offset, null, true), next.getOutput(0));
      return;
    }
    if (op.equals("Mul") && d != null && d.isFloat()) {
      c.claim(next);
      add(n, c, new Rescaling.Spec(k, c.broadcast(next, d), null, true), next.getOutput(0));
      return;
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
          throw c.error(n, "a constant divided by the input is not an affine map; Lamina imports Div(x, constant)");
        }
        scale = inverse(n, c, k);
      }
    }
    add(n, c, new Rescaling.Spec(scale, offset, null, true), n.getOutput(0));
  }

  private static void add(NodeProto n, ImportContext c, LayerSpec spec, String y) {
    LayerSpec[] named = {spec};
    c.name(n, s -> named[0] = spec instanceof Normalization.Spec z ? z.name(s) : ((Rescaling.Spec) spec).name(s));
    c.add(n, named[0], Map.of(), c.shape(), y);
  }

  /** The single standard-domain reader of n's output when it is {@code op} reading that output first, with a constant. */
  private static @Nullable NodeProto follower(NodeProto n, ImportContext c, String op) {
    NodeProto f = op.isEmpty() ? null : c.onlyReader(n.getOutput(0), op);
    if (f == null || f.getInputCount() != 2 || c.graph.constant(f.getInput(1)) == null) {
      return null;
    }
    return c.graph.canonical(f.getInput(0)).equals(c.graph.canonical(n.getOutput(0))) ? f : null;
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
  private static float[] inverse(NodeProto div, ImportContext c, float[] d) {
    float[] r = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = 1 / d[i];
      if (d[i] == 0 || !Float.isFinite(r[i])) {
        throw c.error(div, "divides by " + d[i] + (d.length > 1 ? " (element " + i + " of " + d.length + ")" : "")
            + "; Lamina imports Div(x, constant) with non-zero divisors whose inverse is finite");
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
}

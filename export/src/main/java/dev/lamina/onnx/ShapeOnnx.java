package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Flatten;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Flatten ↔ Flatten(axis = 1). Import: Flatten at the first sample axis, Reshape with a constant
 * int64 shape to [batch, features] ({@code [-1, f]}, {@code [0, -1]}, {@code [N, f]}), and the
 * Flatten → Softmax → Reshape back with which Lamina writes a softmax over a sample of rank > 1.
 */
final class ShapeOnnx {
  private ShapeOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Flatten.class, (f, w) -> w.output("Flatten", List.of(w.input()), ofInt("axis", 1)));
  }

  static void registerConverters(OpConverters converters) {
    // later versions of both only add types
    converters.register("Flatten", ShapeOnnx::flatten, 1, 9, 11, 13, 21, 23, 24, 25);
    converters.register("Reshape", ShapeOnnx::reshape, 5, 13, 14, 19, 21, 23, 24, 25);
  }

  private static void flatten(NodeProto n, ImportContext c) {
    int rank = c.shape().length + (c.unbatched() ? 0 : 1);
    long axis = intOr(n, "axis", 1);
    long a = axis < 0 ? axis + rank : axis;
    if (a != (c.unbatched() ? 0 : 1)) {
      throw c.error(n, "axis " + axis + " on a rank-" + rank + " input; Lamina flattens each sample to one axis "
          + "(Flatten axis=1)");
    }
    if (!sampleSoftmax(n, c)) {
      addFlatten(n, c, n.getOutput(0));
    }
  }

  /**
   * Flatten → Softmax/LogSoftmax (axis 1 or -1) → Reshape back to [batch, …sample shape], which is how
   * Lamina exports a softmax over a multi-axis sample: imported as that one activation layer (named
   * after the Flatten node). Whether the nodes form it.
   */
  private static boolean sampleSoftmax(NodeProto flatten, ImportContext c) {
    int[] shape = c.shape();
    if (c.unbatched() || shape.length < 2) {
      return false;
    }
    NodeProto soft = c.onlyReader(flatten.getOutput(0), "Softmax", "LogSoftmax");
    if (soft == null || soft.getInputCount() != 1) {
      return false;
    }
    long axis = intOr(soft, "axis", c.opset < 13 ? 1 : -1);
    NodeProto back = axis == 1 || axis == -1 ? c.onlyReader(soft.getOutput(0), "Reshape") : null;
    Constant target = back == null || back.getInputCount() < 2 || !c.graph.canonical(back.getInput(0))
        .equals(c.graph.canonical(soft.getOutput(0))) ? null : c.graph.constant(back.getInput(1));
    if (target == null || target.isFloat()) {
      return false;
    }
    long[] t = target.longs();
    boolean restores = t.length == shape.length + 1 && (t[0] == -1 || (t[0] == 0 && intOr(back, "allowzero", 0) == 0));
    for (int i = 0; restores && i < shape.length; i++) {
      restores = t[i + 1] == shape[i];
    }
    if (!restores) {
      return false;
    }
    Activation kind = soft.getOpType().equals("Softmax") ? Activations.SOFTMAX : Activations.LOG_SOFTMAX;
    ActivationLayer.Spec[] spec = {new ActivationLayer.Spec(kind, null)};
    c.name(flatten, s -> spec[0] = new ActivationLayer.Spec(kind, s));
    c.add(flatten, spec[0], Map.of(), shape, back.getOutput(0));
    c.claim(soft);
    c.claim(back);
    return true;
  }

  private static void reshape(NodeProto n, ImportContext c) {
    Constant target = n.getInputCount() > 1 ? c.graph.constant(n.getInput(1)) : null;
    if (target == null || target.isFloat()) {
      throw c.error(n, "the target shape is computed in the graph; Lamina supports Reshape with a constant int64 shape "
          + "that flattens each sample, e.g. [-1, 784] or [0, -1]");
    }
    long[] t = target.longs();
    boolean allowZero = intOr(n, "allowzero", 0) != 0;
    int f = c.features(n);
    boolean ok;
    if (c.unbatched()) {
      ok = t.length == 1 && (t[0] == -1 || t[0] == f);
    } else {
      boolean batch = t.length == 2 && (t[0] == -1 || (t[0] == 0 && !allowZero) || t[0] > 0);
      boolean rest = t.length == 2 && (t[1] == f || (t[1] == -1 && t[0] != -1)
          || (t[1] == 0 && !allowZero && c.shape().length == 1));
      ok = batch && rest;
      if (ok && t[0] > 0) {
        c.notes.add("Reshape '" + n.getName() + "' fixes the batch size to " + t[0] + "; Lamina accepts any batch size");
      }
    }
    if (!ok) {
      throw c.error(n, "target shape " + Arrays.toString(t) + (allowZero ? " (allowzero=1)" : "") + " for " + f
          + " features per sample; Lamina supports Reshape to [batch, features]: [-1, " + f + "], [0, -1] or [N, " + f
          + "]");
    }
    addFlatten(n, c, n.getOutput(0));
  }

  private static void addFlatten(NodeProto n, ImportContext c, String y) {
    int f = c.features(n);
    Flatten.Spec[] spec = {new Flatten.Spec(null)};
    c.name(n, s -> spec[0] = new Flatten.Spec(s));
    boolean unbatched = c.unbatched();
    if (unbatched && c.shape().length == 1) {
      c.notes.add("Flatten '" + n.getName() + "' adds a batch axis of 1 to the single-sample input");
      unbatched = false;
    }
    c.add(n, spec[0], Map.of(), List.of(c.x()), new int[] {f}, unbatched, y);
  }
}

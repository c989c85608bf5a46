// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.Attributes.intsOr;
import static dev.lamina.onnx.Attributes.stringOr;
import static dev.lamina.onnx.OnnxAttribute.ofInt;
import static dev.lamina.onnx.OnnxAttribute.ofInts;
import static dev.lamina.onnx.OnnxAttribute.ofString;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Permute;
import dev.lamina.layers.Reshape;
import dev.lamina.layers.UpSampling2D;
import dev.lamina.layers.ZeroPadding2D;
import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The layers that move values without computing: Flatten ↔ Flatten(axis = 1); Reshape ↔
 * Reshape(x, [0, …output shape]) (0 keeps the batch); Permute ↔ Transpose(perm = [0, …dims]);
 * ZeroPadding2D ↔ Pad(x, [0, 0, top, left, 0, 0, bottom, right]) in constant mode (zeros);
 * UpSampling2D ↔ Resize(x, "", [1, 1, sh, sw]) in nearest mode with asymmetric coordinates and
 * floor rounding, which is nearest up-sampling by integer factors.
 *
 * <p>Import: Flatten at the first sample axis; Reshape with a constant int64 shape: to [batch,
 * features] ({@code [-1, f]}, {@code [0, -1]}, {@code [N, f]}) as Flatten, to other shapes that
 * keep the batch as Reshape; the Flatten → Softmax → Reshape back with which Lamina writes a
 * softmax over a sample of rank > 1; Transpose keeping axis 0 first as Permute (a channels-last
 * graph input transposed to channels-first is noted: the model takes channels-last samples as the
 * original did), and tf2onnx's Transpose back to channels-last before a Flatten and a dense layer
 * left out, that layer's weight rows reordered instead; Pad of zeros on
 * the spatial axes (pads as attribute before version 11, as inputs after, axes from 18) folded
 * into a following Conv, or into an AveragePool that counts padded cells (GRAPHS-AND-CONV.md
 * §3.5), else as ZeroPadding2D, and left out when it adds nothing; a Pad of −∞ folded into a
 * following MaxPool; Resize (10–19) and Upsample
 * (7, 9) in nearest mode with integer scales (or sizes) on height and width, when their
 * coordinate transformation and rounding give each output cell the input cell {@code i / factor}.
 */
final class ShapeOnnx {
  /** The metadata key of a Reshape layer's target shape as given (with its −1), which ONNX's resolved shape loses. */
  private static final String TARGET_SHAPE = "target_shape";

  private ShapeOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Flatten.class, (f, w) -> w.output("Flatten", List.of(w.input()), ofInt("axis", 1)));
    exports.register(Reshape.class, (r, w) -> {
      w.output("Reshape", List.of(w.input(), w.longs("shape", batchFirst(0, w.outputShape()))));
      w.describe(TARGET_SHAPE, Arrays.stream(r.targetShape()).mapToObj(String::valueOf)
          .collect(java.util.stream.Collectors.joining(" ")));
    });
    exports.register(Permute.class, (p, w) -> w.output("Transpose", List.of(w.input()),
        ofInts("perm", batchFirst(0, p.dims()))));
    exports.register(ZeroPadding2D.class, (z, w) -> w.output("Pad", List.of(w.input(), w.longs("pads", 0, 0, z.top(),
        z.left(), 0, 0, z.bottom(), z.right())), ofString("mode", "constant")));
    exports.register(UpSampling2D.class, (u, w) -> w.output("Resize", List.of(w.input(), "", w.constant("scales",
        new float[] {1, 1, u.sizeHeight(), u.sizeWidth()}, 4)), ofString("mode", "nearest"),
        ofString("coordinate_transformation_mode", "asymmetric"), ofString("nearest_mode", "floor")));
  }

  /** {@code [first, …rest]}. */
  private static long[] batchFirst(long first, int[] rest) {
    long[] v = new long[rest.length + 1];
    v[0] = first;
    for (int i = 0; i < rest.length; i++) {
      v[i + 1] = rest[i];
    }
    return v;
  }

  static void registerConverters(OpConverters converters) {
    // later versions of both only add types
    converters.register("Flatten", ShapeOnnx::flatten, 1, 9, 11, 13, 21, 23, 24, 25);
    converters.register("Reshape", ShapeOnnx::reshape, 5, 13, 14, 19, 21, 23, 24, 25);
    // 13: bfloat16; 21, 23-25: types
    converters.register("Transpose", ShapeOnnx::transpose, 1, 13, 21, 23, 24, 25);
    // 2: attributes; 11: pads and constant_value inputs; 13, 21, 23-25: types; 18: axes input; 19: wrap mode
    converters.register("Pad", ShapeOnnx::pad, 2, 11, 13, 18, 19, 21, 23, 24, 25);
    // Upsample 7: scales attribute; 9: scales input; 10: deprecated, as 9. Resize 10: scales; 11: roi, sizes,
    // coordinate_transformation_mode, nearest_mode; 13: optional roi/scales; 18: axes, antialias, keep_aspect_ratio_policy;
    // 19: half_pixel_symmetric
    converters.register("Upsample", ShapeOnnx::resize, 7, 9, 10);
    converters.register("Resize", ShapeOnnx::resize, 10, 11, 13, 18, 19);
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
          + "that keeps the batch, e.g. [-1, 784], [0, -1] or [0, 16, 7, 7]");
    }
    long[] t = target.longs().clone();
    boolean allowZero = intOr(n, "allowzero", 0) != 0;
    for (int i = 1; i < t.length; i++) {
      if (t[i] == Constant.BATCH) {
        throw c.error(n, "the target shape puts the batch size at axis " + i + " (folded from the graph's shape "
            + "arithmetic); Lamina keeps the batch on axis 0");
      }
    }
    if (t.length > 0 && t[0] == Constant.BATCH) { // [N, …] folded from Shape(x): the batch kept, as 0 does
      t[0] = allowZero ? -1 : 0;
      c.noteOnce("reshape-batch " + n.getName(), "Reshape '" + n.getName() + "': its target shape, computed in the graph "
          + "from the input's shape, was folded to " + describe(t) + " at import (N the batch size)");
    }
    boolean lamina = "Reshape".equals(c.metadata.layer(n.getName()).get("type"));
    if (!c.unbatched() && t.length >= 2 && (t.length > 2 || lamina)) {
      reshapeLayer(n, c, t, allowZero);
      return;
    }
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

  /** A folded target shape for the notes: N for the batch. */
  private static String describe(long[] t) {
    StringBuilder b = new StringBuilder("[N");
    for (int i = 1; i < t.length; i++) {
      b.append(", ").append(t[i]);
    }
    return b.append(']').toString();
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

  /** Reshape to [batch, …] of any rank as a Reshape layer: 0 copies the input dim (allowzero 0), one −1 is inferred. */
  private static void reshapeLayer(NodeProto n, ImportContext c, long[] t, boolean allowZero) {
    int[] in = c.shape();
    int f = c.features(n);
    String supported = "; Lamina supports Reshape of the sample axes with the batch kept: [0, …], [-1, …] with the other "
        + "dims known, or [N, …]";
    if (allowZero && Arrays.stream(t).anyMatch(d -> d == 0)) {
      throw c.error(n, "target shape " + Arrays.toString(t) + " with allowzero=1 makes a dim empty" + supported);
    }
    int[] target = new int[t.length - 1];
    int inferred = 0;
    long known = 1;
    for (int i = 1; i < t.length; i++) {
      long d = t[i] == 0 ? (i - 1 < in.length ? in[i - 1] : -2) : t[i];
      if (d == -1) {
        inferred++;
      } else if (d < 1 || d > Integer.MAX_VALUE) {
        throw c.error(n, "target shape " + Arrays.toString(t) + " for samples of shape " + Arrays.toString(in) + supported);
      } else {
        known *= d;
      }
      target[i - 1] = (int) d;
    }
    // with the batch inferred (-1 first) the sample must keep its size; else one -1 may take the rest
    boolean fits = t[0] == -1 || inferred == 0 ? inferred == 0 && known == f : inferred == 1 && f % known == 0;
    if (!fits || t[0] < -1) {
      throw c.error(n, "target shape " + Arrays.toString(t) + " does not keep the batch of samples of shape "
          + Arrays.toString(in) + " (" + f + " values)" + supported);
    }
    if (t[0] > 0) {
      c.notes.add("Reshape '" + n.getName() + "' fixes the batch size to " + t[0] + "; Lamina accepts any batch size");
    }
    int[] out = ConvolutionOnnx.outputShape(n, c, new Reshape.Spec(target, null), in);
    int[] kept = target;
    String given = c.metadata.layer(n.getName()).get(TARGET_SHAPE);
    try { // Lamina's own target as given, when it gives the same shape
      int[] asGiven = Arrays.stream(given.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
      kept = Arrays.equals(ConvolutionOnnx.outputShape(n, c, new Reshape.Spec(asGiven, null), in), out) ? asGiven : target;
    } catch (RuntimeException absentOrOther) {
      kept = target;
    }
    int[] chosen = kept;
    LayerSpec[] spec = {new Reshape.Spec(chosen, null)};
    c.name(n, s -> spec[0] = new Reshape.Spec(chosen, s));
    c.add(n, spec[0], Map.of(), out, n.getOutput(0));
  }

  /** Transpose keeping the batch axis first, as Permute (its dims are ONNX's perm without the 0). */
  private static void transpose(NodeProto n, ImportContext c) {
    int[] in = c.shape();
    int rank = in.length + 1;
    long[] reversed = new long[rank];
    for (int i = 0; i < rank; i++) {
      reversed[i] = rank - 1 - i;
    }
    long[] perm = intsOr(n, "perm", reversed);
    long[] sorted = perm.clone();
    Arrays.sort(sorted);
    boolean permutation = perm.length == rank;
    for (int i = 0; permutation && i < rank; i++) {
      permutation = sorted[i] == i;
    }
    if (c.unbatched() || !permutation || perm[0] != 0) {
      throw c.error(n, "perm " + Arrays.toString(perm) + " on a rank-" + rank + " input" + (c.unbatched()
          ? " without batch axis" : "") + "; Lamina imports Transpose that keeps the batch axis 0 first (Permute)");
    }
    int[] dims = new int[rank - 1];
    for (int i = 1; i < rank; i++) {
      dims[i - 1] = (int) perm[i];
    }
    if (Arrays.equals(perm, new long[] {0, 2, 3, 1}) && channelsLastFlattenIntoDense(n, c)) {
      return;
    }
    if (Arrays.equals(perm, new long[] {0, 3, 1, 2}) && c.x().producer() == null) {
      c.notes.add("the graph input '" + c.xName() + "' is channels-last [batch, height, width, channels] (Keras, "
          + "TensorFlow, tf2onnx), transposed to channels-first by '" + n.getName() + "': imported as a Permute layer at "
          + "the start, so the model takes channels-last samples " + Arrays.toString(in) + " as the original did");
    }
    LayerSpec[] spec = {new Permute.Spec(dims, null)};
    c.name(n, s -> spec[0] = new Permute.Spec(dims, s));
    c.add(n, spec[0], Map.of(), ConvolutionOnnx.outputShape(n, c, spec[0], in), n.getOutput(0));
  }

  /**
   * tf2onnx's Transpose back to channels-last before a Keras Flatten: Transpose(0, 2, 3, 1) →
   * Flatten (axis 1) or Reshape to [batch, features] with a constant target → Gemm or MatMul with
   * constant weights, each the only reader of the one before. Imported as a Flatten of the
   * channels-first value, with the dense layer's weight rows reordered once from (h, w, c) to
   * (c, h, w) ({@link ImportContext#featureOrder}), instead of a Permute layer (GRAPHS-AND-CONV.md
   * §3.4). Whether the nodes form it.
   */
  private static boolean channelsLastFlattenIntoDense(NodeProto n, ImportContext c) {
    int[] in = c.shape();
    NodeProto flatten = c.onlyReader(n.getOutput(0), "Flatten", "Reshape");
    if (flatten == null || in.length != 3 || !c.graph.canonical(flatten.getInput(0)).equals(c.graph.canonical(
        n.getOutput(0)))) {
      return false;
    }
    int f = in[0] * in[1] * in[2];
    if (flatten.getOpType().equals("Flatten")) {
      if (intOr(flatten, "axis", 1) != 1) {
        return false;
      }
    } else {
      Constant t = flatten.getInputCount() > 1 ? c.graph.constant(flatten.getInput(1)) : null;
      boolean zero = intOr(flatten, "allowzero", 0) == 0;
      if (t == null || t.isFloat() || t.size() != 2 || !((t.longs()[0] == -1 && t.longs()[1] == f)
          || ((t.longs()[0] == 0 && zero) || t.longs()[0] == Constant.BATCH) && (t.longs()[1] == -1 || t.longs()[1] == f))) {
        return false;
      }
    }
    NodeProto dense = c.onlyReader(flatten.getOutput(0), "Gemm", "MatMul");
    if (dense == null || dense.getInputCount() < 2 || !c.graph.canonical(dense.getInput(0)).equals(c.graph.canonical(
        flatten.getOutput(0))) || c.graph.constant(dense.getInput(1)) == null) {
      return false;
    }
    int[] order = new int[f]; // feature k of the channels-last flattening is feature order[k] of the channels-first one
    int channels = in[0];
    int height = in[1];
    int width = in[2];
    for (int h = 0; h < height; h++) {
      for (int w = 0; w < width; w++) {
        for (int ch = 0; ch < channels; ch++) {
          order[(h * width + w) * channels + ch] = (ch * height + h) * width + w;
        }
      }
    }
    c.claim(flatten);
    Flatten.Spec[] spec = {new Flatten.Spec(null)};
    c.name(flatten, s -> spec[0] = new Flatten.Spec(s));
    ImportContext.Value flat = c.add(flatten, spec[0], Map.of(), List.of(c.x()), new int[] {f}, false,
        flatten.getOutput(0));
    c.featureOrder(flat, order);
    c.notes.add("Transpose '" + n.getName() + "' to channels-last before " + flatten.getOpType() + " '" + flatten.getName()
        + "' (a Keras Flatten) left out: the weight rows of '" + dense.getName() + "' were reordered once from (height, "
        + "width, channels) to (channels, height, width) instead");
    return true;
  }

  /**
   * Pad of zeros on the spatial axes: left out when it adds nothing; folded into the Conv, or the
   * AveragePool counting padded cells, that alone reads it (not Lamina's own ZeroPadding2D); else a
   * ZeroPadding2D layer of [channels, height, width] samples. A Pad of −∞ is folded into the MaxPool
   * that alone reads it.
   */
  private static void pad(NodeProto n, ImportContext c) {
    if (!c.isX(n, 0)) {
      throw c.error(n, "the padded value must be the first input, the pads constant");
    }
    int[] in = c.shape();
    int rank = in.length + (c.unbatched() ? 0 : 1);
    String mode = stringOr(n, "mode", "constant");
    String supported = "; Lamina imports Pad in constant mode with zeros on the spatial axes of [batch, channels, height, "
        + "width] (ZeroPadding2D, or folded into a following Conv or AveragePool)";
    if (!mode.equals("constant")) {
      throw c.error(n, "mode '" + mode + "'" + supported);
    }
    long[] pads;
    float value;
    if (c.version() < 11) {
      pads = intsOr(n, "pads", new long[0]);
      value = floatOr(n, "value", 0f);
    } else {
      Constant p = n.getInputCount() > 1 ? c.graph.constant(n.getInput(1)) : null;
      if (p == null || p.isFloat()) {
        throw c.error(n, "the pads are computed in the graph or missing" + supported);
      }
      pads = p.longs();
      Constant v = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? c.graph.constant(n.getInput(2)) : null;
      if (v == null && n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
        throw c.error(n, "the constant_value is computed in the graph" + supported);
      }
      value = v == null ? 0f : v.asFloats().length == 1 ? v.asFloats()[0] : Float.NaN;
      if (c.version() >= 18 && n.getInputCount() > 3 && !n.getInput(3).isEmpty()) {
        pads = expandAxes(n, c, pads, rank);
      }
    }
    if (pads.length != 2 * rank) {
      throw c.error(n, "pads " + Arrays.toString(pads) + " must hold " + 2 * rank + " values for a rank-" + rank + " input"
          + supported);
    }
    boolean negativeInfinity = value == Float.NEGATIVE_INFINITY; // MaxPool's own padding
    if (value != 0f && !negativeInfinity) {
      throw c.error(n, "constant_value " + value + supported + "; −∞ only folded into a following MaxPool");
    }
    if (c.unbatched() || rank < 3 || rank > 4 || pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0) {
      throw c.error(n, "pads " + Arrays.toString(pads) + " on a rank-" + rank + " input pad more than the spatial axes"
          + supported);
    }
    if (Arrays.stream(pads).anyMatch(p -> p < 0 || p > Integer.MAX_VALUE / 4)) {
      throw c.error(n, "pads " + Arrays.toString(pads) + ": negative pads crop" + supported);
    }
    int[] cells = rank == 4 ? new int[] {(int) pads[2], (int) pads[6], (int) pads[3], (int) pads[7]}
        : new int[] {(int) pads[2], (int) pads[5]};
    if (Arrays.stream(cells).allMatch(p -> p == 0)) {
      c.define(n.getOutput(0), c.x());
      c.notes.add("Pad '" + n.getName() + "' adds no cells: left out");
      return;
    }
    if (negativeInfinity) {
      if (!foldIntoMaxPool(n, c, cells)) {
        throw c.error(n, "constant_value −∞ not followed by a MaxPool (floor mode, explicit or valid padding) that "
            + "alone reads it" + supported + "; −∞ only folded into a following MaxPool");
      }
      return;
    }
    if (!"ZeroPadding2D".equals(c.metadata.layer(n.getName()).get("type")) && fold(n, c, cells)) {
      return;
    }
    if (rank != 4) {
      throw c.error(n, "pads " + Arrays.toString(pads) + " of [batch, channels, length] not followed by a Conv"
          + supported);
    }
    LayerSpec[] spec = {new ZeroPadding2D.Spec(cells[0], cells[1], cells[2], cells[3], null)};
    c.name(n, s -> spec[0] = new ZeroPadding2D.Spec(cells[0], cells[1], cells[2], cells[3], s));
    c.add(n, spec[0], Map.of(), new int[] {in[0], cells[0] + in[1] + cells[1], cells[2] + in[2] + cells[3]},
        n.getOutput(0));
  }

  /** Pad's pads for the listed {@code axes} (version 18) as pads for every axis. */
  private static long[] expandAxes(NodeProto n, ImportContext c, long[] pads, int rank) {
    Constant a = c.graph.constant(n.getInput(3));
    if (a == null || a.isFloat() || pads.length != 2 * a.size()) {
      throw c.error(n, "axes must be a constant int tensor with one entry per pair of pads");
    }
    long[] full = new long[2 * rank];
    long[] axes = a.longs();
    for (int i = 0; i < axes.length; i++) {
      int axis = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
      if (axis < 0 || axis >= rank) {
        throw c.error(n, "axis " + axes[i] + " is outside a rank-" + rank + " input");
      }
      full[axis] = pads[i];
      full[axis + rank] = pads[i + axes.length];
    }
    return full;
  }

  /**
   * Folds the Pad into the node that alone reads it, when that is a Conv (explicit or valid
   * padding), or an AveragePool (2-D, floor mode, explicit or valid padding) that counts padded
   * cells or pads nothing itself, and Lamina's layer accepts the sum; whether it did.
   */
  /** Folds a Pad of −∞ into the MaxPool (2-D, floor mode) that alone reads it, when Lamina's layer accepts the sum. */
  private static boolean foldIntoMaxPool(NodeProto pad, ImportContext c, int[] cells) {
    NodeProto next = c.onlyReader(pad.getOutput(0), "MaxPool");
    if (next == null || cells.length != 4 || next.getInputCount() < 1
        || !c.graph.canonical(next.getInput(0)).equals(c.graph.canonical(pad.getOutput(0)))
        || !stringOr(next, "auto_pad", "NOTSET").matches("NOTSET|VALID|") || intOr(next, "ceil_mode", 0) != 0) {
      return false;
    }
    try {
      ConvolutionOnnx.outputShape(next, c, PoolingOnnx.poolSpec(next, c, c.shape(), cells), c.shape());
    } catch (OnnxImportException refused) {
      return false;
    }
    c.claim(next);
    PoolingOnnx.pool(next, c, cells);
    c.notes.add("Pad '" + pad.getName() + "' of −∞ folded into MaxPool '" + next.getName() + "' (its pads plus "
        + Arrays.toString(cells) + ", top, bottom, left, right)");
    return true;
  }

  private static boolean fold(NodeProto pad, ImportContext c, int[] cells) {
    NodeProto next = c.onlyReader(pad.getOutput(0), "Conv", "AveragePool");
    if (next == null || next.getInputCount() < 1
        || !c.graph.canonical(next.getInput(0)).equals(c.graph.canonical(pad.getOutput(0)))
        || !stringOr(next, "auto_pad", "NOTSET").matches("NOTSET|VALID|")) {
      return false;
    }
    String what = "Pad '" + pad.getName() + "' folded into " + next.getOpType() + " '" + next.getName() + "' (its "
        + "pads plus " + Arrays.toString(cells) + ", top, bottom, left, right)";
    if (next.getOpType().equals("Conv")) {
      c.claim(next);
      ConvolutionOnnx.conv(next, c, cells);
      c.notes.add(what);
      return true;
    }
    boolean includes = intOr(next, "count_include_pad", 0) != 0
        || Arrays.stream(intsOr(next, "pads", new long[0])).allMatch(p -> p == 0);
    if (cells.length != 4 || !includes || intOr(next, "ceil_mode", 0) != 0) {
      return false;
    }
    try {
      ConvolutionOnnx.outputShape(next, c, PoolingOnnx.poolSpec(next, c, c.shape(), cells), c.shape());
    } catch (OnnxImportException refused) { // e.g. pads as large as the window: a ZeroPadding2D layer instead
      return false;
    }
    c.claim(next);
    PoolingOnnx.pool(next, c, cells);
    c.notes.add(what + ", counting padded cells");
    return true;
  }

  /**
   * Resize or Upsample in nearest mode by integer factors on height and width, as UpSampling2D,
   * when the coordinate transformation and rounding pick input cell {@code i / factor} for output
   * cell i (Upsample and Resize-10: asymmetric and floor, exactly that).
   */
  private static void resize(NodeProto n, ImportContext c) {
    if (!c.isX(n, 0)) {
      throw c.error(n, "the resized value must be X, the first input");
    }
    int[] in = c.shape();
    String supported = "; Lamina imports nearest-neighbour up-sampling of [batch, channels, height, width] by integer "
        + "factors (UpSampling2D)";
    if (in.length != 3 || c.unbatched()) {
      throw c.error(n, "the input has per-sample shape " + Arrays.toString(in) + supported);
    }
    String mode = stringOr(n, "mode", "nearest");
    if (!mode.equals("nearest")) {
      throw c.error(n, "mode '" + mode + "'" + supported);
    }
    boolean upsample = n.getOpType().equals("Upsample");
    int v = c.version();
    float[] scales = null;
    long[] sizes = null;
    if (upsample && v < 9) {
      scales = floatsOr(n, "scales");
    } else {
      int at = upsample || v == 10 ? 1 : 2;
      Constant s = n.getInputCount() > at && !n.getInput(at).isEmpty() ? c.graph.constant(n.getInput(at)) : null;
      Constant z = !upsample && v >= 11 && n.getInputCount() > 3 && !n.getInput(3).isEmpty()
          ? c.graph.constant(n.getInput(3)) : null;
      if ((s == null && n.getInputCount() > at && !n.getInput(at).isEmpty())
          || (z == null && n.getInputCount() > 3 && !n.getInput(3).isEmpty() && !upsample && v >= 11)) {
        throw c.error(n, "the scales or sizes are computed in the graph" + supported);
      }
      if (s != null && s.size() > 0) {
        scales = s.asFloats();
      } else if (z != null && !z.isFloat()) {
        sizes = z.longs();
      }
    }
    if (scales == null && sizes == null) {
      throw c.error(n, "neither scales nor sizes are given" + supported);
    }
    if (v >= 18 && !upsample) {
      long[] axes = intsOr(n, "axes", new long[0]);
      if (axes.length > 0) {
        scales = scales == null ? null : expandScales(n, c, axes, scales);
        sizes = sizes == null ? null : expandSizes(n, c, axes, sizes, in);
      }
      String policy = stringOr(n, "keep_aspect_ratio_policy", "stretch");
      if (sizes != null && !policy.equals("stretch")) {
        throw c.error(n, "keep_aspect_ratio_policy '" + policy + "' with sizes" + supported);
      }
    }
    int length = scales != null ? scales.length : sizes.length;
    if (length != 4) {
      throw c.error(n, (scales != null ? "scales " + Arrays.toString(scales) : "sizes " + Arrays.toString(sizes))
          + " must hold 4 values for [batch, channels, height, width]" + supported);
    }
    float[] f = scales != null ? scales
        : new float[] {1, sizes[1] / (float) in[0], sizes[2] / (float) in[1], sizes[3] / (float) in[2]};
    boolean sizesFit = sizes == null || (sizes[1] == in[0] && sizes[2] % in[1] == 0 && sizes[3] % in[2] == 0);
    int sh = Math.round(f[2]);
    int sw = Math.round(f[3]);
    if (f[0] != 1f || f[1] != 1f || !sizesFit || sh < 1 || sw < 1 || f[2] != sh || f[3] != sw) {
      throw c.error(n, "factors " + Arrays.toString(f) + " are not 1 on the batch and channels and whole numbers on "
          + "height and width" + supported);
    }
    if (!upsample && v >= 11) {
      String coordinates = stringOr(n, "coordinate_transformation_mode", "half_pixel");
      String rounding = stringOr(n, "nearest_mode", "round_prefer_floor");
      if (!picksNearest(coordinates, rounding, sh) || !picksNearest(coordinates, rounding, sw)) {
        throw c.error(n, "coordinate_transformation_mode '" + coordinates + "' with nearest_mode '" + rounding
            + "' does not repeat each cell " + sh + "×" + sw + " times" + supported + "; exact are asymmetric with "
            + "floor (any factor; round_prefer_floor for factor 2), half_pixel or pytorch_half_pixel with "
            + "round_prefer_floor or round_prefer_ceil, tf_half_pixel_for_nn with floor");
      }
    }
    if (sizes != null && sizes[0] > 0) {
      c.notes.add(n.getOpType() + " '" + n.getName() + "' gives sizes for a batch of " + sizes[0] + "; Lamina accepts any "
          + "batch size");
    }
    LayerSpec[] spec = {new UpSampling2D.Spec(sh, sw, null)};
    c.name(n, s -> spec[0] = new UpSampling2D.Spec(sh, sw, s));
    c.add(n, spec[0], Map.of(), new int[] {in[0], in[1] * sh, in[2] * sw}, n.getOutput(0));
  }

  /**
   * Whether Resize's nearest mode gives output cell {@code i·s + r} (0 ≤ r < s) the input cell i
   * for an integer factor s: the source coordinate is i + r/s (asymmetric), i + (r + ½)/s − ½
   * (half pixel: within ½ of i) or i + (r + ½)/s (tf_half_pixel_for_nn), then rounded.
   */
  static boolean picksNearest(String coordinates, String rounding, int factor) {
    if (factor == 1) {
      return !coordinates.equals("tf_crop_and_resize");
    }
    return switch (coordinates) {
      case "asymmetric" -> rounding.equals("floor") || (rounding.equals("round_prefer_floor") && factor == 2);
      case "half_pixel", "pytorch_half_pixel", "half_pixel_symmetric" -> rounding.startsWith("round_prefer_");
      case "tf_half_pixel_for_nn" -> rounding.equals("floor");
      default -> false;
    };
  }

  private static float[] expandScales(NodeProto n, ImportContext c, long[] axes, float[] given) {
    float[] full = {1, 1, 1, 1};
    if (given.length != axes.length) {
      throw c.error(n, "scales " + Arrays.toString(given) + " do not match axes " + Arrays.toString(axes));
    }
    for (int i = 0; i < axes.length; i++) {
      full[(int) (axes[i] < 0 ? axes[i] + 4 : axes[i]) & 3] = given[i];
    }
    return full;
  }

  private static long[] expandSizes(NodeProto n, ImportContext c, long[] axes, long[] given, int[] in) {
    long[] full = {-1, in[0], in[1], in[2]}; // the batch unknown, as in [N, C, H, W]
    if (given.length != axes.length) {
      throw c.error(n, "sizes " + Arrays.toString(given) + " do not match axes " + Arrays.toString(axes));
    }
    for (int i = 0; i < axes.length; i++) {
      full[(int) (axes[i] < 0 ? axes[i] + 4 : axes[i]) & 3] = given[i];
    }
    return full;
  }

  private static float @Nullable [] floatsOr(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
          f[i] = a.getFloats(i);
        }
        return f;
      }
    }
    return null;
  }
}

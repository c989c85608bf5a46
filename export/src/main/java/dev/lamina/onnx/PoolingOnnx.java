// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.Attributes.intsOr;
import static dev.lamina.onnx.OnnxAttribute.ofInt;
import static dev.lamina.onnx.OnnxAttribute.ofInts;

import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Pooling ↔ MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool.
 *
 * <ul>
 *   <li>MaxPooling2D → {@code MaxPool} with kernel_shape, strides, explicit pads [top, left,
 *       bottom, right] (Keras' same computed for the input size) and ceil_mode (padded cells are
 *       −∞ in both);
 *   <li>AveragePooling2D → {@code AveragePool}, the same plus count_include_pad;
 *   <li>GlobalAveragePooling2D, GlobalMaxPooling2D → {@code GlobalAveragePool},
 *       {@code GlobalMaxPool}, which keep [batch, channels, 1, 1]; without keepdims a
 *       {@code Flatten} ({@code <layer>/flatten}) then gives [batch, channels].
 * </ul>
 *
 * Import: 2-D pools of [batch, channels, height, width]; ReduceMean/ReduceMax over height and
 * width as the global pools (with or without keepdims); auto_pad as for Conv; ceil_mode read from
 * version 10 (before it the output size rounds down), count_include_pad from version 7 (default
 * 0); dilations must be 1; MaxPool's Indices output must be unused. A global pool followed by
 * Lamina's own {@code <layer>/flatten} is one layer without keepdims.
 */
final class PoolingOnnx {
  /** The metadata key of a ceil-mode pooling layer's pads {top, bottom, left, right} when the export changed them. */
  private static final String CEIL_PADS = "ceil_mode_pads";

  private PoolingOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(MaxPooling2D.class, (l, w) -> {
      w.output("MaxPool", List.of(w.input()), windowAttributes(l.poolHeight(), l.poolWidth(), l.strideHeight(),
          l.strideWidth(), l.pads(), l.ceilMode(), false, w));
      describePadding(w, WindowPads.kind(l.padding()));
    });
    exports.register(AveragePooling2D.class, (l, w) -> {
      List<OnnxAttribute> a = new ArrayList<>(List.of(windowAttributes(l.poolHeight(), l.poolWidth(), l.strideHeight(),
          l.strideWidth(), l.pads(), l.ceilMode(), l.countIncludePad(), w)));
      a.add(ofInt("count_include_pad", l.countIncludePad() ? 1 : 0));
      w.output("AveragePool", List.of(w.input()), a.toArray(OnnxAttribute[]::new));
      describePadding(w, WindowPads.kind(l.padding()));
    });
    exports.register(GlobalAveragePooling2D.class, (l, w) -> global("GlobalAveragePool", l.keepdims(), w));
    exports.register(GlobalMaxPooling2D.class, (l, w) -> global("GlobalMaxPool", l.keepdims(), w));
  }

  /**
   * kernel_shape, strides, pads and ceil_mode of Lamina's windows. In ceil mode Lamina (as PyTorch,
   * ONNX Runtime and ONNX's text since opset 19) drops a last window that would start in the padding
   * after the image, but ONNX's shape inference up to onnx 1.17 counts it; then the pads after and
   * ceil_mode are chosen so that both counts give Lamina's windows (same starts, and for average
   * pooling that counts padded cells the same divisors), see {@link #onnxWindow}.
   */
  private static OnnxAttribute[] windowAttributes(int ph, int pw, int sh, int sw, int[] pads, boolean ceilMode,
      boolean includePad, OnnxNodeWriter w) {
    int[] in = w.inputShape();
    int[] out = w.outputShape();
    int[] onnx = pads.clone();
    boolean ceil = ceilMode;
    if (ceilMode) {
      for (boolean mode : new boolean[] {true, false}) {
        int after = onnxWindow(in[1], out[1], ph, sh, pads[0], pads[1], mode, includePad);
        int right = onnxWindow(in[2], out[2], pw, sw, pads[2], pads[3], mode, includePad);
        if (after >= 0 && right >= 0) {
          onnx = new int[] {pads[0], after, pads[2], right};
          ceil = mode;
          break;
        }
      }
    }
    if (!Arrays.equals(onnx, pads) || ceil != ceilMode) { // Lamina's import gives the layer its own back
      w.describe(CEIL_PADS, pads[0] + " " + pads[1] + " " + pads[2] + " " + pads[3]);
    }
    return new OnnxAttribute[] {ofInts("kernel_shape", ph, pw), ofInts("strides", sh, sw),
        ofInts("pads", WindowPads.onnx(onnx)), ofInt("ceil_mode", ceil ? 1 : 0)};
  }

  /**
   * The cells after the axis, at most {@code after}, with which ONNX's output size (ceil or floor
   * {@code mode}), with and without dropping a last window that starts in the padding, is Lamina's
   * {@code out} windows of the same starts, and (when padded cells count) the last window's divisor
   * is unchanged; the largest such, or −1 if none.
   */
  static int onnxWindow(int size, int out, int window, int stride, int before, int after, boolean mode,
      boolean includePad) {
    int lastEnd = (out - 1) * stride - before + window; // the last window's end, in input coordinates
    for (int a = after; a >= 0; a--) {
      int span = size + before + a - window;
      if (span < 0) {
        break;
      }
      int counted = (mode ? (span + stride - 1) / stride : span / stride) + 1;
      int dropped = mode && (counted - 1) * stride >= size + before ? counted - 1 : counted;
      boolean divisors = !includePad || Math.min(lastEnd, size + a) == Math.min(lastEnd, size + after);
      if (counted == out && dropped == out && divisors) {
        return a;
      }
    }
    return -1;
  }

  private static void global(String op, boolean keepdims, OnnxNodeWriter w) {
    if (keepdims) {
      w.output(op, List.of(w.input()));
    } else {
      w.output("Flatten", List.of(w.node(op, List.of(w.input()))), ofInt("axis", 1));
    }
  }

  private static void describePadding(OnnxNodeWriter w, @Nullable String kind) {
    if (kind != null) {
      w.describe(WindowPads.KEY, kind);
    }
  }

  // ---- import -----------------------------------------------------------------------------

  static void registerConverters(OpConverters converters) {
    // MaxPool 8: storage_order and Indices; 10: ceil_mode, dilations; 11: pads/auto_pad wording; 12, 22: types
    converters.register("MaxPool", (n, c) -> pool(n, c, null), 1, 8, 10, 11, 12, 22);
    // AveragePool 7: count_include_pad; 10: ceil_mode; 11: wording; 19: dilations; 22: types
    converters.register("AveragePool", (n, c) -> pool(n, c, null), 1, 7, 10, 11, 19, 22); // 1: as 7, padding excluded
    converters.register("GlobalAveragePool", PoolingOnnx::global, 1, 22);
    converters.register("GlobalMaxPool", PoolingOnnx::global, 1, 22);
    // ReduceMean 1: axes attribute; 11: negative axes; 13: bfloat16; 18: axes input, noop_with_empty_axes.
    // ReduceMax also 12: int8/uint8; 20: bool and the value of an empty reduction (not met on H, W)
    converters.register("ReduceMean", PoolingOnnx::reduce, 1, 11, 13, 18);
    converters.register("ReduceMax", PoolingOnnx::reduce, 1, 11, 12, 13, 18, 20);
  }

  /**
   * ReduceMean or ReduceMax over the height and width of [batch, channels, height, width] as a
   * global pooling layer, keeping [channels, 1, 1] when keepdims (default 1) says so, else giving
   * [channels] (GRAPHS-AND-CONV.md §3.5: squeeze-and-excitation's and torchvision's {@code mean([2, 3])}).
   * The axes are an attribute before version 18 and an input from 18.
   */
  private static void reduce(NodeProto n, ImportContext c) {
    int[] shape = c.shape();
    boolean average = n.getOpType().equals("ReduceMean");
    String supported = "; Lamina imports " + n.getOpType() + " over the height and width (axes [2, 3]) of [batch, "
        + "channels, height, width] as " + (average ? "GlobalAveragePooling2D" : "GlobalMaxPooling2D");
    if (!c.isX(n, 0)) {
      throw c.error(n, "the reduced value must be the first input" + supported);
    }
    long[] axes;
    if (c.version() < 18) {
      axes = intsOr(n, "axes", new long[0]);
    } else {
      Constant a = n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? c.graph.constant(n.getInput(1)) : null;
      if (a == null && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
        throw c.error(n, "the axes are computed in the graph" + supported);
      }
      axes = a == null ? new long[0] : a.longs();
      if (axes.length == 0 && intOr(n, "noop_with_empty_axes", 0) != 0) {
        c.define(n.getOutput(0), c.x());
        c.notes.add(n.getOpType() + " '" + n.getName() + "' without axes and with noop_with_empty_axes changes nothing: "
            + "left out");
        return;
      }
    }
    int rank = shape.length + (c.unbatched() ? 0 : 1);
    long[] normal = Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
    if (c.unbatched() || rank != 4 || !Arrays.equals(normal, new long[] {2, 3})) {
      throw c.error(n, "axes " + (axes.length == 0 ? "(all)" : Arrays.toString(axes)) + " of a rank-" + rank + " input"
          + (c.unbatched() ? " without batch axis" : "") + supported);
    }
    boolean keepdims = intOr(n, "keepdims", 1) != 0;
    LayerSpec[] spec = {average ? new GlobalAveragePooling2D.Spec(keepdims, null)
        : new GlobalMaxPooling2D.Spec(keepdims, null)};
    c.name(n, s -> spec[0] = average ? new GlobalAveragePooling2D.Spec(keepdims, s)
        : new GlobalMaxPooling2D.Spec(keepdims, s));
    c.add(n, spec[0], Map.of(), keepdims ? new int[] {shape[0], 1, 1} : new int[] {shape[0]}, n.getOutput(0));
  }

  /** The spec a MaxPool or AveragePool node becomes, with {@code extra} cells of a folded Pad added; see {@link #pool}. */
  static LayerSpec poolSpec(NodeProto n, ImportContext c, int[] shape, int @Nullable [] extra) {
    boolean max = n.getOpType().equals("MaxPool");
    if (shape.length != 3 || c.unbatched()) {
      throw c.error(n, "the input has per-sample shape " + Arrays.toString(shape) + (c.unbatched() ? " without batch axis"
          : "") + "; Lamina pools 2-D images [batch, channels, height, width] (" + (max ? "MaxPooling2D"
          : "AveragePooling2D") + ")");
    }
    long[] kernel = intsOr(n, "kernel_shape", new long[0]);
    if (kernel.length != 2 || kernel[0] < 1 || kernel[1] < 1) {
      throw c.error(n, "kernel_shape " + Arrays.toString(kernel) + "; Lamina pools with a 2-D window of positive sizes");
    }
    int[] window = {(int) kernel[0], (int) kernel[1]};
    int[] strides = ConvolutionOnnx.positive(n, c, "strides", 2);
    int version = OnnxOpVersions.sinceVersion(n.getOpType(), c.opset); // this node's, also when a Pad folds into it
    boolean dilated = version >= (max ? 10 : 19);
    if (dilated && Arrays.stream(ConvolutionOnnx.positive(n, c, "dilations", 2)).anyMatch(d -> d != 1)) {
      throw c.error(n, "dilations " + Arrays.toString(intsOr(n, "dilations", new long[0])) + "; Lamina's pooling windows "
          + "are not dilated (dilations 1)");
    }
    if (max && n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && !c.graph.consumers(n.getOutput(1)).isEmpty()) {
      throw c.error(n, "its Indices output is used; Lamina imports MaxPool's values only (MaxPooling2D)");
    }
    WindowPads.Pads pads = WindowPads.read(n, c, new int[] {shape[1], shape[2]}, window, strides, new int[] {1, 1});
    if (extra != null) {
      pads = pads.plus(extra);
    }
    boolean ceil = version >= 10 && intOr(n, "ceil_mode", 0) != 0;
    if (max) {
      return new MaxPooling2D.Spec(window[0], window[1]).strides(strides[0], strides[1])
          .padding(WindowPads.pooling(pads)).ceilMode(ceil);
    }
    boolean includePad = extra != null || intOr(n, "count_include_pad", 0) != 0;
    return new AveragePooling2D.Spec(window[0], window[1]).strides(strides[0], strides[1])
        .padding(WindowPads.pooling(pads)).ceilMode(ceil).countIncludePad(includePad);
  }

  /**
   * MaxPool or AveragePool as MaxPooling2D or AveragePooling2D.
   *
   * @param extra the cells {top, bottom, left, right} of a Pad folded into the pool: of zeros into
   *     an AveragePool that counts them, of −∞ into a MaxPool (the pool then reads the Pad's input);
   *     null when the pool stands alone
   */
  static void pool(NodeProto n, ImportContext c, int @Nullable [] extra) {
    if (extra == null && !c.isX(n, 0)) {
      throw c.error(n, "the pooled value must be X, the first input");
    }
    int[] shape = c.shape();
    LayerSpec spec = poolSpec(n, c, shape, extra);
    int[] out = ConvolutionOnnx.outputShape(n, c, spec, shape);
    String own = extra == null ? c.metadata.layer(n.getName()).get(CEIL_PADS) : null;
    if (own != null) { // Lamina's ceil-mode layer whose pads the export changed: the same windows as its own
      try {
        int[] p = Arrays.stream(own.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        WindowPads.Pads pads = new WindowPads.Pads(new int[] {p[0], p[1], p[2], p[3]}, false, false);
        LayerSpec mine = spec instanceof MaxPooling2D.Spec m ? m.padding(WindowPads.pooling(pads)).ceilMode(true)
            : ((AveragePooling2D.Spec) spec).padding(WindowPads.pooling(pads)).ceilMode(true);
        spec = Arrays.equals(ConvolutionOnnx.outputShape(n, c, mine, shape), out) ? mine : spec;
      } catch (RuntimeException other) {
        // not Lamina's: keep the node's own
      }
    }
    LayerSpec[] named = {spec};
    if (spec instanceof MaxPooling2D.Spec m) {
      c.name(n, s -> named[0] = m.name(s));
    } else if (spec instanceof AveragePooling2D.Spec a) {
      c.name(n, s -> named[0] = a.name(s));
    }
    c.add(n, named[0], Map.of(), out, n.getOutput(0));
  }

  /**
   * GlobalAveragePool or GlobalMaxPool of [batch, channels, height, width]: a global pooling layer
   * keeping [channels, 1, 1], or giving [channels] when Lamina's own {@code <layer>/flatten}
   * follows.
   */
  private static void global(NodeProto n, ImportContext c) {
    int[] shape = c.shape();
    boolean average = n.getOpType().equals("GlobalAveragePool");
    if (shape.length != 3 || c.unbatched()) {
      throw c.error(n, "the input has per-sample shape " + Arrays.toString(shape) + "; Lamina pools 2-D images [batch, "
          + "channels, height, width] (" + (average ? "GlobalAveragePooling2D" : "GlobalMaxPooling2D") + ")");
    }
    NodeProto flatten = c.onlyReader(n.getOutput(0), "Flatten");
    boolean keepdims = flatten == null || !flatten.getName().equals(n.getName() + "/flatten")
        || intOr(flatten, "axis", 1) != 1;
    String output = keepdims ? n.getOutput(0) : flatten.getOutput(0);
    LayerSpec[] spec = {average ? new GlobalAveragePooling2D.Spec(keepdims, null)
        : new GlobalMaxPooling2D.Spec(keepdims, null)};
    c.name(n, s -> spec[0] = average ? new GlobalAveragePooling2D.Spec(keepdims, s)
        : new GlobalMaxPooling2D.Spec(keepdims, s));
    if (!keepdims) {
      c.claim(flatten);
    }
    c.add(n, spec[0], Map.of(), keepdims ? new int[] {shape[0], 1, 1} : new int[] {shape[0]}, output);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.Attributes.intsOr;
import static dev.lamina.onnx.OnnxAttribute.ofInt;
import static dev.lamina.onnx.OnnxAttribute.ofInts;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Linear;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SeparableConv2D;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Convolutions ↔ Conv. Lamina's kernels are ONNX's ([filters, channels / group, kh, kw], or
 * [filters, channels / group, k] in 1-D), so no value is transposed.
 *
 * <ul>
 *   <li>Conv2D → {@code Conv(x, kernel, bias?)} with kernel_shape, strides, dilations, group and
 *       explicit pads [top, left, bottom, right] (Keras' same computed for the input size, the
 *       kind kept in metadata_props), then the activation's nodes ({@code conv2d/<op>});
 *   <li>Conv1D → Conv on [batch, channels, length], pads [left, right] (causal: [(k − 1)·d, 0]);
 *   <li>DepthwiseConv2D → Conv with group = channels, kernel [channels·multiplier, 1, kh, kw];
 *   <li>SeparableConv2D → the depthwise Conv (no bias) and a 1×1 Conv ({@code <layer>/conv})
 *       with the pointwise kernel and the bias.
 * </ul>
 *
 * Import: Conv with a constant kernel and optional bias, 1-D or 2-D; auto_pad NOTSET (pads per
 * side), VALID, SAME_UPPER (Keras' same) or SAME_LOWER; group = channels as DepthwiseConv2D (any
 * multiplier), other groups as grouped Conv2D; Lamina's separable pair back as SeparableConv2D.
 * A Pad node of zeros before a Conv is folded into its pads ({@link ShapeOnnx}).
 */
final class ConvolutionOnnx {
  private ConvolutionOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Conv2D.class, (l, w) -> {
      OnnxAttribute[] attributes = attributes(l.kernelSize(), l.strides(), l.dilationRate(), l.groups(), l.pads());
      finish(w, List.of(w.input()), l.kernel(), l.bias(), l.activation(), attributes);
      describePadding(w, WindowPads.kind(l.padding()));
    });
    exports.register(Conv1D.class, (l, w) -> {
      OnnxAttribute[] attributes = attributes(new int[] {l.kernelSize()}, new int[] {l.strides()},
          new int[] {l.dilationRate()}, l.groups(), l.pads());
      finish(w, List.of(w.input()), l.kernel(), l.bias(), l.activation(), attributes);
      describePadding(w, WindowPads.kind(l.padding()));
    });
    exports.register(DepthwiseConv2D.class, (l, w) -> {
      OnnxAttribute[] attributes = attributes(l.kernelSize(), l.strides(), l.dilationRate(), w.inputShape()[0], l.pads());
      finish(w, List.of(w.input()), l.kernel(), l.bias(), l.activation(), attributes);
      describePadding(w, WindowPads.kind(l.padding()));
    });
    exports.register(SeparableConv2D.class, (l, w) -> {
      OnnxAttribute[] depthwise = attributes(l.kernelSize(), l.strides(), l.dilationRate(), w.inputShape()[0], l.pads());
      String t = w.node("Conv", List.of(w.input(), w.weight(l.depthwiseKernel())), depthwise);
      OnnxAttribute[] pointwise = attributes(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, new int[4]);
      finish(w, List.of(t), l.pointwiseKernel(), l.bias(), l.activation(), pointwise);
      describePadding(w, WindowPads.kind(l.padding()));
    });
  }

  private static OnnxAttribute[] attributes(int[] kernel, int[] strides, int[] dilations, int group, int[] pads) {
    return new OnnxAttribute[] {ofInts("kernel_shape", longs(kernel)), ofInts("strides", longs(strides)),
        ofInts("dilations", longs(dilations)), ofInt("group", group), ofInts("pads", WindowPads.onnx(pads))};
  }

  /** The Conv reading {@code x} (plus the kernel and bias), then the activation's nodes. */
  private static void finish(OnnxNodeWriter w, List<String> x, Parameter kernel, @Nullable Parameter bias,
      Activation activation, OnnxAttribute[] attributes) {
    List<String> in = new ArrayList<>(x);
    in.add(w.weight(kernel));
    if (bias != null) {
      in.add(w.weight(bias));
    }
    if (activation instanceof Linear) {
      w.output("Conv", in, attributes);
    } else {
      w.outputActivation(activation, w.node("Conv", in, attributes));
    }
    w.describe("activation", activation.name());
  }

  private static void describePadding(OnnxNodeWriter w, @Nullable String kind) {
    if (kind != null) {
      w.describe(WindowPads.KEY, kind);
    }
  }

  static long[] longs(int[] v) {
    return Arrays.stream(v).asLongStream().toArray();
  }

  // ---- import -----------------------------------------------------------------------------

  static void registerConverters(OpConverters converters) {
    converters.register("Conv", (n, c) -> conv(n, c, null), 1, 11, 22); // 11: shape inference only; 22: types
  }

  /**
   * Conv(X, W, B?) as Conv1D, Conv2D, DepthwiseConv2D or (Lamina's pair) SeparableConv2D.
   *
   * @param extra the cells of a Pad node folded into this Conv ({top, bottom, left, right} or
   *     {left, right}), which then reads the Pad's input {@link ImportContext#x()}; null when the
   *     Conv is converted by itself
   */
  static void conv(NodeProto n, ImportContext c, int @Nullable [] extra) {
    if (extra == null && !c.isX(n, 0)) {
      throw c.error(n, "the computed value must be X, the first input; Lamina imports Conv(X, W, B) with constant W and B");
    }
    int[] shape = c.shape();
    Constant w = c.weight(n, 1, "W (the kernel)", -1);
    int axes = w.rank() - 2;
    if (axes < 1 || axes > 2) {
      throw c.error(n, "kernel W " + w + " has " + Math.max(axes, 0) + " spatial axes; Lamina imports 1-D (Conv1D) and "
          + "2-D (Conv2D, DepthwiseConv2D, SeparableConv2D) convolutions");
    }
    if (shape.length != axes + 1 || c.unbatched()) {
      throw c.error(n, "the input has per-sample shape " + Arrays.toString(shape) + (c.unbatched() ? " without batch axis"
          : "") + ", but kernel W " + w + " convolves [batch, channels, " + (axes == 1 ? "length" : "height, width")
          + "] tensors");
    }
    long[] wd = w.dims();
    int filters = (int) wd[0];
    int[] kernel = new int[axes];
    for (int a = 0; a < axes; a++) {
      kernel[a] = (int) wd[a + 2];
    }
    long[] kernelShape = intsOr(n, "kernel_shape", longs(kernel));
    if (!Arrays.equals(kernelShape, longs(kernel))) {
      throw c.error(n, "kernel_shape " + Arrays.toString(kernelShape) + " differs from the kernel W " + w);
    }
    int[] strides = positive(n, c, "strides", axes);
    int[] dilations = positive(n, c, "dilations", axes);
    long group = intOr(n, "group", 1);
    int channels = shape[0];
    if (group < 1 || group > channels || channels % group != 0 || filters % group != 0 || wd[1] * group != channels) {
      throw c.error(n, "kernel W " + w + " with group " + group + " does not fit " + channels + " input channels (W is "
          + "[filters, channels / group, …], filters divisible by group)");
    }
    int[] size = Arrays.copyOfRange(shape, 1, shape.length);
    WindowPads.Pads pads = WindowPads.read(n, c, size, kernel, strides, dilations);
    if (extra != null) {
      pads = pads.plus(extra);
    }
    float[] bias = bias(n, c, n, filters);
    Map<String, float[]> weights = new LinkedHashMap<>();
    String output = n.getOutput(0);
    String type = c.metadata.layer(n.getName()).getOrDefault("type", "");
    LayerSpec spec;
    if (axes == 1) {
      Conv1D.Builder b = Conv1D.builder(filters, kernel[0]).strides(strides[0]).dilationRate(dilations[0])
          .groups((int) group).useBias(bias != null);
      c.name(n, b::name);
      spec = WindowPads.apply(b, pads);
      weights.put("kernel", w.floats().clone());
    } else if (group == channels && !type.equals("Conv2D")
        && (channels > 1 || type.equals("DepthwiseConv2D") || type.equals("SeparableConv2D"))) {
      NodeProto pointwise = type.equals("SeparableConv2D") && bias == null ? pointwise(n, c, filters) : null;
      if (pointwise != null) {
        Constant pw = c.weight(pointwise, 1, "W (the pointwise kernel)", 4);
        float[] pointwiseBias = bias(pointwise, c, pointwise, (int) pw.dims()[0]);
        SeparableConv2D.Builder b = SeparableConv2D.builder((int) pw.dims()[0], kernel[0]).kernelSize(kernel[0], kernel[1])
            .depthMultiplier(filters / channels).strides(strides[0], strides[1]).dilationRate(dilations[0], dilations[1])
            .useBias(pointwiseBias != null);
        c.name(n, b::name);
        spec = WindowPads.apply(b, pads);
        weights.put("depthwise_kernel", w.floats().clone());
        weights.put("pointwise_kernel", pw.floats().clone());
        if (pointwiseBias != null) {
          weights.put("bias", pointwiseBias);
        }
        output = pointwise.getOutput(0);
        c.claim(pointwise);
        bias = null;
      } else {
        DepthwiseConv2D.Builder b = DepthwiseConv2D.builder(kernel[0]).kernelSize(kernel[0], kernel[1])
            .depthMultiplier(filters / channels).strides(strides[0], strides[1]).dilationRate(dilations[0], dilations[1])
            .useBias(bias != null);
        c.name(n, b::name);
        spec = WindowPads.apply(b, pads);
        weights.put("kernel", w.floats().clone());
      }
    } else {
      Conv2D.Builder b = Conv2D.builder(filters, kernel[0]).kernelSize(kernel[0], kernel[1]).strides(strides[0], strides[1])
          .dilationRate(dilations[0], dilations[1]).groups((int) group).useBias(bias != null);
      c.name(n, b::name);
      spec = WindowPads.apply(b, pads);
      weights.put("kernel", w.floats().clone());
    }
    if (bias != null) {
      weights.put("bias", bias);
    }
    c.add(n, spec, weights, outputShape(n, c, spec, shape), output);
  }

  /**
   * The 1×1 Conv that Lamina writes after the depthwise Conv of a SeparableConv2D
   * ({@code <layer>/conv}, the only reader of its output, stride 1, no padding, one group); null
   * when the graph has something else there.
   */
  private static @Nullable NodeProto pointwise(NodeProto depthwise, ImportContext c, int middle) {
    NodeProto p = c.onlyReader(depthwise.getOutput(0), "Conv");
    if (p == null || !p.getName().equals(depthwise.getName() + "/conv") || p.getInputCount() < 2
        || !c.graph.canonical(p.getInput(0)).equals(c.graph.canonical(depthwise.getOutput(0)))) {
      return null;
    }
    Constant pw = c.graph.constant(p.getInput(1));
    boolean fits = pw != null && pw.isFloat() && pw.rank() == 4 && pw.dims()[1] == middle && pw.dims()[2] == 1
        && pw.dims()[3] == 1
        && intOr(p, "group", 1) == 1 && Arrays.stream(intsOr(p, "strides", new long[] {1, 1})).allMatch(s -> s == 1)
        && Arrays.stream(intsOr(p, "pads", new long[4])).allMatch(s -> s == 0)
        && Attributes.stringOr(p, "auto_pad", "NOTSET").matches("NOTSET|VALID|");
    return fits ? p : null;
  }

  /** The optional bias B (input 2) of {@code node}: [filters], or null. */
  private static float @Nullable [] bias(NodeProto node, ImportContext c, NodeProto n, int filters) {
    Constant b = c.optionalWeight(node, 2, "B (the bias)");
    if (b == null) {
      return null;
    }
    if (b.size() != filters || b.rank() != 1) {
      throw c.error(n, "bias B " + b + " must have shape [" + filters + "] (one value per filter)");
    }
    return b.floats().clone();
  }

  /** An INTS attribute of one positive value per spatial axis, 1s by default. */
  static int[] positive(NodeProto n, ImportContext c, String name, int axes) {
    long[] ones = new long[axes];
    Arrays.fill(ones, 1);
    long[] v = intsOr(n, name, ones);
    if (v.length != axes || Arrays.stream(v).anyMatch(x -> x < 1 || x > Integer.MAX_VALUE / 4)) {
      throw c.error(n, name + " " + Arrays.toString(v) + " must hold one positive value per spatial axis (" + axes + ")");
    }
    return Arrays.stream(v).mapToInt(x -> (int) x).toArray();
  }

  /** The per-sample output shape of the layer {@code spec} on inputs of {@code shape}, from the layer itself. */
  static int[] outputShape(NodeProto n, ImportContext c, LayerSpec spec, int[] shape) {
    return c.checked(n, () -> spec.create().apply(Input.of(shape)).shape());
  }
}

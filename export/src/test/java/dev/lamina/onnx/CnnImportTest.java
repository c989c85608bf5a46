// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.ImportVariantsTest.assertMatchesRuntime;
import static dev.lamina.onnx.ImportVariantsTest.types;
import static dev.lamina.onnx.ModelMaker.f;
import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Padding;
import dev.lamina.layers.Permute;
import dev.lamina.layers.Reshape;
import dev.lamina.layers.UpSampling2D;
import dev.lamina.layers.ZeroPadding2D;
import dev.lamina.model.Model;
import dev.lamina.onnx.proto.Onnx.AttributeProto;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Import of CNN graphs as other exporters write them: each variant imports into the expected layers
 * and matches ONNX Runtime on the same file within 1e-5; what Lamina cannot import fails naming the
 * op, the node and what is supported.
 */
class CnnImportTest {

  static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  static AttributeProto str(String name, String v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v)).build();
  }

  static AttributeProto floats(String name, float... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    for (float x : v) {
      a.addFloats(x);
    }
    return a.build();
  }

  /**
   * Squeeze-and-excitation as torchvision writes it at each opset: ReduceMean over H, W (axes as an
   * attribute before 18, an input from 18) or GlobalAveragePool, 1×1 convs, HardSigmoid, then
   * Mul(x, gate) broadcasting [N, C, 1, 1] over [N, C, H, W] (either operand first), and a
   * ReduceMean without keepdims as the head's pooling.
   */
  @ParameterizedTest
  @ValueSource(ints = {11, 13, 17, 18, 21})
  void squeezeAndExcitationImportsWithABroadcastingMultiply(int opset) {
    ModelMaker m = new ModelMaker(opset).input("x", "N", 4, 5, 5).output("y", "N", 3)
        .init("W1", random(2 * 4, 1), 2, 4, 1, 1).init("B1", random(2, 2), 2)
        .init("W2", random(4 * 2, 3), 4, 2, 1, 1).init("B2", random(4, 4), 4)
        .init("Wd", random(3 * 4, 5), 3, 4).init("Bd", random(3, 6), 3);
    if (opset < 18) {
      m.node("ReduceMean", "squeeze", List.of("x"), List.of("s"), ints("axes", 2, 3), i("keepdims", 1));
    } else if (opset == 18) {
      m.initLongs("hw", new long[] {-2, -1}, 2).node("ReduceMean", "squeeze", List.of("x", "hw"), List.of("s"));
    } else {
      m.node("GlobalAveragePool", "squeeze", "x", "s");
    }
    m.node("Conv", "fc1", List.of("s", "W1", "B1"), List.of("a"))
        .node("Relu", "relu", "a", "b")
        .node("Conv", "fc2", List.of("b", "W2", "B2"), List.of("c"))
        .node("HardSigmoid", "gate", List.of("c"), List.of("g"), f("alpha", 1 / 6f), f("beta", 0.5f))
        .node("Mul", "excite", opset % 2 == 0 ? List.of("g", "x") : List.of("x", "g"), List.of("e"));
    if (opset < 18) {
      m.node("ReduceMean", "pool", List.of("e"), List.of("p"), ints("axes", -1, -2), i("keepdims", 0));
    } else {
      m.initLongs("axes", new long[] {2, 3}, 2).node("ReduceMean", "pool", List.of("e", "axes"), List.of("p"),
          i("keepdims", 0));
    }
    m.node("Gemm", "fc", List.of("p", "Wd", "Bd"), List.of("y"), i("transB", 1));
    Model model = assertMatchesRuntime("squeeze-and-excitation opset " + opset, m.bytes()).model();
    assertEquals(List.of("GlobalAveragePooling2D", "Conv2D", "Activation", "Conv2D", "Activation", "Multiply",
        "GlobalAveragePooling2D", "Dense"), types(model));
    assertTrue(((GlobalAveragePooling2D) model.layers().get(0)).keepdims());
    assertFalse(((GlobalAveragePooling2D) model.layers().get(6)).keepdims());
  }

  @Test
  void aReduceMeanOverOtherAxesIsRefusedSayingWhatLaminaImports() {
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(new ModelMaker(13)
        .input("x", "N", 4, 5, 5).output("y").node("ReduceMean", "rm", List.of("x"), List.of("y"), ints("axes", 1))
        .bytes()));
    assertEquals("ONNX import: node 'rm' (ReduceMean, opset 13): axes [1] of a rank-4 input; Lamina imports ReduceMean "
        + "over the height and width (axes [2, 3]) of [batch, channels, height, width] as GlobalAveragePooling2D",
        e.getMessage());
  }

  /**
   * A model exported with batch 1 and a fixed image size (as squeezenet in the reference set): the
   * batch is relaxed, with a note; the spatial size stays, and data of another size is refused,
   * naming the input and both shapes.
   */
  @Test
  void aFixedBatchIsRelaxedAndAFixedImageSizeIsKeptAndChecked() {
    ModelMaker m = new ModelMaker(13).input("image", 1, 3, 8, 8).output("y", 1, 4, 8, 8)
        .init("W", random(4 * 27, 1), 4, 3, 3, 3)
        .node("Conv", "conv", List.of("image", "W"), List.of("y"), ints("pads", 1, 1, 1, 1));
    OnnxImport imported = assertMatchesRuntime("fixed batch 1, 8×8 images", m.bytes());
    assertTrue(imported.notes().contains("the graph input 'image' has a fixed batch size 1; Lamina accepts any batch size"),
        imported.notes().toString());
    Model model = imported.model();
    assertArrayEquals(new int[] {3, 8, 8}, model.inputs().get(0).shape());
    assertEquals(5, model.predict(dev.lamina.tensor.Tensor.of(random(5 * 192, 2), 5, 3, 8, 8)).samples());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(dev.lamina.tensor.Tensor.of(random(2 * 3 * 36, 3), 2, 3, 6, 6)));
    assertTrue(e.getMessage().contains("3, 8, 8]") && e.getMessage().contains("[2, 3, 6, 6]"), e.getMessage());
    assertTrue(imported.notes().stream().anyMatch(n -> n.startsWith("the graph input 'image' takes samples of the fixed "
        + "shape [3, 8, 8]")), imported.notes().toString());
  }

  /** x [N, 3, 7, 8] → Conv(8 filters, 3×3, stride 2, the given padding attributes, bias or not). */
  static ModelMaker conv(int opset, boolean bias, AttributeProto... padding) {
    ModelMaker m = new ModelMaker(opset).input("x", "N", 3, 7, 8).output("y").init("W", random(8 * 27, 1), 8, 3, 3, 3);
    List<AttributeProto> a = new java.util.ArrayList<>(List.of(ints("kernel_shape", 3, 3), ints("strides", 2, 2)));
    a.addAll(List.of(padding));
    if (bias) {
      m.init("B", random(8, 2), 8);
    }
    return m.node("Conv", "conv", bias ? List.of("x", "W", "B") : List.of("x", "W"), List.of("y"),
        a.toArray(AttributeProto[]::new));
  }

  @Test
  void convAutoPadVariantsAndOptionalBias() {
    Model same = assertMatchesRuntime("Conv SAME_UPPER", conv(13, true, str("auto_pad", "SAME_UPPER")).bytes()).model();
    assertEquals(Padding.SAME, ((Conv2D) same.get("conv")).padding(), "SAME_UPPER is Keras' same");
    Model lower = assertMatchesRuntime("Conv SAME_LOWER", conv(13, true, str("auto_pad", "SAME_LOWER")).bytes()).model();
    assertArrayEquals(new int[] {1, 1, 1, 0}, ((Conv2D) lower.get("conv")).pads(), "the odd cell first (left)");
    Model valid = assertMatchesRuntime("Conv VALID no bias", conv(11, false, str("auto_pad", "VALID")).bytes()).model();
    assertEquals(null, ((Conv2D) valid.get("conv")).bias());
    Model explicit = assertMatchesRuntime("Conv NOTSET pads per side",
        conv(17, true, str("auto_pad", "NOTSET"), ints("pads", 1, 0, 2, 1)).bytes()).model();
    assertArrayEquals(new int[] {1, 2, 0, 1}, ((Conv2D) explicit.get("conv")).pads(), "[top, bottom, left, right]");
    assertMatchesRuntime("Conv default pads, opset 7", conv(7, true).bytes());
  }

  @Test
  void groupsDepthwiseDilationAndOneDimensionalConv() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 4, 9, 9).output("y")
        .init("Wd", random(8 * 9, 3), 8, 1, 3, 3).init("Bd", random(8, 4), 8)
        .init("Wg", random(6 * 4 * 4, 5), 6, 4, 2, 2)
        .node("Conv", "depthwise", List.of("x", "Wd", "Bd"), List.of("a"), i("group", 4), ints("pads", 1, 1, 1, 1),
            ints("dilations", 2, 2))
        .node("Relu", "relu", "a", "b")
        .node("Conv", "grouped", List.of("b", "Wg"), List.of("y"), i("group", 2), ints("strides", 2, 1));
    Model model = assertMatchesRuntime("depthwise ×2 dilated, grouped", m.bytes()).model();
    assertEquals(List.of("DepthwiseConv2D", "Activation", "Conv2D"), types(model));
    assertEquals(2, ((DepthwiseConv2D) model.get("depthwise")).depthMultiplier());
    assertEquals(2, ((Conv2D) model.get("grouped")).groups());
    ModelMaker one = new ModelMaker(17).input("x", "N", 3, 10).output("y").init("W", random(5 * 3 * 3, 6), 5, 3, 3)
        .node("Conv", "conv1d", List.of("x", "W"), List.of("y"), ints("pads", 2, 0), ints("dilations", 2));
    assertEquals(List.of("Conv1D"), types(assertMatchesRuntime("Conv 1-D causal pads", one.bytes()).model()));
  }

  @Test
  void poolingAttributesByOpset() {
    ModelMaker m7 = new ModelMaker(7).input("x", "N", 2, 7, 8).output("y")
        .node("MaxPool", "max", "x", "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
        .node("AveragePool", "avg", "a", "y", ints("kernel_shape", 2, 2), ints("pads", 1, 0, 1, 1),
            i("count_include_pad", 1));
    Model model = assertMatchesRuntime("MaxPool-1, AveragePool-7 include pad (opset 7)", m7.bytes()).model();
    assertTrue(((AveragePooling2D) model.get("avg")).countIncludePad());
    ModelMaker m10 = new ModelMaker(10).input("x", "N", 2, 7, 8).output("y")
        .node("MaxPool", "max", "x", "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2), i("ceil_mode", 1))
        .node("AveragePool", "avg", "a", "y", ints("kernel_shape", 2, 2), ints("strides", 2, 2), i("ceil_mode", 1),
            ints("pads", 0, 1, 0, 1));
    model = assertMatchesRuntime("MaxPool, AveragePool ceil_mode (opset 10)", m10.bytes()).model();
    assertTrue(((MaxPooling2D) model.get("max")).ceilMode());
    assertFalse(((AveragePooling2D) model.get("avg")).countIncludePad(), "count_include_pad defaults to 0");
    ModelMaker m19 = new ModelMaker(19).input("x", "N", 3, 9, 6).output("y")
        .node("MaxPool", "max", "x", "a", ints("kernel_shape", 2, 3), ints("dilations", 1, 1), str("auto_pad", "SAME_UPPER"))
        .node("AveragePool", "avg", "a", "y", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("dilations", 1, 1),
            str("auto_pad", "SAME_LOWER"));
    assertMatchesRuntime("pools with auto_pad (opset 19)", m19.bytes());
  }

  @Test
  void globalAveragePoolFlattenGemmAsTorchWritesIt() {
    ModelMaker m = new ModelMaker(17).input("x", "N", 5, 4, 3).output("y").init("W", random(10, 7), 2, 5)
        .init("B", random(2, 8), 2)
        .node("GlobalAveragePool", "gap", "x", "a").node("Flatten", "flatten", "a", "b", i("axis", 1))
        .node("Gemm", "head", List.of("b", "W", "B"), List.of("y"), i("transB", 1));
    Model model = assertMatchesRuntime("GlobalAveragePool → Flatten → Gemm", m.bytes()).model();
    assertEquals(List.of("GlobalAveragePooling2D", "Flatten", "Dense"), types(model));
    assertTrue(((GlobalAveragePooling2D) model.get("gap")).keepdims());
    ModelMaker max = new ModelMaker(13).input("x", "N", 5, 4, 3).output("y").node("GlobalMaxPool", "gmp", "x", "y");
    assertEquals(List.of("GlobalMaxPooling2D"), types(assertMatchesRuntime("GlobalMaxPool", max.bytes()).model()));
  }

  @Test
  void padFoldsIntoConvAndCountingAveragePoolOtherwiseZeroPadding() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 3, 6, 7).output("y").initLongs("p1", new long[] {0, 0, 1, 2, 0, 0, 0, 1}, 8)
        .initLongs("p2", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8).initLongs("p0", new long[8], 8)
        .initLongs("p3", new long[] {0, 0, 0, 1, 0, 0, 2, 0}, 8)
        .init("W", random(4 * 27, 9), 4, 3, 3, 3)
        .node("Pad", "pad1", List.of("x", "p1"), List.of("a"), str("mode", "constant"))
        .node("Conv", "conv", List.of("a", "W"), List.of("b"), ints("pads", 1, 0, 0, 1))
        .node("Pad", "pad0", List.of("b", "p0"), List.of("c"))
        .node("Pad", "pad2", List.of("c", "p2"), List.of("d"))
        .node("AveragePool", "avg", "d", "e", ints("kernel_shape", 3, 3), ints("strides", 2, 2))
        .node("Pad", "pad3", List.of("e", "p3"), List.of("f"))
        .node("Relu", "relu", "f", "g")
        .node("MaxPool", "max", "g", "y", ints("kernel_shape", 2, 2));
    OnnxImport imported = assertMatchesRuntime("Pad folded or kept", m.bytes());
    assertEquals(List.of("Conv2D", "AveragePooling2D", "ZeroPadding2D", "Activation", "MaxPooling2D"),
        types(imported.model()));
    assertArrayEquals(new int[] {2, 0, 2, 2}, ((Conv2D) imported.model().get("conv")).pads());
    AveragePooling2D avg = (AveragePooling2D) imported.model().get("avg");
    assertTrue(avg.countIncludePad());
    assertArrayEquals(new int[] {1, 1, 1, 1}, avg.pads());
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("pad0") && n.contains("no cells")));
    ModelMaker old = new ModelMaker(9).input("x", "N", 2, 4, 5).output("y")
        .node("Pad", "pad", "x", "y", ints("pads", 0, 0, 1, 0, 0, 0, 2, 3), f("value", 0f));
    Model padding = assertMatchesRuntime("Pad-2 attributes (opset 9)", old.bytes()).model();
    ZeroPadding2D z = (ZeroPadding2D) padding.get("pad");
    assertArrayEquals(new int[] {1, 2, 0, 3}, new int[] {z.top(), z.bottom(), z.left(), z.right()});
    ModelMaker minus = new ModelMaker(13).input("x", "N", 2, 5, 5).output("y")
        .initLongs("p", new long[] {0, 0, 1, 0, 0, 0, 1, 1}, 8).init("v", new float[] {Float.NEGATIVE_INFINITY})
        .node("Pad", "pad", List.of("x", "p", "v"), List.of("a"))
        .node("MaxPool", "max", "a", "y", ints("kernel_shape", 3, 3), ints("strides", 2, 2));
    OnnxImport folded = assertMatchesRuntime("Pad of −∞ folded into MaxPool", minus.bytes());
    assertEquals(List.of("MaxPooling2D"), types(folded.model()));
    assertArrayEquals(new int[] {1, 1, 0, 1}, ((MaxPooling2D) folded.model().get("max")).pads());
    ModelMaker axes = new ModelMaker(18).input("x", "N", 2, 4, 5).output("y").initLongs("p", new long[] {1, 2, 0, 3}, 4)
        .initLongs("axes", new long[] {2, -1}, 2).node("Pad", "pad", List.of("x", "p", "", "axes"), List.of("y"));
    assertEquals(List.of("ZeroPadding2D"), types(assertMatchesRuntime("Pad-18 with axes", axes.bytes()).model()));
  }

  @Test
  void resizeAndUpsampleNearestByIntegerFactors() {
    ModelMaker m13 = new ModelMaker(13).input("x", "N", 2, 3, 4).output("y").init("s", new float[] {1, 1, 2, 3}, 4)
        .node("Resize", "up", List.of("x", "", "s"), List.of("y"), str("mode", "nearest"),
            str("coordinate_transformation_mode", "asymmetric"), str("nearest_mode", "floor"));
    Model model = assertMatchesRuntime("Resize-13 asymmetric floor", m13.bytes()).model();
    UpSampling2D up = (UpSampling2D) model.get("up");
    assertArrayEquals(new int[] {2, 3}, new int[] {up.sizeHeight(), up.sizeWidth()});
    ModelMaker m11 = new ModelMaker(11).input("x", "N", 2, 3, 4).output("y").init("roi", new float[0], 0)
        .init("s", new float[] {1, 1, 3, 3}, 4)
        .node("Resize", "up", List.of("x", "roi", "s"), List.of("y"), str("mode", "nearest"));
    assertEquals(List.of("UpSampling2D"), types(assertMatchesRuntime("Resize-11 defaults half_pixel round_prefer_floor",
        m11.bytes()).model()));
    ModelMaker sizes = new ModelMaker(11).input("x", 5, 2, 3, 4).output("y").init("roi", new float[0], 0)
        .init("s", new float[0], 0).initLongs("z", new long[] {5, 2, 9, 12}, 4)
        .node("Resize", "up", List.of("x", "roi", "s", "z"), List.of("y"), str("mode", "nearest"),
            str("coordinate_transformation_mode", "pytorch_half_pixel"), str("nearest_mode", "round_prefer_ceil"));
    assertEquals(List.of("UpSampling2D"), types(assertMatchesRuntime("Resize-11 sizes, batch 5", sizes.bytes()).model()));
    ModelMaker axes = new ModelMaker(18).input("x", "N", 2, 3, 4).output("y").initLongs("z", new long[] {6, 8}, 2)
        .node("Resize", "up", List.of("x", "", "", "z"), List.of("y"), str("mode", "nearest"), ints("axes", 2, 3),
            str("coordinate_transformation_mode", "tf_half_pixel_for_nn"), str("nearest_mode", "floor"));
    assertEquals(List.of("UpSampling2D"), types(assertMatchesRuntime("Resize-18 sizes of axes 2, 3", axes.bytes())
        .model()));
    ModelMaker m10 = new ModelMaker(10).input("x", "N", 2, 3, 4).output("y").init("s", new float[] {1, 1, 3, 2}, 4)
        .node("Resize", "up", List.of("x", "s"), List.of("y"), str("mode", "nearest"));
    assertMatchesRuntime("Resize-10", m10.bytes());
    ModelMaker u9 = new ModelMaker(9).input("x", "N", 2, 3, 4).output("y").init("s", new float[] {1, 1, 2, 2}, 4)
        .node("Upsample", "up", List.of("x", "s"), List.of("y"));
    assertMatchesRuntime("Upsample-9", u9.bytes());
    ModelMaker u7 = new ModelMaker(7).input("x", "N", 2, 3, 4).output("y")
        .node("Upsample", "up", "x", "y", floats("scales", 1, 1, 3, 1));
    assertMatchesRuntime("Upsample-7", u7.bytes());
    ModelMaker wrong = new ModelMaker(13).input("x", "N", 2, 3, 4).output("y").init("s", new float[] {1, 1, 3, 3}, 4)
        .node("Resize", "up", List.of("x", "", "s"), List.of("y"), str("mode", "nearest"),
            str("coordinate_transformation_mode", "asymmetric"));
    String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(wrong.bytes())).getMessage();
    assertTrue(message.contains("node 'up' (Resize, opset 13)") && message.contains("round_prefer_floor")
        && message.contains("UpSampling2D"), message);
    ModelMaker linear = new ModelMaker(13).input("x", "N", 2, 3, 4).output("y").init("s", new float[] {1, 1, 2, 2}, 4)
        .node("Resize", "up", List.of("x", "", "s"), List.of("y"), str("mode", "linear"));
    message = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(linear.bytes())).getMessage();
    assertTrue(message.contains("mode 'linear'") && message.contains("UpSampling2D"), message);
  }

  @Test
  void transposeKeepingTheBatchIsPermuteAndReshapeKeepsTheBatch() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 6, 5, 3).output("y").initLongs("t", new long[] {0, 3, -1, 2}, 4)
        .initLongs("flat", new long[] {0, -1}, 2).init("W", random(3 * 3 * 2, 4), 2, 3, 1, 3)
        .node("Transpose", "to_nchw", "x", "a", ints("perm", 0, 3, 1, 2))
        .node("Conv", "conv", List.of("a", "W"), List.of("b"))
        .node("Reshape", "reshape", List.of("b", "t"), List.of("c"))
        .node("Reshape", "flatten", List.of("c", "flat"), List.of("y"));
    Model model = assertMatchesRuntime("Transpose, Conv, Reshape", m.bytes()).model();
    assertEquals(List.of("Permute", "Conv2D", "Reshape", "Flatten"), types(model));
    assertArrayEquals(new int[] {3, 1, 2}, ((Permute) model.get("to_nchw")).dims());
    assertArrayEquals(new int[] {3, -1, 2}, ((Reshape) model.get("reshape")).targetShape());
    ModelMaker batch = new ModelMaker(13).input("x", "N", 6, 5, 3).output("y")
        .node("Transpose", "swap", "x", "y", ints("perm", 1, 0, 2, 3));
    String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(batch.bytes())).getMessage();
    assertTrue(message.contains("node 'swap' (Transpose, opset 13)") && message.contains("Permute"), message);
  }

  @Test
  void batchNormalizationOnImagesReadsItsEpsilon() {
    ModelMaker m = new ModelMaker(15).input("x", "N", 3, 4, 5).output("y").init("g", random(3, 1), 3)
        .init("b", random(3, 2), 3).init("mean", random(3, 3), 3).init("var", new float[] {0.5f, 1.5f, 2f}, 3)
        .node("BatchNormalization", "bn", List.of("x", "g", "b", "mean", "var"), List.of("y"), f("epsilon", 1e-3f),
            f("momentum", 0.9f), i("training_mode", 0));
    Model model = assertMatchesRuntime("BatchNormalization NCHW epsilon 1e-3", m.bytes()).model();
    assertEquals(0.0010000000474974513, ((BatchNormalization) model.get("bn")).epsilon(), 0.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv3d", "maxpool dilated", "reflect pad", "pad batch", "pooled 1-D"})
  void unsupportedCasesNameTheOpTheNodeAndWhatIsSupported(String which) {
    ModelMaker m = switch (which) {
      case "conv3d" -> new ModelMaker(13).input("x", "N", 1, 3, 3, 3).output("y").init("W", random(8, 1), 1, 1, 2, 2, 2)
          .node("Conv", "c", List.of("x", "W"), List.of("y"));
      case "maxpool dilated" -> new ModelMaker(13).input("x", "N", 1, 6, 6).output("y")
          .node("MaxPool", "c", "x", "y", ints("kernel_shape", 2, 2), ints("dilations", 2, 2));
      case "reflect pad" -> new ModelMaker(13).input("x", "N", 1, 6, 6).output("y")
          .initLongs("p", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8)
          .node("Pad", "c", List.of("x", "p"), List.of("y"), str("mode", "reflect"));
      case "pad batch" -> new ModelMaker(13).input("x", "N", 1, 6, 6).output("y")
          .initLongs("p", new long[] {1, 0, 1, 1, 0, 0, 1, 1}, 8).node("Pad", "c", List.of("x", "p"), List.of("y"));
      default -> new ModelMaker(13).input("x", "N", 2, 6).output("y")
          .node("MaxPool", "c", "x", "y", ints("kernel_shape", 2));
    };
    String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(m.bytes())).getMessage();
    System.out.println("[onnx-import] refused " + which + ": " + message);
    String op = m.graph.getNode(m.graph.getNodeCount() - 1).getOpType();
    assertTrue(message.contains("node 'c' (" + op + ", opset 13)") && message.contains("Lamina"), message);
  }
}

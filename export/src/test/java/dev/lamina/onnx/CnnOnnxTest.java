// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.activations.Activations.TANH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Layers;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Padding;
import dev.lamina.layers.SeparableConv2D;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Export of the image layers: every layer of images or sequences in odd settings (padding that
 * does not divide evenly, ceil mode, groups, dilation, 1 and 33 channels), a small CNN and a
 * residual block; each passes the ONNX checker and matches ONNX Runtime within 1e-5 at every opset
 * 13–21, and imports back into the same layer kinds with identical predictions.
 */
class CnnOnnxTest {

  /** One layer on an input of the given per-sample shape, random weights. */
  static Supplier<Model> layer(int[] shape, Supplier<LayerSpec> spec) {
    return () -> TestModels.randomized(Sequential.of(21, Input.of(shape), spec.get()), 23);
  }

  static int[] s(int... shape) {
    return shape;
  }

  /** Every case: a name and the model. */
  static Map<String, Supplier<Model>> cases() {
    Map<String, Supplier<Model>> m = new LinkedHashMap<>();
    m.put("Conv2D 3→5 k3 s2 pads (1,2,0,1) on 7×9", layer(s(3, 7, 9), () -> Layers.conv2d(5, 3).strides(2)
        .padding(1, 2, 0, 1)));
    m.put("Conv2D same s2 odd total relu on 8×7", layer(s(2, 8, 7), () -> Layers.conv2d(4, 3).strides(2)
        .padding(Padding.SAME).activation(RELU)));
    m.put("Conv2D k(3,2) dilation (2,1) no bias", layer(s(3, 9, 8), () -> Conv2D.builder(6, 3).kernelSize(3, 2)
        .dilationRate(2, 1).useBias(false)));
    m.put("Conv2D 6→9 groups 3 same tanh", layer(s(6, 6, 5), () -> Layers.conv2d(9, 3).groups(3).padding(Padding.SAME)
        .activation(TANH)));
    m.put("Conv2D 1 channel k5 s3 valid", layer(s(1, 11, 10), () -> Layers.conv2d(2, 5).strides(3)));
    m.put("Conv2D 33→33 k1", layer(s(33, 5, 4), () -> Layers.conv2d(33, 1)));
    m.put("Conv2D 33→2 k3 s(2,1) same", layer(s(33, 7, 6), () -> Layers.conv2d(2, 3).strides(2, 1)
        .padding(Padding.SAME)));
    m.put("Conv2D s2 d2 same", layer(s(2, 9, 10), () -> Layers.conv2d(3, 3).strides(2).dilationRate(2)
        .padding(Padding.SAME)));
    m.put("Conv1D k3 s2 d2 pads (2,1)", layer(s(4, 11), () -> Layers.conv1d(5, 3).strides(2).dilationRate(2)
        .padding(2, 1)));
    m.put("Conv1D causal d2 tanh", layer(s(3, 9), () -> Layers.conv1d(2, 3).dilationRate(2).padding(Padding.CAUSAL)
        .activation(TANH)));
    m.put("Conv1D same s2 groups 2 no bias", layer(s(4, 10), () -> Layers.conv1d(6, 4).strides(2).groups(2)
        .padding(Padding.SAME).useBias(false)));
    m.put("DepthwiseConv2D ×2 k3 s2 same", layer(s(3, 9, 8), () -> Layers.depthwiseConv2d(3).depthMultiplier(2)
        .strides(2).padding(Padding.SAME)));
    m.put("DepthwiseConv2D 33 channels d2 pads (1,0,2,1) relu", layer(s(33, 8, 7), () -> Layers.depthwiseConv2d(3)
        .dilationRate(2).padding(1, 0, 2, 1).activation(RELU)));
    m.put("DepthwiseConv2D 1 channel ×3 no bias", layer(s(1, 6, 6), () -> Layers.depthwiseConv2d(2).depthMultiplier(3)
        .useBias(false)));
    m.put("SeparableConv2D 7 filters ×2 same relu", layer(s(3, 8, 8), () -> Layers.separableConv2d(7, 3)
        .depthMultiplier(2).padding(Padding.SAME).activation(RELU)));
    m.put("SeparableConv2D no bias s2 valid", layer(s(4, 9, 9), () -> Layers.separableConv2d(5, 3).strides(2)
        .useBias(false)));
    m.put("MaxPooling2D 3 s2 pad 1 ceil on 8×8", layer(s(3, 8, 8), () -> Layers.maxPooling2d(3).strides(2)
        .padding(Padding.of(1, 1)).ceilMode(true)));
    m.put("MaxPooling2D 3 s2 pad 1 ceil on 7×7", layer(s(2, 7, 7), () -> Layers.maxPooling2d(3).strides(2)
        .padding(Padding.of(1, 1)).ceilMode(true)));
    m.put("MaxPooling2D 2 s2 pad 1 ceil on 5×6: a last window in the padding dropped", layer(s(2, 5, 6),
        () -> Layers.maxPooling2d(2).padding(Padding.of(1, 1)).ceilMode(true)));
    m.put("AveragePooling2D 2 s2 pad 1 ceil include on 5×6: a last window in the padding dropped", layer(s(2, 5, 6),
        () -> Layers.averagePooling2d(2).padding(Padding.of(1, 1)).ceilMode(true).countIncludePad(true)));
    m.put("AveragePooling2D 2 s2 pad 1 ceil exclude on 5×6: a last window in the padding dropped", layer(s(2, 5, 6),
        () -> Layers.averagePooling2d(2).padding(Padding.of(1, 1)).ceilMode(true)));
    m.put("MaxPooling2D 2 ceil on 7×9", layer(s(2, 7, 9), () -> Layers.maxPooling2d(2).ceilMode(true)));
    m.put("MaxPooling2D 2 same on 7×9", layer(s(2, 7, 9), () -> Layers.maxPooling2d(2).padding(Padding.SAME)));
    m.put("MaxPooling2D (3,2) s(2,1) pads (0,1,1,0)", layer(s(1, 6, 5), () -> Layers.maxPooling2d(3, 2).strides(2, 1)
        .padding(Padding.of(0, 1, 1, 0))));
    m.put("AveragePooling2D 3 s2 pad 1 include", layer(s(2, 8, 8), () -> Layers.averagePooling2d(3).strides(2)
        .padding(Padding.of(1, 1)).countIncludePad(true)));
    m.put("AveragePooling2D 3 s2 pad 1 exclude", layer(s(2, 8, 8), () -> Layers.averagePooling2d(3).strides(2)
        .padding(Padding.of(1, 1))));
    m.put("AveragePooling2D 3 s2 pad 1 ceil include on 8×8", layer(s(2, 8, 8), () -> Layers.averagePooling2d(3)
        .strides(2).padding(Padding.of(1, 1)).ceilMode(true).countIncludePad(true)));
    m.put("AveragePooling2D 3 s2 pad 1 ceil exclude on 7×8", layer(s(2, 7, 8), () -> Layers.averagePooling2d(3)
        .strides(2).padding(Padding.of(1, 1)).ceilMode(true)));
    m.put("AveragePooling2D 2 ceil include on 7×7", layer(s(3, 7, 7), () -> Layers.averagePooling2d(2).ceilMode(true)
        .countIncludePad(true)));
    m.put("AveragePooling2D 3 same on 7×9", layer(s(2, 7, 9), () -> Layers.averagePooling2d(3).strides(2)
        .padding(Padding.SAME)));
    m.put("GlobalAveragePooling2D keepdims", layer(s(33, 5, 3), () -> Layers.globalAveragePooling2d().keepdims(true)));
    m.put("GlobalAveragePooling2D", layer(s(33, 5, 3), () -> Layers.globalAveragePooling2d()));
    m.put("GlobalMaxPooling2D keepdims", layer(s(1, 4, 7), () -> Layers.globalMaxPooling2d().keepdims(true)));
    m.put("GlobalMaxPooling2D", layer(s(3, 4, 7), () -> Layers.globalMaxPooling2d()));
    m.put("ZeroPadding2D (1,2,0,3)", layer(s(2, 4, 5), () -> Layers.zeroPadding2d(1, 2, 0, 3)));
    m.put("UpSampling2D (2,3)", layer(s(2, 3, 4), () -> Layers.upSampling2d(2, 3)));
    m.put("UpSampling2D (1,2)", layer(s(1, 2, 5), () -> Layers.upSampling2d(1, 2)));
    m.put("Reshape [2,3,4] → [-1, 4]", layer(s(2, 3, 4), () -> Layers.reshape(-1, 4)));
    m.put("Reshape [2,3,4] → [4, 3, 2]", layer(s(2, 3, 4), () -> Layers.reshape(4, 3, 2)));
    m.put("Reshape [2,3,4] → [24]", layer(s(2, 3, 4), () -> Layers.reshape(24)));
    m.put("Permute (2,3,1)", layer(s(2, 3, 4), () -> Layers.permute(2, 3, 1)));
    m.put("Permute (3,1,2)", layer(s(5, 3, 4), () -> Layers.permute(3, 1, 2)));
    m.put("SpatialDropout2D", layer(s(3, 4, 4), () -> Layers.spatialDropout2d(0.3)));
    m.put("BatchNormalization [3,5,4]", layer(s(3, 5, 4), () -> new BatchNormalization.Spec().epsilon(1e-3)));
    m.put("BatchNormalization no γ β [33,3,3]", layer(s(33, 3, 3), () -> new BatchNormalization.Spec().center(false)
        .scale(false)));
    m.put("BatchNormalization [4,7]", layer(s(4, 7), () -> new BatchNormalization.Spec().epsilon(1e-5)));
    m.put("Conv2D applied twice (shared weights)", () -> {
      Input x = Input.of(3, 6, 5);
      Layer conv = Layers.conv2d(3, 3).padding(Padding.SAME).activation(TANH).create();
      return TestModels.randomized(Model.of(3, x, conv.apply(conv.apply(x))), 4);
    });
    m.put("small CNN", CnnOnnxTest::smallCnn);
    m.put("residual block", CnnOnnxTest::residualBlock);
    return m;
  }

  /** conv → BN → relu → max pool → conv(relu) → global average pool → dense(softmax). */
  static Model smallCnn() {
    return TestModels.randomized(Sequential.of(5, Input.of(1, 13, 12), Layers.conv2d(8, 3).padding(Padding.SAME),
        new BatchNormalization.Spec(), Layers.activation(RELU), Layers.maxPooling2d(2), Layers.conv2d(16, 3, RELU),
        Layers.globalAveragePooling2d(), Layers.dense(10, SOFTMAX)), 6);
  }

  /** stem conv(relu) → [conv → BN → relu → conv → BN] + stem → relu → flatten → dense. */
  static Model residualBlock() {
    Input x = Input.of(3, 8, 7);
    SymbolicTensor stem = Layers.conv2d(6, 3, RELU).padding(Padding.SAME).apply(x);
    SymbolicTensor h = new BatchNormalization.Spec().apply(Layers.conv2d(6, 3).padding(Padding.SAME).apply(stem));
    h = Layers.activation(RELU).apply(h);
    h = new BatchNormalization.Spec().apply(Layers.conv2d(6, 3).padding(1, 1, 1, 1).useBias(false).apply(h));
    SymbolicTensor y = Layers.activation(RELU).apply(Layers.add().apply(h, stem));
    y = Layers.dense(3).apply(Layers.flatten().apply(y));
    return TestModels.randomized(Model.of(7, x, y), 8);
  }

  static Stream<Arguments> all() {
    return cases().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void exportsWithParityAtEveryOpsetAndImportsBack(String name, Supplier<Model> make) {
    Model model = make.get();
    for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
      OnnxExporterTest.assertParity(name + " opset " + opset, model, OnnxExportOptions.defaults().opset(opset));
    }
    assertRoundTrip(name, model, OnnxExporter.toBytes(model));
  }

  /** The import of Lamina's export: the same layer kinds and names, and bit-identical predictions. */
  static Model assertRoundTrip(String what, Model model, byte[] exported) {
    Model back = OnnxImporter.read(exported).model();
    assertEquals(model.layers().stream().map(Layer::type).toList(), back.layers().stream().map(Layer::type).toList(),
        what + ": layer kinds");
    assertEquals(model.layers().stream().map(Layer::name).toList(), back.layers().stream().map(Layer::name).toList(),
        what + ": layer names");
    for (int i = 0; i < model.layers().size(); i++) {
      assertEquals(config(model.layers().get(i)), config(back.layers().get(i)), what + ": configuration");
    }
    Tensor x = gaussian(model.inputs().get(0).shape(), 5, what.hashCode());
    assertArrayEquals(model.predict(x).data(), back.predict(x).data(), 0f, what + ": predictions after a round trip");
    return back;
  }

  /** A layer's configuration: its spec's components when a record, else its type, activation, padding and pads. */
  static String config(Layer l) {
    LayerSpec spec = l.spec();
    StringBuilder b = new StringBuilder(l.type());
    if (spec.getClass().isRecord()) {
      for (java.lang.reflect.RecordComponent c : spec.getClass().getRecordComponents()) {
        try {
          Object v = c.getAccessor().invoke(spec);
          b.append(' ').append(c.getName()).append('=').append(v instanceof int[] a ? java.util.Arrays.toString(a) : v);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    if (l instanceof dev.lamina.layers.Activated a) {
      b.append(" activation=").append(a.activation().name());
    }
    if (l instanceof Conv2D c) {
      b.append(" padding=").append(c.padding()).append(java.util.Arrays.toString(c.pads())).append(" groups=")
          .append(c.groups()).append(" bias=").append(c.useBias());
    } else if (l instanceof Conv1D c) {
      b.append(" padding=").append(c.padding()).append(java.util.Arrays.toString(c.pads())).append(" groups=")
          .append(c.groups()).append(" bias=").append(c.useBias());
    } else if (l instanceof DepthwiseConv2D c) {
      b.append(" padding=").append(c.padding()).append(java.util.Arrays.toString(c.pads())).append(" m=")
          .append(c.depthMultiplier()).append(" bias=").append(c.useBias());
    } else if (l instanceof SeparableConv2D c) {
      b.append(" padding=").append(c.padding()).append(java.util.Arrays.toString(c.pads())).append(" m=")
          .append(c.depthMultiplier()).append(" bias=").append(c.useBias());
    }
    return b.toString();
  }

  static Tensor gaussian(int[] sample, int n, long seed) {
    int f = 1;
    for (int d : sample) {
      f *= d;
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n * f];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble(-2, 2));
    }
    int[] shape = new int[sample.length + 1];
    shape[0] = n;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return Tensor.of(v, shape);
  }

  @Test
  void everyImageLayerClassHasCases() {
    List<String> types = new ArrayList<>();
    cases().values().forEach(m -> m.get().layers().forEach(l -> types.add(l.getClass().getSimpleName())));
    for (Class<?> c : TestModels.imageLayerSpecs().keySet()) {
      assertTrue(types.contains(c.getSimpleName()), c.getSimpleName() + " has no case here");
    }
  }

  @Test
  void writesTheExpectedOps() {
    assertEquals(List.of("Conv", "Conv", "Relu"), ops(layer(s(3, 8, 8), () -> Layers.separableConv2d(7, 3)
        .activation(RELU)).get()));
    ModelProto m = OnnxExporter.toModel(layer(s(2, 8, 7), () -> Layers.conv2d(4, 3).strides(2)
        .padding(Padding.SAME)).get(), OnnxExportOptions.defaults());
    NodeProto conv = m.getGraph().getNode(0);
    assertEquals(List.of(0L, 1L, 1L, 1L), attribute(conv, "pads"), "same on 8×7, stride 2: [top, left, bottom, right]");
    NodeProto depthwise = OnnxExporter.toModel(layer(s(3, 9, 8), () -> Layers.depthwiseConv2d(3).depthMultiplier(2)).get(),
        OnnxExportOptions.defaults()).getGraph().getNode(0);
    assertEquals(List.of(3L), attribute(depthwise, "group"));
    assertEquals(List.of("GlobalAveragePool", "Flatten"), ops(layer(s(3, 4, 4), Layers::globalAveragePooling2d).get()));
    assertEquals(List.of("Resize"), ops(layer(s(3, 4, 4), () -> Layers.upSampling2d(2)).get()));
    NodeProto transpose = OnnxExporter.toModel(layer(s(2, 3, 4), () -> Layers.permute(3, 1, 2)).get(),
        OnnxExportOptions.defaults()).getGraph().getNode(0);
    assertEquals(List.of(0L, 3L, 1L, 2L), attribute(transpose, "perm"));
    ModelProto bn = OnnxExporter.toModel(layer(s(3, 5, 4), BatchNormalization.Spec::new).get(), OnnxExportOptions.defaults());
    bn.getGraph().getInitializerList().forEach(t -> assertEquals(List.of(3L), t.getDimsList(), t.getName()));
  }

  private static List<String> ops(Model model) {
    return OnnxExporter.toModel(model, OnnxExportOptions.defaults()).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).toList();
  }

  private static List<Long> attribute(NodeProto n, String name) {
    return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
        .map(a -> a.getIntsCount() > 0 ? a.getIntsList() : List.of(a.getI())).orElseThrow();
  }

  @Test
  void importedKindsOfTheConvolutions() {
    assertEquals(Conv2D.class, roundTrip(layer(s(3, 5, 5), () -> Layers.conv2d(3, 3).groups(3))).getClass(),
        "groups = channels = filters, made as Conv2D, comes back as Conv2D (Lamina's metadata)");
    assertEquals(DepthwiseConv2D.class, roundTrip(layer(s(1, 5, 5), () -> Layers.depthwiseConv2d(3))).getClass());
    assertEquals(SeparableConv2D.class, roundTrip(layer(s(2, 5, 5), () -> Layers.separableConv2d(3, 3))).getClass());
    assertEquals(Conv1D.class, roundTrip(layer(s(2, 5), () -> Layers.conv1d(3, 3))).getClass());
  }

  private static Layer roundTrip(Supplier<Model> make) {
    Model back = OnnxImporter.read(OnnxExporter.toBytes(make.get())).model();
    return back.layers().get(back.layers().size() - 1);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation ({@link TestModels#activations()}: all of {@link Activations#all()} and the
 * parameterised ones with other parameters) exports at every opset 13–21, fused into a Dense and as
 * an Activation layer, passes the ONNX checker and agrees with ONNX Runtime within 1e-5 on inputs
 * across −8..8 (step 1/32, the kinks ±3, ±2.5, 0, 6 included) and at large |x| (up to ±100); and
 * each new activation is written with the ops its opset calls for.
 */
class ActivationExportTest {
  /** Features per sample of the range models. */
  private static final int FEATURES = 16;

  /** −8..8 in steps of 1/32 (exact in float), then large |x|, padded with zeros to whole samples. */
  static Tensor rangeInputs() {
    List<Float> v = new ArrayList<>();
    for (int k = -256; k <= 256; k++) {
      v.add(k / 32f);
    }
    for (float big : new float[] {9, 10, 12, 15, 17, 20, 25, 30, 40, 50, 80, 100}) {
      v.add(big);
      v.add(-big);
    }
    while (v.size() % FEATURES != 0) {
      v.add(0f);
    }
    float[] data = new float[v.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = v.get(i);
    }
    return Tensor.of(data, data.length / FEATURES, FEATURES);
  }

  /** Dense(16, a) with the identity kernel and zero bias: the fused activation sees the inputs exactly. */
  static Sequential fused(Activation a) {
    Sequential m = Sequential.of(1, Input.of(FEATURES), Layers.dense(FEATURES, a).name("dense"));
    Dense d = (Dense) m.get("dense");
    float[] kernel = d.kernel().value();
    Arrays.fill(kernel, 0f);
    for (int i = 0; i < FEATURES; i++) {
      kernel[i * FEATURES + i] = 1f;
    }
    Arrays.fill(d.bias().value(), 0f);
    return m;
  }

  /** The activation as a layer on the input. */
  static Sequential layer(Activation a) {
    return Sequential.of(1, Input.of(FEATURES), Layers.activation(a));
  }

  static Stream<Arguments> activations() {
    return TestModels.activations().stream().map(a -> Arguments.of(a.toString(), a));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void exportsAtEveryOpsetWithParityAcrossTheRange(String name, Activation a) {
    Tensor x = rangeInputs();
    StringBuilder line = new StringBuilder();
    double worst = 0;
    for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
      OnnxExportOptions options = OnnxExportOptions.defaults().opset(opset);
      double max = 0;
      for (Sequential model : List.of(fused(a), layer(a), TestModels.activation(a))) {
        byte[] bytes = OnnxExporter.toBytes(model, options);
        OnnxChecker.check(bytes);
        OnnxRuntimeCheck.Result r = model.inputs().get(0).shape()[0] == FEATURES
            ? OnnxRuntimeCheck.compare(model, bytes, x) : OnnxRuntimeCheck.compare(model, bytes, 16, opset);
        assertTrue(r.within(OnnxExporterTest.TOLERANCE), name + " opset " + opset + ": max abs diff " + r.maxAbsDiff());
        max = Math.max(max, r.maxAbsDiff());
      }
      worst = Math.max(worst, max);
      line.append(String.format(Locale.ROOT, " %d:%.1e", opset, max));
    }
    System.out.printf(Locale.ROOT, "[onnx-parity] %-40s worst %.2e |%s%n", name, worst, line);
  }

  @Test
  void eachNewActivationIsWrittenWithTheOpsOfItsOpset() {
    assertOps(Activations.RELU6, 13, "Clip");
    assertOps(Activations.relu(2.5), 21, "Clip");
    assertOps(Activations.hardSigmoid(0.2, 0.5), 13, "HardSigmoid");
    assertOps(Activations.HARD_SWISH, 13, "HardSigmoid", "Mul");
    for (int opset = 14; opset <= 21; opset++) {
      assertOps(Activations.HARD_SWISH, opset, "HardSwish");
    }
    assertOps(Activations.SILU, 17, "Sigmoid", "Mul");
    for (int opset = 13; opset <= 19; opset++) {
      assertOps(Activations.GELU, opset, "Div", "Erf", "Add", "Mul", "Mul");
      assertOps(Activations.GELU_TANH, opset, "Mul", "Mul", "Mul", "Add", "Mul", "Tanh", "Add", "Mul", "Mul");
    }
    assertOps(Activations.GELU, 20, "Gelu");
    assertOps(Activations.GELU_TANH, 21, "Gelu");
    assertOps(Activations.SOFTPLUS, 13, "Softplus");
  }

  @Test
  void clipBoundsAreScalarInputsAndHardSigmoidWritesAlphaAndBeta() {
    ModelProto m = OnnxExporter.toModel(layer(Activations.relu(2.5)), OnnxExportOptions.defaults().opset(13));
    NodeProto clip = m.getGraph().getNode(0);
    assertEquals(3, clip.getInputCount());
    assertEquals(List.of(0f, 2.5f), List.of(scalar(m, clip.getInput(1)), scalar(m, clip.getInput(2))));
    NodeProto hs = OnnxExporter.toModel(layer(Activations.HARD_SIGMOID), OnnxExportOptions.defaults()).getGraph().getNode(0);
    assertEquals(List.of("alpha", "beta"), hs.getAttributeList().stream().map(at -> at.getName()).toList());
    assertEquals((float) (1.0 / 6), hs.getAttribute(0).getF());
    assertEquals(0.5f, hs.getAttribute(1).getF());
    NodeProto gelu = OnnxExporter.toModel(layer(Activations.GELU), OnnxExportOptions.defaults().opset(20)).getGraph()
        .getNode(0);
    assertEquals("none", gelu.getAttribute(0).getS().toStringUtf8());
  }

  private static float scalar(ModelProto m, String name) {
    TensorProto t = m.getGraph().getInitializerList().stream().filter(i -> i.getName().equals(name)).findFirst()
        .orElseThrow();
    assertEquals(0, t.getDimsCount(), name + " is a scalar");
    return java.nio.ByteBuffer.wrap(t.getRawData().toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
  }

  /** The activation layer's nodes, and the Dense's after its Gemm, are {@code ops}. */
  private static void assertOps(Activation a, int opset, String... ops) {
    OnnxExportOptions options = OnnxExportOptions.defaults().opset(opset);
    List<String> layer = OnnxExporter.toModel(layer(a), options).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).toList();
    assertEquals(List.of(ops), layer, a + " at opset " + opset);
    List<String> dense = OnnxExporter.toModel(fused(a), options).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).toList();
    assertEquals("Gemm", dense.get(0));
    assertEquals(List.of(ops), dense.subList(1, dense.size()), a + " fused, at opset " + opset);
  }
}

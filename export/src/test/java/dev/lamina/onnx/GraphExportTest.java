// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.activations.Activations.TANH;
import static dev.lamina.dsl.Layers.activation;
import static dev.lamina.dsl.Layers.add;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.concatenate;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.dropout;
import static dev.lamina.dsl.Layers.flatten;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.Frame;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Subtract;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Export of graph models: every merge layer, fan-out, several inputs and outputs, a layer applied
 * twice, user layers; each exported model passes the ONNX checker and matches ONNX Runtime within
 * 1e-5 ({@link OnnxExporterTest#assertParity}).
 */
class GraphExportTest {

  /** x [6] read by three Dense layers (fan-out), {@code inputs} of them merged, then Dense(3). */
  static Model merged(LayerSpec merge, int inputs) {
    Input x = Input.of(6);
    List<SymbolicTensor> branches = new ArrayList<>();
    branches.add(dense(6, TANH).apply(x));
    branches.add(dense(6).apply(x));
    branches.add(dense(6, RELU).apply(x));
    SymbolicTensor m = merge.apply(branches.subList(0, inputs));
    return TestModels.randomized(Model.of(3, x, dense(3).apply(m)), 5);
  }

  static Stream<Arguments> merges() {
    return TestModels.mergeSpecs().entrySet().stream().map(e -> Arguments.of(e.getKey().getSimpleName(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("merges")
  void everyMergeLayerExportsWithParityAtEveryOpset(String name, Supplier<LayerSpec> merge) {
    for (int inputs = 2; inputs <= (merge.get() instanceof Subtract.Spec ? 2 : 3); inputs++) {
      Model model = merged(merge.get(), inputs);
      for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
        OnnxExporterTest.assertParity(name + " of " + inputs + " opset " + opset, model,
            OnnxExportOptions.defaults().opset(opset));
      }
    }
  }

  @Test
  void mergesWriteTheirOnnxOps() {
    assertEquals(List.of("Add"), ops(merged(add(), 2), "Add", "Sum"));
    assertEquals(List.of("Sum"), ops(merged(add(), 3), "Add", "Sum"));
    assertEquals(List.of("Mul", "Mul"), ops(merged(dev.lamina.dsl.Layers.multiply(), 3), "Mul"));
    assertEquals(List.of("Sub"), ops(merged(dev.lamina.dsl.Layers.subtract(), 2), "Sub"));
    assertEquals(List.of("Mean"), ops(merged(dev.lamina.dsl.Layers.average(), 3), "Mean"));
    assertEquals(List.of("Max"), ops(merged(dev.lamina.dsl.Layers.maximum(), 3), "Max"));
    NodeProto concat = OnnxExporter.toModel(merged(concatenate(), 3), OnnxExportOptions.defaults()).getGraph()
        .getNodeList().stream().filter(n -> n.getOpType().equals("Concat")).findFirst().orElseThrow();
    assertEquals(-1, concat.getAttribute(0).getI());
  }

  private static List<String> ops(Model model, String... kinds) {
    return OnnxExporter.toModel(model, OnnxExportOptions.defaults()).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).filter(List.of(kinds)::contains).toList();
  }

  @Test
  void concatenateAlongEachAxisOfRankTwoSamples() {
    for (int axis : new int[] {1, 2, -1, -2}) {
      Input a = Input.named("a", 2, 3);
      Input b = Input.named("b", 2, 3);
      SymbolicTensor joined = concatenate(axis).apply(a, activation(TANH).apply(b));
      Model model = TestModels.randomized(Model.of(1, List.of(a, b), List.of(dense(4).apply(flatten().apply(joined)))), 2);
      OnnxExporterTest.assertParity("Concatenate axis " + axis + " of [2, 3]", model, OnnxExportOptions.defaults());
    }
  }

  /** x → Dense(16, relu) → Dense(16) + the first → BN → ReLU → Dropout → Dense(4, softmax). */
  static Model residualMlp() {
    Input x = Input.of(8);
    SymbolicTensor h = dense(16, RELU).kernelInitializer(Initializers.heNormal()).apply(x);
    SymbolicTensor f = dense(16).apply(h);
    SymbolicTensor r = activation(RELU).apply(batchNormalization().apply(add().apply(h, f)));
    return TestModels.randomized(Model.of(4, x, dense(4, SOFTMAX).apply(dropout(0.2).apply(r))), 9);
  }

  @Test
  void residualMlpWithFanOut() {
    for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
      OnnxExporterTest.assertParity("residual MLP opset " + opset, residualMlp(), OnnxExportOptions.defaults().opset(opset));
    }
    ModelProto m = OnnxExporterTest.assertParity("residual MLP", residualMlp(), OnnxExportOptions.defaults());
    NodeProto add = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Add")).findFirst().orElseThrow();
    assertEquals(List.of("dense", "dense_1"), add.getInputList(), "the Add reads both Dense outputs");
    long readers = m.getGraph().getNodeList().stream().filter(n -> n.getInputList().contains("dense")).count();
    assertEquals(2, readers, "fan-out: the first Dense's output feeds the second Dense and the Add");
    assertEquals("lamina_model", m.getGraph().getName());
  }

  /** Numeric features [5] and an embedded category [3], concatenated, then a softmax head. */
  static Model twoInputs() {
    Input numeric = Input.named("numeric", 5);
    Input category = Input.named("category", 3);
    SymbolicTensor embedded = dense(4, TANH).name("embed").apply(category);
    SymbolicTensor joined = concatenate().apply(numeric, embedded);
    SymbolicTensor out = dense(2, SOFTMAX).name("head").apply(dense(8, RELU).apply(joined));
    return TestModels.randomized(Model.of(6, List.of(numeric, category), List.of(out)), 3);
  }

  /** A shared body with a 3-class softmax head and a 1-unit regression head. */
  static Model twoOutputs() {
    Input x = Input.of(10);
    SymbolicTensor h = dense(16, RELU).name("body").apply(x);
    SymbolicTensor classes = dense(3, SOFTMAX).name("classes").apply(h);
    SymbolicTensor score = dense(1).name("score").apply(h);
    return TestModels.randomized(Model.of(8, List.of(x), List.of(classes, score)), 4);
  }

  @Test
  void twoInputsAreNamedAfterTheModelsInputs() throws Exception {
    Model model = twoInputs();
    for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
      OnnxExporterTest.assertParity("two inputs opset " + opset, model, OnnxExportOptions.defaults().opset(opset));
    }
    ModelProto m = OnnxExporterTest.assertParity("two inputs, concatenated", model, OnnxExportOptions.defaults());
    try (OrtSession s = OrtEnvironment.getEnvironment().createSession(m.toByteArray())) {
      assertEquals(List.of("numeric", "category"), List.copyOf(s.getInputNames()));
      assertEquals(List.of("output"), List.copyOf(s.getOutputNames()), "one output keeps the options' name");
    }
    assertEquals("5", metadata(m, "lamina.input_shape.numeric"));
  }

  @Test
  void twoOutputsAreNamedAfterTheirLayersAndBothCompared() throws Exception {
    Model model = twoOutputs();
    for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
      ModelProto m = OnnxExporterTest.assertParity("two outputs opset " + opset, model,
          OnnxExportOptions.defaults().opset(opset));
      try (OrtSession s = OrtEnvironment.getEnvironment().createSession(m.toByteArray())) {
        assertEquals(List.of("input"), List.copyOf(s.getInputNames()));
        assertEquals(List.of("classes", "score"), List.copyOf(s.getOutputNames()));
      }
    }
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, OnnxExporter.toBytes(model), 4, 1);
    assertEquals(List.of(4 * 3, 4), r.onnxRuntimeOutputs().stream().map(t -> t.size()).toList());
    assertThrows(IllegalStateException.class, r::lamina);
  }

  @Test
  void aLayerAppliedTwiceWritesItsWeightsOnce() {
    Input x = Input.of(6);
    Layer shared = dense(6, TANH).name("shared").create();
    SymbolicTensor y = shared.apply(activation(RELU).apply(shared.apply(x)));
    Model model = TestModels.randomized(Model.of(2, x, dense(2).apply(y)), 8);
    ModelProto m = OnnxExporterTest.assertParity("shared layer", model, OnnxExportOptions.defaults());
    List<String> gemms = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gemm"))
        .map(NodeProto::getName).toList();
    assertEquals(List.of("shared", "shared[1]", "dense"), gemms);
    assertEquals(1, m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("shared/kernel")).count());
    assertEquals(4, m.getGraph().getInitializerCount(), "shared/kernel, shared/bias, dense/kernel, dense/bias");
  }

  @Test
  void anOutputListedTwiceIsWrittenOnceAndCopiedByAnIdentity() {
    Input x = Input.of(3);
    SymbolicTensor y = dense(2).name("head").apply(x);
    Model model = TestModels.randomized(Model.of(1, List.of(x), List.of(y, y)), 3);
    ModelProto m = OnnxExporterTest.assertParity("an output listed twice", model, OnnxExportOptions.defaults());
    assertEquals(List.of("head", "head_1"), m.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
    assertEquals(List.of("Gemm", "Identity"), m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
    OnnxImport back = OnnxImporter.read(m.toByteArray());
    assertEquals(List.of("head", "head_1"), back.outputs());
    assertEquals(2, back.model().outputs().size());
  }

  /** y = x · factor, the example of Layer's Javadoc. */
  static class Scale extends Layer {
    Parameter factor;

    Scale(String name) {
      super(name);
    }

    @Override
    protected int[] build(int[] inputShape) {
      factor = addWeight("factor", new int[] {1}, Initializers.constant(1.5));
      return inputShape;
    }

    @Override
    public Matrix forward(Frame f, Mode mode) {
      Matrix x = f.input();
      Matrix y = f.output(x.rows(), x.cols());
      for (int i = 0; i < x.size(); i++) {
        y.data()[i] = factor.value()[0] * x.data()[i];
      }
      return y;
    }

    @Override
    public void backward(Frame f, Matrix dy) {
      throw new UnsupportedOperationException("not trained here");
    }
  }

  /** Scale that writes its own nodes. */
  static final class ExportableScale extends Scale implements OnnxExportable {
    ExportableScale(String name) {
      super(name);
    }

    @Override
    public void exportOnnx(OnnxNodeWriter w) {
      w.output("Mul", List.of(w.input(), w.weight(factor)));
      w.describe("factor", factor.value()[0]);
    }
  }

  private static Model around(Layer user) {
    Input x = Input.of(4);
    return Model.of(1, x, dense(2).apply(user.apply(dense(4, TANH).apply(x))));
  }

  @Test
  void aUserLayerExportsThroughOnnxExportableOrAMappingInTheOptions() {
    ModelProto own = OnnxExporterTest.assertParity("OnnxExportable user layer", around(new ExportableScale("scale")),
        OnnxExportOptions.defaults());
    assertTrue(metadata(own, "lamina.layer.scale").startsWith("type=ExportableScale;trainable=true;factor=1.5"),
        metadata(own, "lamina.layer.scale"));
    OnnxExportOptions options = OnnxExportOptions.defaults().layerExport(Scale.class, (layer, w) ->
        w.output("Mul", List.of(w.input(), w.constant("factor", new float[] {layer.factor.value()[0]}))));
    OnnxExporterTest.assertParity("user layer mapped in the options", around(new Scale("scale")), options);
  }

  @Test
  void aLayerWithoutMappingFailsNamingItsClassAndTheWaysToSupplyOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExporter.toBytes(around(new Scale("my_scale"))));
    assertEquals("OnnxExporter: Scale(name=my_scale) of class dev.lamina.onnx.GraphExportTest$Scale has no ONNX mapping; "
        + "implement dev.lamina.onnx.OnnxExportable in the layer, or pass one with "
        + "OnnxExportOptions.defaults().layerExport(Scale.class, (layer, writer) -> ...)", e.getMessage());
    IllegalArgumentException noOutput = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(
        around(new Scale("s")), OnnxExportOptions.defaults().layerExport(Scale.class, (l, w) -> w.node("Relu",
            List.of(w.input())))));
    assertTrue(noOutput.getMessage().contains("Scale(name=s) wrote no output node"), noOutput.getMessage());
  }

  static String metadata(ModelProto m, String key) {
    return m.getMetadataPropsList().stream().filter(e -> e.getKey().equals(key)).findFirst().orElseThrow().getValue();
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Layers;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Subtract;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Import of graphs: what Lamina exports comes back as the same model (each merge layer, the
 * residual MLP, two inputs, two outputs), and DAGs written by others (values read by several nodes,
 * Add/Sub/Mul/Sum/Max/Mean of computed values, Concat, several inputs and outputs) match ONNX
 * Runtime.
 */
class GraphImportTest {

  static List<String> layers(Model m) {
    return m.layers().stream().map(l -> l.name() + ":" + l.type()).toList();
  }

  static List<Tensor> inputs(Model m, int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Tensor> xs = new ArrayList<>();
    for (Input in : m.inputs()) {
      int[] shape = new int[in.shape().length + 1];
      shape[0] = samples;
      System.arraycopy(in.shape(), 0, shape, 1, in.shape().length);
      float[] x = new float[samples * in.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) r.nextDouble(-2, 2);
      }
      xs.add(Tensor.of(x, shape));
    }
    return xs;
  }

  /** Export → import: same layers, inputs and outputs, identical predictions, ONNX Runtime parity, same nodes again. */
  static Model assertRoundTrip(String what, Model model) {
    byte[] bytes = OnnxExporter.toBytes(model);
    OnnxImport imported = OnnxImporter.read(bytes);
    imported.notes().forEach(n -> System.out.println("[onnx-import] " + what + ": " + n));
    Model back = imported.model();
    assertEquals(layers(model), layers(back), what);
    assertEquals(model.inputs().stream().map(Input::name).toList(), back.inputs().stream().map(Input::name).toList(), what);
    assertEquals(model.outputs().size(), back.outputs().size(), what);
    assertEquals(model instanceof Sequential, back instanceof Sequential, what + ": a chain comes back as a Sequential");
    List<Tensor> xs = inputs(model, 7, what.hashCode());
    List<Tensor> expected = model.predict(xs, 7, 1);
    List<Tensor> got = back.predict(xs, 7, 1);
    for (int o = 0; o < expected.size(); o++) {
      assertArrayEquals(expected.get(o).data(), got.get(o).data(), 0f, what + ": output " + o);
    }
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(back, bytes, 8, 3);
    System.out.printf("[onnx-import] %-40s imported vs ONNX Runtime %.3e%n", what, r.maxAbsDiff());
    assertTrue(r.within(1e-5), what + ": " + r.maxAbsDiff());
    assertEquals(ops(bytes), ops(OnnxExporter.toBytes(back)), what + ": exporting the import writes the same nodes");
    return back;
  }

  static List<String> ops(byte[] onnx) {
    try {
      return dev.lamina.onnx.proto.Onnx.ModelProto.parseFrom(onnx).getGraph().getNodeList().stream()
          .map(n -> n.getName() + ":" + n.getOpType()).toList();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> merges() {
    return TestModels.mergeSpecs().entrySet().stream().map(e -> Arguments.of(e.getKey().getSimpleName(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("merges")
  void everyMergeLayerRoundTrips(String name, Supplier<LayerSpec> merge) {
    for (int inputs = 2; inputs <= (merge.get() instanceof Subtract.Spec ? 2 : 3); inputs++) {
      Model back = assertRoundTrip(name + " of " + inputs, GraphExportTest.merged(merge.get(), inputs));
      assertFalse(back instanceof Sequential);
    }
  }

  @Test
  void concatenateAxesRoundTrip() {
    for (int axis : new int[] {1, 2, -1, -2}) {
      Input a = Input.named("a", 2, 3);
      Input b = Input.named("b", 2, 3);
      Layer concat = Layers.concatenate(axis).create();
      SymbolicTensor joined = concat.apply(a, b);
      Model model = Model.of(1, List.of(a, b), List.of(Layers.dense(2).apply(Layers.flatten().apply(joined))));
      Model back = assertRoundTrip("Concatenate axis " + axis, model);
      assertEquals(axis, ((Concatenate) back.get(concat.name())).axis());
    }
  }

  @Test
  void residualTwoInputAndTwoOutputModelsRoundTrip() {
    Model residual = assertRoundTrip("residual MLP", GraphExportTest.residualMlp());
    assertEquals("Dropout", residual.get("dropout").type(), "the Identity Lamina wrote for the dropout");
    assertRoundTrip("two inputs", GraphExportTest.twoInputs());
    Model model = GraphExportTest.twoOutputs();
    assertRoundTrip("two outputs", model);
    OnnxImport imported = OnnxImporter.read(OnnxExporter.toBytes(model));
    assertEquals(List.of("classes", "score"), imported.outputs());
    assertThrows(IllegalStateException.class, imported::output);
    assertThrows(IllegalStateException.class, imported::sequential);
  }

  @Test
  void aLayerAppliedTwiceComesBackAsOneLayerAppliedTwice() {
    Input x = Input.of(6);
    Layer shared = Layers.dense(6, dev.lamina.activations.Activations.TANH).name("shared").create();
    Layer linear = Layers.dense(6).name("linear").create();
    SymbolicTensor h = shared.apply(linear.apply(shared.apply(x)));
    Model model = Model.of(2, x, Layers.dense(2).apply(Layers.add().apply(linear.apply(h), h)));
    Model back = assertRoundTrip("shared layers", model);
    assertEquals(2, back.get("shared").nodes().size());
    assertEquals(2, back.get("linear").nodes().size());
    assertEquals(List.of("shared", "linear", "add", "dense"), back.layers().stream().map(Layer::name).toList());
  }

  @Test
  void sharedLayersOfEveryKindWithMetadataComeBackShared() {
    Input x = Input.of(6);
    List<Layer> shared = List.of(Layers.batchNormalization().create(), Layers.rrelu().create(),
        Layers.dropout(0.25).create(), Layers.prelu().create(), Layers.activation(dev.lamina.activations.Activations.LINEAR)
            .create(), Layers.alphaDropout(0.1).create());
    SymbolicTensor h = x;
    for (int round = 0; round < 2; round++) {
      for (Layer l : shared) {
        h = l.apply(h);
      }
    }
    Model model = TestModels.randomized(Model.of(3, x, Layers.dense(2).apply(h)), 12);
    Model back = assertRoundTrip("shared BN, RReLU, Dropout, PReLU, linear, AlphaDropout", model);
    for (Layer l : shared) {
      assertEquals(2, back.get(l.name()).nodes().size(), l.name());
      assertEquals(l.spec(), back.get(l.name()).spec(), l.name());
    }
  }

  @Test
  void equalNamesOutsideLaminaFilesAreNotTakenForSharing() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 3).output("y", "N", 3).init("W", random(9, 1), 3, 3)
        .node("MatMul", "d", List.of("x", "W"), List.of("h")).node("MatMul", "d[1]", List.of("h", "W"), List.of("y"));
    Model model = ImportVariantsTest.assertMatchesRuntime("d and d[1] from another producer", m.bytes()).model();
    assertEquals(List.of("d", "d[1]"), model.layers().stream().map(Layer::name).toList());
  }

  @Test
  void anImportedGraphWithTwoOutputsTrains() {
    Model trainable = OnnxImporter.read(OnnxExporter.toBytes(GraphExportTest.twoOutputs())).model();
    List<Tensor> x = inputs(trainable, 64, 5);
    List<Tensor> y = trainable.predict(x, 64, 1).stream().map(t -> {
      float[] v = t.data().clone();
      for (int k = 0; k < v.length; k++) {
        v[k] = v[k] * 0.5f + 0.1f;
      }
      return Tensor.of(v, t.shape());
    }).toList();
    float[] before = trainable.get("body").parameters().get(0).value().clone();
    trainable.compile(dev.lamina.optimizers.Optimizers.adam().learningRate(1e-2).build(),
        dev.lamina.model.Objective.of("classes", dev.lamina.losses.Losses.meanSquaredError()),
        dev.lamina.model.Objective.of("score", dev.lamina.losses.Losses.meanSquaredError()));
    dev.lamina.model.History h = trainable.fit(x, y, dev.lamina.model.FitOptions.defaults().epochs(5).batchSize(16)
        .verbose(false));
    List<Double> loss = h.get("loss");
    assertTrue(loss.get(loss.size() - 1) < loss.get(0), "loss " + loss);
    assertFalse(java.util.Arrays.equals(before, trainable.get("body").parameters().get(0).value()), "the body trained");
  }

  @Test
  void aChainStaysASequential() {
    Sequential chain = TestModels.samples().get("mixed");
    assertInstanceOf(Sequential.class, assertRoundTrip("mixed chain", chain));
  }

  // ---- graphs written by other exporters ----------------------------------------------------

  /** tf2onnx style: MatMul + Add layers, a residual Add of computed values that also reads the input. */
  @Test
  void residualBlockWithFanOutFromOtherExporters() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 4).output("y", "N", 3)
        .init("W1", random(16, 1), 4, 4).init("b1", random(4, 2), 4).init("W2", random(16, 3), 4, 4)
        .init("b2", random(4, 4), 4).init("W3", random(12, 5), 4, 3)
        .node("MatMul", "block/dense/MatMul", List.of("x", "W1"), List.of("h1"))
        .node("Add", "block/dense/BiasAdd", List.of("h1", "b1"), List.of("h2"))
        .node("Relu", "block/relu", "h2", "h3")
        .node("MatMul", "block/dense_1/MatMul", List.of("h3", "W2"), List.of("h4"))
        .node("Add", "block/dense_1/BiasAdd", List.of("b2", "h4"), List.of("h5"))
        .node("Add", "block/add", List.of("h5", "x"), List.of("r"))
        .node("Relu", "relu", "r", "s")
        .node("Gemm", "head", List.of("s", "W3"), List.of("y"));
    Model model = ImportVariantsTest.assertMatchesRuntime("residual block, tf2onnx style", m.bytes()).model();
    assertEquals(List.of("Dense", "Activation", "Dense", "Add", "Activation", "Dense"),
        model.layers().stream().map(Layer::type).toList());
    assertFalse(model instanceof Sequential);
  }

  /** Two inputs, Sum/Max/Mean/Sub/Mul of computed values, Concat at both axis conventions, two outputs. */
  static ModelMaker merges(int opset) {
    return new ModelMaker(opset).input("a", "N", 3).input("b", "N", 3).output("joined", "N", 9).output("m", "N", 3)
        .node("Relu", "relu", "a", "ra")
        .node("Sum", "sum", List.of("a", "b", "ra"), List.of("s"))
        .node("Max", "max", List.of("a", "b"), List.of("m"))
        .node("Mean", "mean", List.of("a", "b", "s"), List.of("e"))
        .node("Sub", "sub", List.of("m", "e"), List.of("d"))
        .node("Mul", "mul", List.of("d", "a"), List.of("p"))
        .node("Concat", "concat", List.of("p", "s"), List.of("ps"), i("axis", 1))
        .node("Concat", "concat_last", List.of("ps", "m"), List.of("joined"), i("axis", opset >= 11 ? -1 : 1));
  }

  @Test
  void mergesOfComputedValuesAtEveryOpVersionMatchOnnxRuntime() {
    for (int opset : new int[] {7, 8, 11, 12, 13, 17, 21}) {
      byte[] bytes = merges(opset).bytes();
      OnnxImport imported = OnnxImporter.read(bytes);
      Model model = imported.model();
      assertEquals(List.of("Activation", "Add", "Maximum", "Average", "Subtract", "Multiply", "Concatenate",
          "Concatenate"), model.layers().stream().map(Layer::type).toList(), "opset " + opset);
      assertEquals(List.of("a", "b"), model.inputs().stream().map(Input::name).toList());
      assertEquals(List.of("joined", "m"), imported.outputs());
      OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, bytes, 6, opset);
      System.out.printf("[onnx-import] merges opset %-2d max|diff| vs ONNX Runtime %.3e%n", opset, r.maxAbsDiff());
      assertTrue(r.within(1e-5), "opset " + opset + ": " + r.maxAbsDiff());
      assertEquals(List.of(6 * 9, 6 * 3), r.onnxRuntimeOutputs().stream().map(Tensor::size).toList());
    }
  }

  @Test
  void aSumOfOneValueIsThatValueAndASumWithAConstantARescaling() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 3).output("y", "N", 3).init("c", new float[] {1, 2, 3}, 3)
        .node("Sum", "one", List.of("x"), List.of("s"))
        .node("Sum", "shift", List.of("s", "c"), List.of("t"))
        .node("Tanh", "tanh", "t", "y");
    Model model = ImportVariantsTest.assertMatchesRuntime("Sum of one value, Sum with a constant", m.bytes()).model();
    assertEquals(List.of("Rescaling", "Activation"), model.layers().stream().map(Layer::type).toList());
  }

  @Test
  void nodesThatLeadToNoOutputAreLeftOutWithANote() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 4).output("y", "N", 4)
        .node("Relu", "unused", "x", "z").node("Tanh", "t", "x", "y");
    OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("a dead branch", m.bytes());
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("left out 1 node(s)") && n.contains("'unused' (Relu)")),
        imported.notes().toString());
    assertInstanceOf(Sequential.class, imported.model());
  }

  @Test
  void anOutputAlsoReadByAnotherNodeIsOneOfTwoOutputs() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 4).output("y", "N", 4).output("z", "N", 4)
        .node("Relu", "r", "x", "y").node("Tanh", "t", "y", "z");
    OnnxImport imported = OnnxImporter.read(m.bytes());
    assertEquals(List.of("y", "z"), imported.outputs());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported.model(), m.bytes(), 5, 1);
    assertTrue(r.within(1e-6), "max diff " + r.maxAbsDiff());
  }
}

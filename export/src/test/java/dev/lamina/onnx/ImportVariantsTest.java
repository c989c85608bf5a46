// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.ModelMaker.f;
import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Layer;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.onnx.proto.Onnx.TypeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import dev.lamina.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What exporters other than torch 1.13 write: each variant imports and matches ONNX Runtime on the same file. */
class ImportVariantsTest {

  /** Imports, compares with ONNX Runtime on random inputs, returns the import. */
  static OnnxImport assertMatchesRuntime(String what, byte[] bytes, int... sample) {
    OnnxImport imported = OnnxImporter.read(bytes);
    imported.notes().forEach(n -> System.out.println("[onnx-import] " + what + ": " + n));
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported.model(), bytes, 5, what.hashCode());
    System.out.printf("[onnx-import] %-40s max|diff| vs ONNX Runtime %.3e%n", what, r.maxAbsDiff());
    assertTrue(r.within(1e-5), what + ": " + r.maxAbsDiff());
    return imported;
  }

  static List<String> types(dev.lamina.model.Model m) {
    return m.layers().stream().map(Layer::type).toList();
  }

  @Test
  void matMulAddInEitherOrderBiasFreeMatMulConstantWeightsAndGemmDefaults() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 6).output("y", "N", 2)
        .init("W1", random(24, 1), 6, 4).init("b1", random(4, 2), 4)
        .constant("W2", random(12, 3), 4, 3)
        .init("W3", random(15, 4), 3, 5).init("W4", random(10, 5), 2, 5).init("b4", random(2, 6), 1, 2)
        .node("MatMul", "dense/MatMul", List.of("x", "W1"), List.of("h1"))
        .node("Add", "dense/BiasAdd", List.of("b1", "h1"), List.of("h2"))
        .node("Relu", "relu", "h2", "h3")
        .node("MatMul", "no_bias", List.of("h3", "W2"), List.of("h4"))
        .node("Gemm", "gemm_defaults", List.of("h4", "W3"), List.of("h5"))
        .node("Tanh", "tanh", "h5", "h6")
        .node("Gemm", "gemm_t", List.of("h6", "W4", "b4"), List.of("y"), i("transB", 1), f("alpha", 0.5f), f("beta", 2f));
    Sequential model = assertMatchesRuntime("MatMul+Add variants", m.bytes()).sequential();
    assertEquals(List.of("Dense", "Activation", "Dense", "Dense", "Activation", "Dense"), types(model));
    assertEquals(List.of("dense/MatMul", "relu", "no_bias", "gemm_defaults", "tanh", "gemm_t"),
        model.layers().stream().map(Layer::name).toList());
    assertEquals(null, ((Dense) model.get("no_bias")).bias());
  }

  /**
   * One CNN written at each opset 9–21 in the form that opset's op versions take: Pad's pads and
   * Clip's bounds as attributes before 11 and inputs after, Dropout's ratio as attribute before 12
   * and input after, Upsample at 9, Resize-10 (scales second) and Resize-11+ (roi, scales),
   * ReduceMean's axes as attribute before 18 and input after, Unsqueeze's axes as attribute before
   * 13 and input after (in torch's Shape → Gather → Unsqueeze → Concat → Reshape flatten). Each
   * imports into the same layers and matches ONNX Runtime.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21})
  void oneCnnInEachOpsetsFormImportsIntoTheSameLayers(int opset) {
    float[] variance = random(4, 5);
    for (int k = 0; k < 4; k++) {
      variance[k] = 0.5f + Math.abs(variance[k]);
    }
    ModelMaker m = new ModelMaker(opset).input("x", "N", 3, 4, 4).output("y", "N", 5)
        .init("W", random(4 * 27, 1), 4, 3, 3, 3).init("B", random(4, 2), 4)
        .init("gamma", random(4, 3), 4).init("beta", random(4, 4), 4).init("mean", random(4, 6), 4).init("var", variance, 4)
        .init("Ws", random(16, 7), 4, 4, 1, 1).init("Bs", random(4, 8), 4)
        .init("Wd", random(5 * 256, 9), 5, 256).init("Bd", random(5, 10), 5)
        .initLongs("zero", new long[] {0}).initLongs("minus", new long[] {-1}, 1);
    if (opset < 11) {
      m.node("Pad", "pad", "x", "p", CnnImportTest.ints("pads", 0, 0, 1, 1, 0, 0, 1, 1));
    } else {
      m.initLongs("pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8).node("Pad", "pad", List.of("x", "pads"), List.of("p"));
    }
    m.node("Conv", "conv", List.of("p", "W", "B"), List.of("c"))
        .node("BatchNormalization", "bn", List.of("c", "gamma", "beta", "mean", "var"), List.of("b"));
    if (opset < 11) {
      m.node("Clip", "relu6", "b", "r", f("min", 0f), f("max", 6f));
    } else {
      m.constant("lo", new float[] {0f}).constant("hi", new float[] {6f})
          .node("Clip", "relu6", List.of("b", "lo", "hi"), List.of("r"));
    }
    if (opset < 12) {
      m.node("Dropout", "drop", "r", "d", f("ratio", 0.3f));
    } else {
      m.init("ratio", new float[] {0.3f}).node("Dropout", "drop", List.of("r", "ratio"), List.of("d"));
    }
    m.init("scales", new float[] {1, 1, 2, 2}, 4);
    if (opset == 9) {
      m.node("Upsample", "up", List.of("d", "scales"), List.of("u"), CnnImportTest.str("mode", "nearest"));
    } else if (opset == 10) {
      m.node("Resize", "up", List.of("d", "scales"), List.of("u"), CnnImportTest.str("mode", "nearest"));
    } else {
      m.init("roi", new float[0], 0).node("Resize", "up", List.of("d", "roi", "scales"), List.of("u"),
          CnnImportTest.str("mode", "nearest"));
    }
    if (opset < 18) {
      m.node("ReduceMean", "squeeze", List.of("u"), List.of("s"), CnnImportTest.ints("axes", 2, 3));
    } else {
      m.initLongs("hw", new long[] {2, 3}, 2).node("ReduceMean", "squeeze", List.of("u", "hw"), List.of("s"));
    }
    m.node("Conv", "excite", List.of("s", "Ws", "Bs"), List.of("e"))
        .node("HardSigmoid", "gate", List.of("e"), List.of("g"), f("alpha", 1 / 6f), f("beta", 0.5f))
        .node("Mul", "scale", List.of("u", "g"), List.of("z"))
        .node("Shape", "shape", "z", "sh")
        .node("Gather", "batch", List.of("sh", "zero"), List.of("n"), i("axis", 0));
    if (opset < 13) {
      m.node("Unsqueeze", "unsqueeze", List.of("n"), List.of("n1"), CnnImportTest.ints("axes", 0));
    } else {
      m.initLongs("axis0", new long[] {0}, 1).node("Unsqueeze", "unsqueeze", List.of("n", "axis0"), List.of("n1"));
    }
    m.node("Concat", "target", List.of("n1", "minus"), List.of("t"), i("axis", 0))
        .node("Reshape", "flatten", List.of("z", "t"), List.of("f"))
        .node("Gemm", "fc", List.of("f", "Wd", "Bd"), List.of("y"), i("transB", 1));
    OnnxImport imported = assertMatchesRuntime("one CNN at opset " + opset, m.bytes());
    assertEquals(List.of("Conv2D", "BatchNormalization", "Activation", "Dropout", "UpSampling2D",
        "GlobalAveragePooling2D", "Conv2D", "Activation", "Multiply", "Flatten", "Dense"), types(imported.model()));
  }

  /**
   * A Keras CNN as tf2onnx writes it: the NHWC input transposed to NCHW, Conv/Relu/MaxPool
   * channels-first, transposed back to NHWC before Keras' Flatten (a Reshape, or a Flatten node) and
   * the Dense (MatMul + Add) whose weight rows are in (h, w, c) order.
   */
  @Test
  void tf2onnxKerasCnnTakesChannelsLastInputAndReordersTheDenseRowsOnce() {
    for (boolean reshape : new boolean[] {true, false}) {
      ModelMaker m = new ModelMaker(13).input("input_1", "unk__1", 6, 6, 3).output("dense", "unk__2", 5)
          .init("W", random(4 * 3 * 9, 1), 4, 3, 3, 3).init("B", random(4, 2), 4)
          .init("Wd", random(36 * 5, 3), 36, 5).init("Bd", random(5, 4), 5).initLongs("shape", new long[] {-1, 36}, 2)
          .node("Transpose", "conv2d__6", List.of("input_1"), List.of("t0"), CnnImportTest.ints("perm", 0, 3, 1, 2))
          .node("Conv", "model/conv2d/BiasAdd", List.of("t0", "W", "B"), List.of("c"),
              CnnImportTest.ints("pads", 1, 1, 1, 1), CnnImportTest.ints("kernel_shape", 3, 3))
          .node("Relu", "model/conv2d/Relu", "c", "r")
          .node("MaxPool", "model/max_pooling2d/MaxPool", List.of("r"), List.of("p"),
              CnnImportTest.ints("kernel_shape", 2, 2), CnnImportTest.ints("strides", 2, 2))
          .node("Transpose", "model/max_pooling2d/MaxPool__12", List.of("p"), List.of("t1"),
              CnnImportTest.ints("perm", 0, 2, 3, 1));
      if (reshape) {
        m.node("Reshape", "model/flatten/Reshape", List.of("t1", "shape"), List.of("f"));
      } else {
        m.node("Flatten", "model/flatten/Flatten", List.of("t1"), List.of("f"));
      }
      m.node("MatMul", "model/dense/MatMul", List.of("f", "Wd"), List.of("h"))
          .node("Add", "model/dense/BiasAdd", List.of("h", "Bd"), List.of("dense"));
      OnnxImport imported = assertMatchesRuntime("tf2onnx Keras CNN, " + (reshape ? "Reshape" : "Flatten"), m.bytes());
      assertEquals(List.of("Permute", "Conv2D", "Activation", "MaxPooling2D", "Flatten", "Dense"),
          types(imported.model()));
      assertArrayEquals(new int[] {6, 6, 3}, imported.model().inputs().get(0).shape(), "channels-last samples, as Keras");
      assertTrue(imported.notes().stream().anyMatch(n -> n.contains("channels-last") && n.contains("Permute")),
          imported.notes().toString());
      assertTrue(imported.notes().stream().anyMatch(n -> n.contains("weight rows of 'model/dense/MatMul' were reordered")),
          imported.notes().toString());
    }
  }

  @Test
  void aTransposeToChannelsLastNotFollowedByADenseLayerStaysAPermute() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 3, 4, 4).output("y", "N", 48)
        .node("Transpose", "nhwc", List.of("x"), List.of("t"), CnnImportTest.ints("perm", 0, 2, 3, 1))
        .node("Flatten", "flatten", "t", "f")
        .node("Relu", "relu", "f", "y");
    assertEquals(List.of("Permute", "Flatten", "Activation"), types(assertMatchesRuntime("Transpose, Flatten, Relu",
        m.bytes()).model()));
  }

  @Test
  void preprocessingBeforeTheFirstLayerBecomesNormalizationAndRescaling() {
    ModelMaker m = new ModelMaker(14).input("image", "batch", 2, 3).output("y", "batch", 2)
        .init("scale", new float[] {1 / 255f}).init("mean", random(6, 7), 2, 3)
        .init("std", new float[] {0.5f, 2f, 1f}, 3)
        .initLongs("target", new long[] {-1, 6}, 2).init("W", random(12, 8), 6, 2)
        .node("Mul", "to_unit", List.of("image", "scale"), List.of("a"))
        .node("Sub", "standardize", List.of("a", "mean"), List.of("b"))
        .node("Div", "standardize/div", List.of("b", "std"), List.of("c"))
        .node("Reshape", "flatten", List.of("c", "target"), List.of("d"), i("allowzero", 0))
        .node("MatMul", "dense", List.of("d", "W"), List.of("y"));
    Sequential model = assertMatchesRuntime("preprocessing", m.bytes()).sequential();
    assertEquals(List.of("Rescaling", "Normalization", "Flatten", "Dense"), types(model));
    assertArrayEquals(new int[] {2, 3}, model.input().shape());
  }

  @Test
  void rankFourInputFlattenedAndFixedBatch() {
    ModelMaker m = new ModelMaker(17).input("x", 5, 1, 2, 3).output("y", 5, 3)
        .init("W", random(18, 9), 3, 6).init("b", random(3, 10), 3)
        .node("Flatten", "flatten", "x", "f")
        .node("Gemm", "fc", List.of("f", "W", "b"), List.of("z"), i("transB", 1))
        .node("Softmax", "softmax", "z", "y", i("axis", 1));
    OnnxImport imported = OnnxImporter.read(m.bytes());
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("fixed batch size 5")), imported.notes().toString());
    float[] x = random(5 * 6, 11);
    float[] ort = OnnxRuntimeCheck.run(m.bytes(), Tensor.of(x, 5, 1, 2, 3));
    assertArrayEquals(ort, imported.model().predict(Tensor.of(x, 5, 1, 2, 3)).data(), 1e-6f);
    assertEquals(2, imported.model().predict(Tensor.of(random(12, 1), 2, 1, 2, 3)).samples(), "any batch size");
  }

  @Test
  void inputWithoutBatchAxisAndWeightFirstMatMul() {
    float[] w = random(18, 12);
    float[] b = random(3, 13);
    ModelMaker m = new ModelMaker(13).input("x", 6).output("y", 3)
        .init("W", w, 3, 6).init("b", b, 3)
        .node("MatMul", "dense", List.of("W", "x"), List.of("z"))
        .node("Add", "dense/add", List.of("z", "b"), List.of("y"));
    OnnxImport imported = OnnxImporter.read(m.bytes());
    assertTrue(imported.notes().get(0).contains("no batch axis"), imported.notes().toString());
    float[] x = random(6, 14);
    float[] y = imported.model().predict(Tensor.of(x, 1, 6)).data();
    for (int o = 0; o < 3; o++) {
      double expected = b[o];
      for (int k = 0; k < 6; k++) {
        expected += w[o * 6 + k] * x[k];
      }
      assertEquals(expected, y[o], 1e-6);
    }
  }

  @Test
  void float64ModelIsImportedAsFloat32WithANote() {
    float[] w = random(8, 20);
    ByteBuffer raw = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : w) {
      raw.putDouble(v);
    }
    ModelMaker m = new ModelMaker(13).typedInput("x", TensorProto.DataType.DOUBLE_VALUE, "N", 4)
        .initTensor(TensorProto.newBuilder().setName("W").setDataType(11).addDims(4).addDims(2)
            .setRawData(ByteString.copyFrom(raw.array())).build())
        .initTensor(TensorProto.newBuilder().setName("b").setDataType(11).addDims(2).addDoubleData(0.5).addDoubleData(-1)
            .build())
        .node("Gemm", "fc", List.of("x", "W", "b"), List.of("y"));
    m.graph.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(11))));
    OnnxImport imported = OnnxImporter.read(m.bytes());
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("float64")), imported.notes().toString());
    float[] y = imported.model().predict(Tensor.of(new float[] {1, 0, 0, 0}, 1, 4)).data();
    assertArrayEquals(new float[] {w[0] + 0.5f, w[1] - 1}, y, 1e-7f);
  }

  @Test
  void initializersListedAsInputsOldOpsetAndAiOnnxDomain() {
    ModelMaker m = new ModelMaker(8, 3, "ai.onnx").input("x", "N", 3).output("y", "N", 2)
        .init("W", random(6, 21), 2, 3).init("b", random(2, 22), 2)
        .input("W", 2, 3).input("b", 2)
        .node("Gemm", "fc", List.of("x", "W", "b"), List.of("z"), i("transB", 1))
        .node("LeakyRelu", "leaky", "z", "y");
    OnnxImport imported = assertMatchesRuntime("IR 3, opset 8, ai.onnx", m.bytes());
    // the default alpha, float 0.01f, is read as the double 0.01 its shortest decimal gives
    assertEquals(dev.lamina.activations.Activations.leakyRelu(0.01),
        ((dev.lamina.layers.ActivationLayer) imported.model().get("leaky")).activation());
  }

  @Test
  void logSoftmaxImportsAsAnActivationInBothAxisConventions() {
    ModelMaker before13 = new ModelMaker(11).input("x", "N", 2, 3).output("y", "N", 2, 3)
        .node("LogSoftmax", "log_softmax", "x", "y");
    assertMatchesRuntime("LogSoftmax opset 11 on [N, 2, 3]", before13.bytes());
    ModelMaker m = new ModelMaker(17).input("x", "N", 5).output("y", "N", 5)
        .node("LogSoftmax", "log_softmax", "x", "y", i("axis", -1));
    OnnxImport imported = assertMatchesRuntime("LogSoftmax opset 17", m.bytes());
    assertEquals(dev.lamina.activations.Activations.LOG_SOFTMAX,
        ((dev.lamina.layers.ActivationLayer) imported.model().get("log_softmax")).activation());
  }

  @Test
  void softmaxBeforeOpsetThirteenNormalisesTheFlattenedSample() {
    ModelMaker m = new ModelMaker(11).input("x", "N", 2, 3).output("y", "N", 2, 3)
        .node("Softmax", "softmax", "x", "y");
    assertMatchesRuntime("Softmax opset 11 on [N, 2, 3]", m.bytes());
  }

  @Test
  void classifierTailOfSkl2onnxIsStrippedAndTheProbabilitiesExposed() {
    ModelMaker m = new ModelMaker(13).input("X", "N", 4)
        .init("W", random(12, 30), 4, 3).init("b", random(3, 31), 3)
        .node("Gemm", "gemm", List.of("X", "W", "b"), List.of("z"))
        .node("Softmax", "softmax", "z", "probabilities", i("axis", -1))
        .node("ArgMax", "argmax", "probabilities", "label", i("axis", 1))
        .node("ZipMap", "zipmap", "probabilities", "output_probability");
    m.graph.getNodeBuilder(3).setDomain("ai.onnx.ml");
    m.model.addOpsetImport(dev.lamina.onnx.proto.Onnx.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1));
    m.graph.addOutput(ValueInfoProto.newBuilder().setName("label").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(7))));
    m.graph.addOutput(ValueInfoProto.newBuilder().setName("output_probability").setType(TypeProto.newBuilder()
        .setSequenceType(TypeProto.Sequence.newBuilder())));
    OnnxImport imported = OnnxImporter.read(m.bytes());
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("stripped the classifier tail") && n.contains("ZipMap")),
        imported.notes().toString());
    float[] p = imported.model().predict(Tensor.of(random(8, 32), 2, 4)).data();
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
    assertEquals(List.of("Dense", "Activation"), types(imported.model()));
  }

  /**
   * skl2onnx's MLPClassifier with two classes: its network ends in a one-unit Sigmoid p, and the
   * converter builds the probabilities as Concat(1 − p, p), so p is read by both the Sub and the
   * Concat; then ArgMax → ArrayFeatureExtractor → Reshape → Cast give the label and ZipMap the map
   * (skl2onnx/operator_converters/multilayer_perceptron.py; node and value names as it writes them,
   * including the Sigmoid named after the hidden activation).
   */
  static ModelMaker skl2onnxBinaryMlpClassifier() {
    ModelMaker m = new ModelMaker(13).input("X", "N", 4)
        .init("coefficient", random(20, 60), 4, 5).init("intercepts", random(5, 61), 1, 5)
        .init("coefficient1", random(5, 62), 5, 1).init("intercepts1", random(1, 63), 1, 1)
        .init("unity", new float[] {1f})
        .initLongs("shape_tensor", new long[] {-1}, 1)
        .node("Cast", "Cast", "X", "cast_input", i("to", TensorProto.DataType.FLOAT_VALUE))
        .node("MatMul", "MatMul", List.of("cast_input", "coefficient"), List.of("mul_result"))
        .node("Add", "Add", List.of("mul_result", "intercepts"), List.of("add_result"))
        .node("Relu", "Relu", "add_result", "next_activations")
        .node("MatMul", "MatMul1", List.of("next_activations", "coefficient1"), List.of("mul_result1"))
        .node("Add", "Add1", List.of("mul_result1", "intercepts1"), List.of("add_result1"))
        .node("Sigmoid", "Relu1", "add_result1", "out_activations_result")
        .node("Sub", "Sub", List.of("unity", "out_activations_result"), List.of("negative_class_proba"))
        .node("Concat", "Concat", List.of("negative_class_proba", "out_activations_result"), List.of("probabilities"),
            i("axis", 1))
        .node("ArgMax", "ArgMax", "probabilities", "argmax_output", i("axis", 1))
        .node("ArrayFeatureExtractor", "ArrayFeatureExtractor", List.of("classes", "argmax_output"),
            List.of("array_feature_extractor_result"))
        .node("Reshape", "Reshape", List.of("array_feature_extractor_result", "shape_tensor"), List.of("reshaped_result"))
        .node("Cast", "Cast1", "reshaped_result", "label", i("to", TensorProto.DataType.INT64_VALUE))
        .node("ZipMap", "ZipMap", "probabilities", "output_probability");
    m.graph.addInitializer(TensorProto.newBuilder().setName("classes").setDataType(TensorProto.DataType.INT32_VALUE)
        .addDims(2).addInt32Data(0).addInt32Data(1));
    m.graph.getNodeBuilder(10).setDomain("ai.onnx.ml");
    m.graph.getNodeBuilder(13).setDomain("ai.onnx.ml").addAttribute(dev.lamina.onnx.proto.Onnx.AttributeProto.newBuilder()
        .setName("classlabels_int64s").setType(dev.lamina.onnx.proto.Onnx.AttributeProto.AttributeType.INTS)
        .addInts(0).addInts(1));
    m.model.addOpsetImport(dev.lamina.onnx.proto.Onnx.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1));
    m.graph.addOutput(ValueInfoProto.newBuilder().setName("label").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE).setShape(
            dev.lamina.onnx.proto.Onnx.TensorShapeProto.newBuilder().addDim(
                dev.lamina.onnx.proto.Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))))));
    m.graph.addOutput(ValueInfoProto.newBuilder().setName("output_probability").setType(TypeProto.newBuilder()
        .setSequenceType(TypeProto.Sequence.newBuilder())));
    return m;
  }

  @Test
  void skl2onnxBinaryClassifierWhoseProbabilityIsReadTwiceImportsAsAGraph(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mlp_binary.onnx");
    Files.write(file, skl2onnxBinaryMlpClassifier().bytes());
    OnnxImport imported = OnnxImporter.read(file);
    imported.notes().forEach(n -> System.out.println("[onnx-import] skl2onnx binary MLPClassifier: " + n));
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("stripped the classifier tail after 'probabilities'")
        && n.contains("ZipMap") && n.contains("ArgMax")), imported.notes().toString());
    assertEquals(List.of("probabilities"), imported.outputs());
    assertEquals(List.of("Dense", "Activation", "Dense", "Activation", "Rescaling", "Concatenate"), types(imported.model()));
    assertEquals(List.of("MatMul", "Relu", "MatMul1", "Relu1", "Sub", "Concat"),
        imported.model().layers().stream().map(Layer::name).toList());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported, file, 16, 5);
    System.out.printf("[onnx-import] %-40s max|diff| vs ONNX Runtime %.3e%n", "skl2onnx binary MLPClassifier",
        r.maxAbsDiff());
    assertTrue(r.within(1e-6), "max diff " + r.maxAbsDiff());
    float[] p = r.lamina().data();
    for (int k = 0; k < p.length; k += 2) {
      assertEquals(1.0, p[k] + p[k + 1], 1e-6, "P(0) + P(1)");
    }
  }

  @Test
  void weightsInExternalDataFilesNextToTheModel(@TempDir Path dir) throws Exception {
    float[] w = random(12, 40);
    ByteBuffer raw = ByteBuffer.allocate(8 + 48).order(ByteOrder.LITTLE_ENDIAN);
    raw.position(8);
    raw.asFloatBuffer().put(w);
    Files.write(dir.resolve("weights.bin"), raw.array());
    TensorProto external = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4).addDims(3)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("8"))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("48")).build();
    ModelMaker m = new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(external)
        .node("MatMul", "dense", List.of("x", "W"), List.of("y"));
    Path file = dir.resolve("model.onnx");
    Files.write(file, m.bytes());
    Sequential model = OnnxImporter.read(file).sequential();
    assertArrayEquals(w, model.get("dense").parameters().get(0).value());
    OnnxImportException fromBytes = org.junit.jupiter.api.Assertions.assertThrows(OnnxImportException.class,
        () -> OnnxImporter.read(m.bytes()));
    assertTrue(fromBytes.getMessage().contains("read(Path)"), fromBytes.getMessage());
  }

  @Test
  void dropoutAndIdentityAreResolvedAndAliasedWeightsCopied() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 3).output("y", "N", 3)
        .init("ones", new float[] {1, 1, 1}, 3).init("zeros", new float[] {0, 0, 0}, 3)
        .node("Identity", "dedupe_var", "ones", "running_var")
        .node("Identity", "dedupe_mean", "zeros", "running_mean")
        .constant("ratio", new float[] {0.25f})
        .node("BatchNormalization", "bn", List.of("x", "ones", "zeros", "running_mean", "running_var"), List.of("a"))
        .node("Identity", "noop", "a", "b")
        .node("Dropout", "drop", List.of("b", "ratio"), List.of("y", "mask"));
    OnnxImport imported = assertMatchesRuntime("Identity/Dropout", m.bytes());
    Sequential model = imported.sequential();
    assertEquals(List.of("BatchNormalization", "Dropout"), types(model));
    assertEquals(0.25, ((Dropout) model.get("drop")).rate(), 1e-7);
    model.get("bn").parameters().get(0).value()[0] = 5f; // gamma
    assertEquals(1f, model.get("bn").parameters().get(3).value()[0], "running variance is its own copy");
  }

  @Test
  void dropoutBeforeOpsetTwelveTakesItsRatioAttribute() {
    ModelMaker m = new ModelMaker(10).input("x", "N", 3).output("y", "N", 3)
        .node("Dropout", "drop", List.of("x"), List.of("y"), f("ratio", 0.3f));
    assertEquals(0.3, ((Dropout) OnnxImporter.read(m.bytes()).model().get("drop")).rate(), 1e-7);
  }

  @Test
  void laminaExportsRoundTripWithDropoutTrainableFlagsAndRreluBounds() {
    Sequential model = TestModels.samples().get("mixed");
    model.get("dense_1").setTrainable(false);
    OnnxImport imported = OnnxImporter.read(OnnxExporter.toBytes(model));
    Sequential back = imported.sequential();
    assertEquals(model.layers().stream().map(Layer::name).toList(), back.layers().stream().map(Layer::name).toList());
    assertEquals(types(model), types(back));
    assertEquals(false, back.get("dense_1").isTrainable());
    assertEquals(model.get("r_re_lu").spec(), back.get("r_re_lu").spec());
    assertEquals(model.get("batch_normalization").spec(), back.get("batch_normalization").spec());
    Tensor x = Tensor.of(random(5 * 20, 50), 5, 20);
    assertArrayEquals(model.predict(x).data(), back.predict(x).data(), 0f);
  }
}

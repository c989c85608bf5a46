// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.ModelMaker.f;
import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Unsupported and malformed models: one {@link OnnxImportException} whose message names the node,
 * op type and opset (where there is one) and what Lamina supports instead; sizes the file does
 * not hold are never allocated.
 */
class ImportErrorsTest {

  static void assertRefused(byte[] bytes, String... fragments) {
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(bytes));
    System.out.println("[onnx-import-error] " + e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' missing in: " + e.getMessage());
    }
  }

  static ModelMaker dense(int opset) {
    return new ModelMaker(opset).input("x", "N", 4).output("y", "N", 3).init("W", random(12, 1), 4, 3);
  }

  @Test
  void notOnnxEmptyAndTruncatedFiles() {
    assertRefused(new byte[0], "empty");
    byte[] garbage = new byte[1000];
    new SplittableRandom(3).nextBytes(garbage);
    assertRefused(garbage, "not an ONNX model");
    assertRefused("hello, this is a text file".getBytes(java.nio.charset.StandardCharsets.UTF_8), "not an ONNX model");
    byte[] good = dense(13).node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes();
    for (int cut : new int[] {good.length / 2, good.length - 3, 10}) {
      assertThrows(OnnxImportException.class, () -> OnnxImporter.read(Arrays.copyOf(good, cut)), "cut at " + cut);
    }
  }

  @Test
  void unsupportedOpsNameTheNodeOpAndOpset() {
    assertRefused(dense(13).node("ConvTranspose", "deconv", List.of("x", "W"), List.of("y")).bytes(),
        "node 'deconv' (ConvTranspose, opset 13)", "Lamina imports Gemm");
    assertRefused(dense(13).node("MatMul", "mm", List.of("x", "W"), List.of("z"))
        .node("LogSoftmax", "lsm", "z", "y", i("axis", 0)).bytes(), "(LogSoftmax, opset 13)", "axis 0");
    assertRefused(dense(13).node("Gemm", "g", List.of("x", "W"), List.of("y"), i("transA", 1)).bytes(),
        "node 'g' (Gemm, opset 13)", "transA=1");
    assertRefused(dense(13).node("MatMul", "mm", List.of("x", "W"), List.of("z"))
        .node("Selu", "s", "z", "y", f("alpha", 2f)).bytes(), "(Selu, opset 13)", "self-normalising");
    assertRefused(dense(13).node("MatMul", "mm", List.of("x", "W"), List.of("z"))
        .node("Softmax", "sm", "z", "y", i("axis", 0)).bytes(), "(Softmax, opset 13)", "axis 0");
    assertRefused(dense(13).node("MatMul", "mm", List.of("x", "W"), List.of("z"))
        .node("LeakyRelu", "lr", "z", "y", f("alpha", -1f)).bytes(), "(LeakyRelu, opset 13)", "alpha");
    ModelMaker custom = dense(13).node("MatMul", "mm", List.of("x", "W"), List.of("z")).node("Relu", "r", "z", "y");
    custom.graph.getNodeBuilder(1).setDomain("com.microsoft");
    assertRefused(custom.bytes(), "domain 'com.microsoft'");
  }

  @Test
  void reshapeToAShapeFoldedFromTheInputImportsAndAllowZeroIsRefused() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 2, 2).output("y", "N", 2, 2)
        .node("Shape", "shape", "x", "s").node("Reshape", "reshape", List.of("x", "s"), List.of("y"));
    assertEquals(List.of("Reshape"), OnnxImporter.read(m.bytes()).model().layers().stream().map(l -> l.type()).toList());
    ModelMaker n = new ModelMaker(14).input("x", "N", 2, 2).output("y", "N", 4).initLongs("t", new long[] {0, 4}, 2)
        .node("Reshape", "reshape", List.of("x", "t"), List.of("y"), i("allowzero", 1));
    assertRefused(n.bytes(), "(Reshape, opset 14)", "allowzero=1");
  }

  @Test
  void versionsOutsideTheSupportedRange() {
    assertRefused(dense(27).node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "opset 27", "1–26");
    // an old opset imports where its op versions are registered, and is refused naming the version where not
    assertRefused(dense(5).node("MatMul", "mm", List.of("x", "W"), List.of("h")).node("Relu", "relu", "h", "y").bytes(),
        "node 'relu' (Relu, opset 5): op Relu version 1 (the one opset 5 uses) is not supported; Lamina imports Relu "
        + "versions 6, 13, 14");
    ModelMaker ir = new ModelMaker(13, 2, "").input("x", "N", 4).output("y", "N", 3);
    assertRefused(ir.bytes(), "IR version 2");
    ModelMaker noOpset = new ModelMaker(13, 7, "com.example").input("x", "N", 4).output("y", "N", 4);
    assertRefused(noOpset.bytes(), "no ai.onnx opset");
  }

  @Test
  void cyclesUndefinedInputsAndDoubleDefinitions() {
    assertRefused(dense(13).node("Relu", "a", "x2", "x1").node("Relu", "b", "x1", "x2")
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "cycle", "'a' (Relu)");
    assertRefused(dense(13).node("MatMul", "mm", List.of("x", "nope"), List.of("y")).bytes(),
        "node 'mm' (MatMul, opset 13)", "'nope'", "no node, initializer or graph input");
    assertRefused(dense(13).node("Relu", "a", "x", "y").node("Relu", "b", "x", "y").bytes(), "'y' is defined more than once");
  }

  @Test
  void contradictoryShapes() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 5).output("y", "N", 3).init("W", random(12, 1), 4, 3)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y"));
    assertRefused(m.bytes(), "node 'mm' (MatMul, opset 13)", "expect 4 input features", "has 5");
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 7).init("W", random(12, 1), 4, 3)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "declared with shape", "[3]");
    assertRefused(dense(13).init("b", random(2, 1), 2).node("Gemm", "g", List.of("x", "W", "b"), List.of("y")).bytes(),
        "(Gemm, opset 13)", "does not broadcast");
  }

  @Test
  void absurdAndTruncatedTensorsAreRefusedWithoutAllocating() {
    TensorProto huge = TensorProto.newBuilder().setName("W").setDataType(1).addDims(1_000_000).addDims(1_000_000)
        .setRawData(ByteString.copyFrom(new byte[16])).build();
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(huge)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "absurd");
    TensorProto big = TensorProto.newBuilder().setName("W").setDataType(1).addDims(10_000).addDims(10_000)
        .setRawData(ByteString.copyFrom(new byte[16])).build();
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(big)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "truncated", "400000000 bytes");
    TensorProto counted = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4).addDims(3).addFloatData(1f).build();
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(counted)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "holds 1 values");
    TensorProto negative = TensorProto.newBuilder().setName("W").setDataType(1).addDims(-4).addDims(3).build();
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(negative)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "negative dimension");
    assertRefused(new ModelMaker(13).input("x", "N", 1L << 40).output("y", "N", 1L << 40).node("Relu", "r", "x", "y").bytes(),
        "absurd");
    TensorProto half = TensorProto.newBuilder().setName("W").setDataType(10).addDims(4).addDims(3)
        .setRawData(ByteString.copyFrom(new byte[24])).build();
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(half)
        .node("MatMul", "mm", List.of("x", "W"), List.of("y")).bytes(), "FLOAT16");
  }

  @Test
  void graphsLaminaCannotRepresent() {
    assertRefused(new ModelMaker(13).input("a", "N", 4).input("b", "N", 3).output("y", "N", 4)
        .node("Add", "add", List.of("a", "b"), List.of("y")).bytes(), "node 'add' (Add, opset 13)", "[4]", "[3]",
        "sizes are equal or 1");
    assertRefused(new ModelMaker(13).input("a", "N", 2, 2).input("b", "N", 2).output("y", "N", 2, 2)
        .node("Mul", "mul", List.of("a", "b"), List.of("y")).bytes(), "node 'mul' (Mul, opset 13)", "[2, 2]", "[2]",
        "of the same rank");
    assertRefused(new ModelMaker(13).input("a", "N", 4).input("b", "N", 4).output("y", "N", 4)
        .node("Concat", "cat", List.of("a", "b"), List.of("y"), i("axis", 0)).bytes(), "node 'cat' (Concat, opset 13)",
        "batch axis");
    assertRefused(new ModelMaker(13).input("a", "N", 4).output("y", "N", 6).init("c", random(2, 1), 1, 2)
        .node("Concat", "cat", List.of("a", "c"), List.of("y"), i("axis", 1)).bytes(), "(Concat, opset 13)",
        "computed values only");
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("x", "N", 4).bytes(), "graph output 'x' is a graph input");
    assertRefused(new ModelMaker(13).input("x", "N", 4).output("y", "N", 4).node("Div", "div", List.of("x", "x"), List.of("y"))
        .bytes(), "(Div, opset 13)", "both operands");
    assertRefused(new ModelMaker(13).input("x", "N", 3, 2).output("y", "N", 3, 2).init("g", random(2, 1), 2)
        .init("b", random(2, 1), 2).node("BatchNormalization", "bn", List.of("x", "g", "b", "g", "g"), List.of("y")).bytes(),
        "(BatchNormalization, opset 13)", "has 2 values, but the input has 3 channels");
  }

  /** Found by fuzzing (OnnxImporterFuzzTest): Lamina's layer fields damaged, an Add left with one input. */
  @Test
  void damagedLaminaMetadataAndMissingInputsAreNamed() throws Exception {
    dev.lamina.model.Sequential m = dev.lamina.dsl.Network.sequential(1, dev.lamina.dsl.Layers.input(4),
        dev.lamina.dsl.Layers.dense(3), dev.lamina.dsl.Layers.dropout(0.3), dev.lamina.dsl.Layers.batchNormalization());
    dev.lamina.onnx.proto.Onnx.ModelProto proto = OnnxExporter.toModel(m, OnnxExportOptions.defaults());
    assertRefused(withLayerField(proto, "dropout", "rate=0.3", "r\u00e4te=0.3").toByteArray(),
        "metadata_props 'lamina.layer.dropout' has no rate");
    assertRefused(withLayerField(proto, "batch_normalization", "epsilon=0.001", "epsilon=0.0:1").toByteArray(),
        "metadata_props 'lamina.layer.batch_normalization': epsilon is not a number: '0.0:1'");
    byte[] oneInput = new ModelMaker(13).input("x", "N", 4).output("y", "N", 4).node("Add", "add", "x", "y").bytes();
    assertRefused(oneInput, "node 'add' (Add, opset 13): has 1 input(s); Add takes 2");
  }

  private static dev.lamina.onnx.proto.Onnx.ModelProto withLayerField(dev.lamina.onnx.proto.Onnx.ModelProto proto,
      String layer, String field, String damaged) {
    dev.lamina.onnx.proto.Onnx.ModelProto.Builder b = proto.toBuilder();
    for (int i = 0; i < b.getMetadataPropsCount(); i++) {
      if (b.getMetadataProps(i).getKey().equals("lamina.layer." + layer)) {
        String value = b.getMetadataProps(i).getValue();
        assertTrue(value.contains(field), value);
        b.setMetadataProps(i, b.getMetadataProps(i).toBuilder().setValue(value.replace(field, damaged)));
      }
    }
    return b.build();
  }
}

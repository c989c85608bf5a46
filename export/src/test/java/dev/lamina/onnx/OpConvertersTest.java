// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpConvertersTest {

  private static NodeProto node(String op) {
    return NodeProto.newBuilder().setOpType(op).setName("n").addInput("x").addOutput("y").build();
  }

  @Test
  void everyRegisteredOpHasAConverterAtEveryImportedOpset() {
    OpConverters lamina = OpConverters.lamina();
    assertTrue(lamina.ops().containsAll(List.of("Gemm", "MatMul", "BatchNormalization", "Relu", "Softmax", "Flatten",
        "Reshape", "Dropout", "Add", "Sub", "Mul", "Div", "Sum", "Max", "Mean", "Concat", "Conv", "Clip", "HardSigmoid",
        "HardSwish", "Sigmoid", "MaxPool", "AveragePool", "GlobalAveragePool", "ReduceMean", "Identity", "Pad",
        "Transpose", "Resize", "Upsample")), lamina.ops().toString());
    for (String op : lamina.ops()) {
      // from opset 7 (numpy broadcasting) every version is covered; below, only the reviewed legacy versions
      for (int opset = 7; opset <= OnnxVersions.MAX_IMPORT_OPSET; opset++) {
        int since = OnnxOpVersions.sinceVersion(op, opset);
        if (since < 0) { // an op newer than the opset (HardSwish before 14, Gelu before 20)
          int at = opset;
          OnnxImportException e = assertThrows(OnnxImportException.class, () -> lamina.find(node(op), at));
          assertTrue(e.getMessage().contains("does not exist at this opset"), e.getMessage());
          continue;
        }
        OpConverters.Found f = lamina.find(node(op), opset);
        assertEquals(since, f.sinceVersion(), op + " at opset " + opset);
      }
    }
  }

  @Test
  void patternsStartAtTheirFirstOpAndAnUnknownOpIsATypo() {
    OpConverters lamina = OpConverters.lamina();
    for (String op : List.of("Sigmoid", "HardSigmoid", "Mul", "Div", "Pow")) {
      assertEquals(1, lamina.patterns(op).size(), op);
    }
    assertTrue(lamina.patterns("Relu").isEmpty());
    IllegalStateException typo = assertThrows(IllegalStateException.class, () -> new OpConverters().pattern("Sigmoide",
        (n, c) -> false));
    assertEquals("OpConverters: ai.onnx has no op Sigmoide", typo.getMessage());
  }

  @Test
  void theVersionTableGivesTheLargestVersionAtMostTheOpset() {
    assertEquals(11, OnnxOpVersions.sinceVersion("Softmax", 12));
    assertEquals(13, OnnxOpVersions.sinceVersion("Softmax", 26));
    assertEquals(14, OnnxOpVersions.sinceVersion("Relu", 26));
    assertEquals(8, OnnxOpVersions.sinceVersion("Max", 11));
    assertEquals(-1, OnnxOpVersions.sinceVersion("Relu", 0));
    assertEquals(-1, OnnxOpVersions.sinceVersion("NoSuchOp", 13));
    assertTrue(OnnxOpVersions.exists("Conv") && !OnnxOpVersions.exists("Dense"));
  }

  @Test
  void aVersionNobodyRegisteredFailsNamingTheOpVersionNodeAndWhatIsSupported() {
    OpConverters partial = new OpConverters();
    partial.register("Softmax", (n, c) -> { }, 13);
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> partial.find(node("Softmax"), 12));
    assertEquals("ONNX import: node 'n' (Softmax, opset 12): op Softmax version 11 (the one opset 12 uses) is not "
        + "supported; Lamina imports Softmax versions 13", e.getMessage());
    OnnxImportException unknown = assertThrows(OnnxImportException.class, () -> partial.find(node("Conv"), 13));
    assertEquals("ONNX import: node 'n' (Conv, opset 13): op Conv is not supported; Lamina imports Softmax (ai.onnx), "
        + "and Constant nodes, Identity and float Cast resolved", unknown.getMessage());
    OnnxImportException domain = assertThrows(OnnxImportException.class,
        () -> partial.find(node("Softmax").toBuilder().setDomain("com.microsoft").build(), 13));
    assertTrue(domain.getMessage().contains("domain 'com.microsoft' is not supported"), domain.getMessage());
  }

  @Test
  void registeringAVersionTheOpDoesNotHaveOrTwiceFails() {
    OpConverters r = new OpConverters();
    IllegalStateException typo = assertThrows(IllegalStateException.class, () -> r.register("Softmax", (n, c) -> { }, 12));
    assertEquals("OpConverters: Softmax has no version 12; its versions are [1, 11, 13]", typo.getMessage());
    r.register("Relu", (n, c) -> { }, 14);
    assertThrows(IllegalStateException.class, () -> r.register("Relu", (n, c) -> { }, 14));
  }
}

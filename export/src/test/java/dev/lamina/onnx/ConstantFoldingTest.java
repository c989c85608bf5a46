// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.CnnImportTest.ints;
import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape arithmetic and weight chains evaluated at import: graphs as torch's TorchScript exporter and
 * others write them, each checked against ONNX Runtime on the same file.
 */
class ConstantFoldingTest {

  /** x [N, 2, 4, 4] → Conv → Relu → h; nodes after it read h. */
  private static ModelMaker convNet(int opset) {
    return new ModelMaker(opset).input("x", "N", 2, 4, 4).output("y", "N", 3)
        .init("W", random(3 * 2 * 9, 1), 3, 2, 3, 3).init("B", random(3, 2), 3)
        .init("Wd", random(48 * 3, 3), 3, 48).init("Bd", random(3, 4), 3)
        .node("Conv", "conv", List.of("x", "W", "B"), List.of("c"), ints("pads", 1, 1, 1, 1))
        .node("Relu", "relu", "c", "h");
  }

  @Test
  void torchsViewOfSizeZeroAndMinusOneBecomesAFlatten() {
    // x.view(x.size(0), -1): Shape → Gather(0) → Unsqueeze → Concat with [-1] → Reshape; opset 11 has Unsqueeze's axes
    // as an attribute, opset 13 as an input
    for (int opset : new int[] {11, 13}) {
      ModelMaker m = convNet(opset).initLongs("zero", new long[] {0}).initLongs("minus", new long[] {-1}, 1)
          .node("Shape", "shape", "h", "s")
          .node("Gather", "gather", List.of("s", "zero"), List.of("n"), i("axis", 0));
      if (opset < 13) {
        m.node("Unsqueeze", "unsqueeze", List.of("n"), List.of("n1"), ints("axes", 0));
      } else {
        m.initLongs("axes", new long[] {0}, 1).node("Unsqueeze", "unsqueeze", List.of("n", "axes"), List.of("n1"));
      }
      m.node("Concat", "concat", List.of("n1", "minus"), List.of("target"), i("axis", 0))
          .node("Reshape", "view", List.of("h", "target"), List.of("f"))
          .node("Gemm", "fc", List.of("f", "Wd", "Bd"), List.of("y"), i("transB", 1));
      OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("view(size(0), -1) opset " + opset, m.bytes());
      assertEquals(List.of("Conv2D", "Activation", "Flatten", "Dense"), ImportVariantsTest.types(imported.model()));
      assertTrue(imported.notes().stream().anyMatch(n -> n.contains("folded to [N, -1]")), imported.notes().toString());
    }
  }

  @Test
  void minusOneAndTheProductOfTheSampleDimsBecomesAFlatten() {
    // reshape(-1, C*H*W) with C*H*W computed from the shape: Gather each dim, Mul them, Unsqueeze, Concat
    ModelMaker m = convNet(13).initLongs("one", new long[] {1}).initLongs("two", new long[] {2})
        .initLongs("three", new long[] {3}).initLongs("minus", new long[] {-1}, 1).initLongs("axes", new long[] {0}, 1)
        .node("Shape", "shape", "h", "s")
        .node("Gather", "g1", List.of("s", "one"), List.of("cc"))
        .node("Gather", "g2", List.of("s", "two"), List.of("hh"))
        .node("Gather", "g3", List.of("s", "three"), List.of("ww"))
        .node("Mul", "m1", List.of("cc", "hh"), List.of("chw0"))
        .node("Mul", "m2", List.of("chw0", "ww"), List.of("chw"))
        .node("Unsqueeze", "u", List.of("chw", "axes"), List.of("chw1"))
        .node("Concat", "concat", List.of("minus", "chw1"), List.of("target"), i("axis", 0))
        .node("Reshape", "reshape", List.of("h", "target"), List.of("f"))
        .node("Gemm", "fc", List.of("f", "Wd", "Bd"), List.of("y"), i("transB", 1));
    OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("reshape(-1, C*H*W)", m.bytes());
    assertEquals(List.of("Conv2D", "Activation", "Flatten", "Dense"), ImportVariantsTest.types(imported.model()));
  }

  @Test
  void theBatchWithSampleDimsSlicedFromTheShapeGivesAReshapeLayer() {
    // reshape(N, 3, 16) built from Slice(shape, 0, 1) and constants; Cast to int64 as some exporters write
    ModelMaker m = convNet(13).initLongs("start", new long[] {0}, 1).initLongs("end", new long[] {1}, 1)
        .initLongs("rest", new long[] {3, 16}, 2)
        .node("Shape", "shape", "h", "s")
        .node("Slice", "slice", List.of("s", "start", "end"), List.of("n"))
        .node("Cast", "cast", List.of("n"), List.of("n64"), i("to", TensorProto.DataType.INT64_VALUE))
        .node("Concat", "concat", List.of("n64", "rest"), List.of("target"), i("axis", 0))
        .node("Reshape", "reshape", List.of("h", "target"), List.of("r"))
        .node("Flatten", "flatten", "r", "f")
        .node("Gemm", "fc", List.of("f", "Wd", "Bd"), List.of("y"), i("transB", 1));
    OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("reshape(N, 3, 16)", m.bytes());
    assertEquals(List.of("Conv2D", "Activation", "Reshape", "Flatten", "Dense"),
        ImportVariantsTest.types(imported.model()));
  }

  @Test
  void weightChainsOfConstantsFold() {
    // a bias made by ConstantOfShape, Unsqueeze and Squeeze; a weight sliced, transposed and divided; Shape of a constant
    AttributeProto half = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
        .setT(ModelMaker.floats("v", new float[] {0.5f}, 1)).build();
    ModelMaker m = new ModelMaker(13).input("x", "N", 4).output("y", "N", 3)
        .initLongs("len", new long[] {3}, 1).initLongs("axes", new long[] {0}, 1)
        .init("Wbig", random(5 * 4, 5), 5, 4).initLongs("s0", new long[] {1}, 1).initLongs("s1", new long[] {4}, 1)
        .init("two", new float[] {2f})
        .node("ConstantOfShape", "fill", List.of("len"), List.of("b0"), half)
        .node("Unsqueeze", "unsq", List.of("b0", "axes"), List.of("b1"))
        .node("Squeeze", "sq", List.of("b1", "axes"), List.of("b"))
        .node("Slice", "rows", List.of("Wbig", "s0", "s1", "axes"), List.of("W0"))
        .node("Transpose", "t", List.of("W0"), List.of("W1"), ints("perm", 1, 0))
        .node("Div", "halve", List.of("W1", "two"), List.of("W2"))
        .node("Shape", "wshape", "W2", "ws")
        .node("Reshape", "same", List.of("W2", "ws"), List.of("W"))
        .node("MatMul", "dense", List.of("x", "W"), List.of("h"))
        .node("Add", "bias", List.of("h", "b"), List.of("y"));
    // W0 = Wbig[1:4] is [3, 4], transposed [4, 3]: a Dense of 4 → 3
    OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("weight chains", m.bytes());
    assertEquals(List.of("Dense"), ImportVariantsTest.types(imported.model()));
  }

  /**
   * Each folded op's semantics against ONNX Runtime, which computes the same chains at run time:
   * six constants of six values, each made by a chain and added to x.
   */
  @Test
  void foldedChainsGiveWhatOnnxRuntimeComputes() {
    AttributeProto quarter = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
        .setT(ModelMaker.floats("v", new float[] {0.25f}, 1)).build();
    ModelMaker m = new ModelMaker(13).input("x", "N", 6).output("y", "N", 6)
        .initLongs("r0", new long[] {0}).initLongs("r20", new long[] {20}).initLongs("r1", new long[] {1})
        .initLongs("start", new long[] {17}, 1).initLongs("end", new long[] {-100}, 1).initLongs("axis0", new long[] {0}, 1)
        .initLongs("step", new long[] {-3}, 1).initLongs("flat", new long[] {-1}, 1)
        .init("C", random(12, 21), 3, 4).initLongs("idx", new long[] {-1, 0}, 2)
        .init("T", random(6, 22), 2, 3).init("S", random(6, 23), 1, 3, 1, 2)
        .initLongs("m7", new long[] {-7}).initLongs("p5", new long[] {5}).initLongs("p2", new long[] {2})
        .initLongs("dims", new long[] {2, 3}, 2)
        // 1: Slice with a negative step: Range(0, 20)[17:-100:-3] = [17, 14, 11, 8, 5, 2]
        .node("Range", "range", List.of("r0", "r20", "r1"), List.of("ints"))
        .node("Cast", "tofloat", List.of("ints"), List.of("floats"), i("to", TensorProto.DataType.FLOAT_VALUE))
        .node("Slice", "slice", List.of("floats", "start", "end", "axis0", "step"), List.of("k1"))
        // 2: Gather with a negative index along axis 1: C[:, [-1, 0]] is [3, 2]
        .node("Gather", "gather", List.of("C", "idx"), List.of("g"), i("axis", 1))
        .node("Reshape", "g6", List.of("g", "flat"), List.of("k2"))
        // 3: Transpose [2, 3] → [3, 2]
        .node("Transpose", "transpose", List.of("T"), List.of("t"))
        .node("Reshape", "t6", List.of("t", "flat"), List.of("k3"))
        // 4: Squeeze without axes drops every 1
        .node("Squeeze", "squeeze", List.of("S"), List.of("sq"))
        .node("Reshape", "s6", List.of("sq", "flat"), List.of("k4"))
        // 5: integer Div truncates toward zero: [-7, -5, -3, -1, 1, 3] / 2 = [-3, -2, -1, 0, 0, 1]
        .node("Range", "odd", List.of("m7", "p5", "p2"), List.of("o"))
        .node("Div", "half", List.of("o", "p2"), List.of("h"))
        .node("Cast", "hfloat", List.of("h"), List.of("k5"), i("to", TensorProto.DataType.FLOAT_VALUE))
        // 6: ConstantOfShape [2, 3] of 0.25
        .node("ConstantOfShape", "fill", List.of("dims"), List.of("q"), quarter)
        .node("Reshape", "q6", List.of("q", "flat"), List.of("k6"))
        .node("Add", "a1", List.of("x", "k1"), List.of("y1")).node("Add", "a2", List.of("y1", "k2"), List.of("y2"))
        .node("Add", "a3", List.of("y2", "k3"), List.of("y3")).node("Add", "a4", List.of("y3", "k4"), List.of("y4"))
        .node("Add", "a5", List.of("y4", "k5"), List.of("y5")).node("Add", "a6", List.of("y5", "k6"), List.of("y"));
    OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("folded chains", m.bytes());
    assertEquals(6, imported.model().layers().size(), "one Rescaling per constant added");
  }

  @Test
  void everyFoldedOpIsReviewedAtEveryOpsetFromNineOn() {
    for (var e : ConstantFolding.REVIEWED.entrySet()) {
      for (int opset = Math.max(9, e.getValue().stream().min(Integer::compare).orElseThrow());
          opset <= OnnxVersions.MAX_IMPORT_OPSET; opset++) {
        assertTrue(e.getValue().contains(OnnxOpVersions.sinceVersion(e.getKey(), opset)), e.getKey() + " at opset "
            + opset + " uses version " + OnnxOpVersions.sinceVersion(e.getKey(), opset) + ", not reviewed");
      }
    }
  }

  @Test
  void arithmeticOnTheBatchSizeIsRefusedNamingTheNode() {
    ModelMaker m = convNet(13).initLongs("zero", new long[] {0}).initLongs("two", new long[] {2})
        .initLongs("minus", new long[] {-1}, 1).initLongs("axes", new long[] {0}, 1)
        .node("Shape", "shape", "h", "s")
        .node("Gather", "gather", List.of("s", "zero"), List.of("n"))
        .node("Mul", "twice", List.of("n", "two"), List.of("n2"))
        .node("Unsqueeze", "u", List.of("n2", "axes"), List.of("n1"))
        .node("Concat", "concat", List.of("n1", "minus"), List.of("target"), i("axis", 0))
        .node("Reshape", "view", List.of("h", "target"), List.of("f"))
        .node("Gemm", "fc", List.of("f", "Wd", "Bd"), List.of("y"), i("transB", 1));
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(m.bytes()));
    assertTrue(e.getMessage().startsWith("ONNX import: node 'twice' (Mul, opset 13): computes with the batch size"),
        e.getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.ModelMaker.f;
import static dev.lamina.onnx.ModelMaker.random;
import static dev.lamina.onnx.ImportVariantsTest.assertMatchesRuntime;
import static dev.lamina.onnx.ImportVariantsTest.types;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Layer;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX import of the activations: every activation Lamina exports comes back as the same activation,
 * fused in its Dense or as an Activation layer, with identical predictions, at every opset 13–21;
 * and the forms other exporters write (torch's Clip, HardSigmoid·x, Sigmoid·x and GELU
 * decompositions, Keras' and TensorFlow's orders, Gelu at opset 20) import and agree with ONNX
 * Runtime.
 */
class ActivationImportTest {

  static Stream<Arguments> activations() {
    return TestModels.activations().stream().map(a -> Arguments.of(a.toString(), a));
  }

  /** The activations of a model's layers, in order: a Dense's own, or an Activation layer's. */
  private static List<Activation> activationsOf(Model m) {
    List<Activation> found = new ArrayList<>();
    for (Layer l : m.layers()) {
      if (l instanceof Dense d) {
        found.add(d.activation());
      } else if (l instanceof ActivationLayer a) {
        found.add(a.activation());
      }
    }
    return found;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void whatLaminaExportsImportsBackToTheSameActivationAtEveryOpset(String name, Activation a) {
    Tensor range = ActivationExportTest.rangeInputs();
    java.util.SplittableRandom r = new java.util.SplittableRandom(9);
    float[] g = new float[32 * 4];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (3 * r.nextGaussian());
    }
    Tensor gaussian = Tensor.of(g, 32, 4);
    for (int opset = OnnxVersions.MIN_EXPORT_OPSET; opset <= OnnxVersions.MAX_EXPORT_OPSET; opset++) {
      for (Sequential original : List.of(ActivationExportTest.fused(a), ActivationExportTest.layer(a),
          TestModels.activation(a))) {
        byte[] bytes = OnnxExporter.toBytes(original, OnnxExportOptions.defaults().opset(opset));
        OnnxImport imported = OnnxImporter.read(bytes);
        Sequential back = imported.sequential();
        String what = name + " opset " + opset + " " + types(original);
        assertEquals(types(original), types(back), what + ": " + imported.notes());
        assertEquals(original.layers().stream().map(Layer::name).toList(), back.layers().stream().map(Layer::name).toList(),
            what);
        assertEquals(activationsOf(original), activationsOf(back), what);
        Tensor x = original.input().shape()[0] == range.shape()[1] ? range : gaussian;
        assertArrayEquals(original.predict(x).data(), back.predict(x).data(), 0f, what + ": predictions");
      }
    }
  }

  // ---- Clip ------------------------------------------------------------------------------------

  /** x [N, 5] → Gemm → the nodes → y; the nodes read "h" and write "y". */
  private static ModelMaker dense(int opset) {
    return new ModelMaker(opset).input("x", "N", 5).output("y", "N", 4).init("W", random(20, 1), 5, 4)
        .init("b", random(4, 2), 4).node("Gemm", "fc", List.of("x", "W", "b"), List.of("h"));
  }

  private static Activation onlyActivation(Model m) {
    List<Activation> a = activationsOf(m);
    assertEquals(2, a.size(), a.toString());
    assertEquals(Activations.LINEAR, a.get(0), "the Gemm stays linear: the nodes are not named fc/...");
    return a.get(1);
  }

  @Test
  void clipWithAttributesBeforeOpset11() {
    byte[] relu6 = dense(9).node("Clip", "clip", "h", "y", f("min", 0), f("max", 6)).bytes();
    assertEquals(Activations.RELU6, onlyActivation(assertMatchesRuntime("Clip-6 (0, 6)", relu6).model()));
    byte[] relu = dense(10).node("Clip", "clip", "h", "y", f("min", 0)).bytes();
    assertEquals(Activations.RELU, onlyActivation(assertMatchesRuntime("Clip-6 (0, none)", relu).model()));
  }

  @Test
  void clipWithInputsFromOpset11AnEmptyNameBeingAbsent() {
    byte[] constants = dense(11).constant("zero", new float[] {0}).constant("six", new float[] {6})
        .node("Clip", "clip", List.of("h", "zero", "six"), List.of("y")).bytes();
    assertEquals(Activations.RELU6, onlyActivation(assertMatchesRuntime("Clip-11 Constant nodes", constants).model()));
    byte[] initializers = dense(13).init("lo", new float[] {0}).init("hi", new float[] {2.5f})
        .node("Clip", "clip", List.of("h", "lo", "hi"), List.of("y")).bytes();
    assertEquals(Activations.relu(2.5), onlyActivation(assertMatchesRuntime("Clip-13 (0, 2.5)", initializers).model()));
    byte[] noMax = dense(12).init("lo", new float[] {0}).node("Clip", "clip", List.of("h", "lo", ""), List.of("y")).bytes();
    assertEquals(Activations.RELU, onlyActivation(assertMatchesRuntime("Clip-12 (0, '')", noMax).model()));
    byte[] minOnly = dense(13).init("lo", new float[] {0}).node("Clip", "clip", List.of("h", "lo"), List.of("y")).bytes();
    assertEquals(Activations.RELU, onlyActivation(assertMatchesRuntime("Clip-13 (0)", minOnly).model()));
  }

  @Test
  void clipToOtherBoundsIsRefusedNamingThem() {
    byte[] hardTanh = dense(13).init("lo", new float[] {-1}).init("hi", new float[] {1})
        .node("Clip", "hardtanh", List.of("h", "lo", "hi"), List.of("y")).bytes();
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(hardTanh));
    assertTrue(e.getMessage().contains("Clip to [-1.0, 1.0]; Lamina imports Clip with min 0"), e.getMessage());
    assertTrue(e.getMessage().contains("hardtanh"), e.getMessage());
    byte[] maxOnly = dense(13).init("hi", new float[] {6}).node("Clip", "clip", List.of("h", "", "hi"), List.of("y"))
        .bytes();
    assertThrows(OnnxImportException.class, () -> OnnxImporter.read(maxOnly));
  }

  // ---- HardSigmoid, HardSwish, Softplus, Gelu ----------------------------------------------------

  @Test
  void hardSigmoidReadsAlphaAndBetaWithOnnxDefaults() {
    byte[] defaults = dense(13).node("HardSigmoid", "hs", "h", "y").bytes();
    assertEquals(Activations.hardSigmoid(0.2, 0.5), onlyActivation(assertMatchesRuntime("HardSigmoid defaults", defaults)
        .model()));
    byte[] torch = dense(17).node("HardSigmoid", "hs", "h", "y", f("alpha", (float) (1.0 / 6))).bytes();
    assertEquals(Activations.HARD_SIGMOID, onlyActivation(assertMatchesRuntime("HardSigmoid torch", torch).model()));
    byte[] other = dense(22).node("HardSigmoid", "hs", "h", "y", f("alpha", 0.3f), f("beta", -0.25f)).bytes();
    assertEquals(Activations.hardSigmoid(0.3, -0.25), onlyActivation(assertMatchesRuntime("HardSigmoid-22 (0.3, -0.25)",
        other).model()));
  }

  @Test
  void hardSwishAsOneOpOrAsTorchWritesItBeforeOpset14() {
    byte[] op = dense(14).node("HardSwish", "hswish", "h", "y").bytes();
    assertEquals(Activations.HARD_SWISH, onlyActivation(assertMatchesRuntime("HardSwish-14", op).model()));
    byte[] op22 = dense(22).node("HardSwish", "hswish", "h", "y").bytes();
    assertEquals(Activations.HARD_SWISH, onlyActivation(assertMatchesRuntime("HardSwish-22", op22).model()));
    // torch 1.13 at opset 13: HardSigmoid(alpha=1/6) (beta left at its default 0.5), then Mul(x, ·)
    byte[] torch = dense(13).node("HardSigmoid", "/act/HardSigmoid", "h", "s", f("alpha", (float) (1.0 / 6)))
        .node("Mul", "/act/Mul", List.of("h", "s"), List.of("y")).bytes();
    Sequential m = assertMatchesRuntime("HardSigmoid·x", torch).sequential();
    assertEquals(Activations.HARD_SWISH, onlyActivation(m));
    assertEquals("/act/HardSigmoid", m.layers().get(1).name());
    byte[] swapped = dense(13).node("HardSigmoid", "hs", "h", "s", f("alpha", (float) (1.0 / 6)), f("beta", 0.5f))
        .node("Mul", "mul", List.of("s", "h"), List.of("y")).bytes();
    assertEquals(Activations.HARD_SWISH, onlyActivation(assertMatchesRuntime("x·HardSigmoid", swapped).model()));
    // another slope is a hard sigmoid times x: two layers
    byte[] keras2 = dense(13).node("HardSigmoid", "hs", "h", "s").node("Mul", "mul", List.of("h", "s"), List.of("y")).bytes();
    assertEquals(List.of("Dense", "Activation", "Multiply"), types(assertMatchesRuntime("x·HardSigmoid(0.2)", keras2)
        .model()));
  }

  @Test
  void softplusAndGelu() {
    assertEquals(Activations.SOFTPLUS, onlyActivation(assertMatchesRuntime("Softplus",
        dense(13).node("Softplus", "sp", "h", "y").bytes()).model()));
    assertEquals(Activations.SOFTPLUS, onlyActivation(assertMatchesRuntime("Softplus-22",
        dense(22).node("Softplus", "sp", "h", "y").bytes()).model()));
    assertEquals(Activations.GELU, onlyActivation(assertMatchesRuntime("Gelu-20 default",
        dense(20).node("Gelu", "gelu", "h", "y").bytes()).model()));
    assertEquals(Activations.GELU_TANH, onlyActivation(assertMatchesRuntime("Gelu-20 tanh",
        dense(21).node("Gelu", "gelu", "h", "y", string("approximate", "tanh")).bytes()).model()));
    byte[] bad = dense(20).node("Gelu", "gelu", "h", "y", string("approximate", "erf")).bytes();
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(bad));
    assertTrue(e.getMessage().contains("approximate='erf'"), e.getMessage());
  }

  private static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  // ---- formulas of several nodes --------------------------------------------------------------

  @Test
  void sigmoidTimesTheSameValueIsSilu() {
    byte[] torch = dense(13).node("Sigmoid", "/act/Sigmoid", "h", "s").node("Mul", "/act/Mul", List.of("h", "s"),
        List.of("y")).bytes();
    OnnxImport imported = assertMatchesRuntime("SiLU torch", torch);
    assertEquals(Activations.SILU, onlyActivation(imported.model()));
    assertTrue(imported.notes().stream().anyMatch(n -> n.contains("[Sigmoid, Mul]") && n.contains("silu")),
        imported.notes().toString());
    byte[] swapped = dense(17).node("Sigmoid", "sig", "h", "s").node("Mul", "mul", List.of("s", "h"), List.of("y")).bytes();
    assertEquals(Activations.SILU, onlyActivation(assertMatchesRuntime("SiLU s·x", swapped).model()));
  }

  @Test
  void aSigmoidReadElsewhereOrTimesAnotherValueStaysASigmoid() {
    // the sigmoid's output is also an output of the model: two layers and a merge
    byte[] shared = dense(13).output("s", "N", 4).node("Sigmoid", "sig", "h", "s")
        .node("Mul", "mul", List.of("h", "s"), List.of("y")).bytes();
    assertEquals(List.of("Dense", "Activation", "Multiply"), types(assertMatchesRuntime("Sigmoid also an output", shared)
        .model()));
    // σ(h)·g with g another value
    byte[] other = dense(13).node("Tanh", "tanh", "h", "g").node("Sigmoid", "sig", "h", "s")
        .node("Mul", "mul", List.of("g", "s"), List.of("y")).bytes();
    assertEquals(List.of("Dense", "Activation", "Activation", "Multiply"), types(assertMatchesRuntime("σ(h)·tanh(h)", other)
        .model()));
  }

  @Test
  void torchsExactGeluDecompositionIsGelu() {
    // torch 1.13, opset 13: Div(x, 1.4142135) Erf Add(1) Mul(x, ·) Mul(·, 0.5), the constants as Constant nodes
    byte[] torch = dense(13).constant("sqrt2", new float[] {1.4142135f}).constant("one", new float[] {1f})
        .constant("half", new float[] {0.5f})
        .node("Div", "/act/Div", List.of("h", "sqrt2"), List.of("d")).node("Erf", "/act/Erf", "d", "e")
        .node("Add", "/act/Add", List.of("e", "one"), List.of("a")).node("Mul", "/act/Mul", List.of("h", "a"), List.of("m"))
        .node("Mul", "/act/Mul_1", List.of("m", "half"), List.of("y")).bytes();
    Sequential m = assertMatchesRuntime("GELU torch", torch).sequential();
    assertEquals(Activations.GELU, onlyActivation(m));
    assertEquals("/act/Div", m.layers().get(1).name());
    // 0.5·x first, and x·(1/√2) instead of x/√2 (as Keras-style graphs write it)
    byte[] keras = dense(15).init("half", new float[] {0.5f}).init("rsqrt2", new float[] {0.70710677f})
        .init("one", new float[] {1f}, 1)
        .node("Mul", "half_x", List.of("half", "h"), List.of("hx")).node("Mul", "scale", List.of("h", "rsqrt2"), List.of("d"))
        .node("Erf", "erf", "d", "e").node("Add", "plus1", List.of("one", "e"), List.of("a"))
        .node("Mul", "gelu", List.of("hx", "a"), List.of("y")).bytes();
    Sequential k = assertMatchesRuntime("GELU 0.5·x·(1 + erf(x·0.7071))", keras).sequential();
    assertEquals(Activations.GELU, onlyActivation(k));
    assertEquals("half_x", k.layers().get(1).name());
  }

  @Test
  void theTanhGeluFormulaIsGeluTanh() {
    // TensorFlow-style: Pow(x, 3), the constants initializers, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    byte[] pow = dense(13).init("three", new float[] {3f}).init("c", new float[] {0.044715f})
        .init("s", new float[] {(float) Math.sqrt(2 / Math.PI)}).init("one", new float[] {1f}).init("half", new float[] {0.5f})
        .node("Pow", "cube", List.of("h", "three"), List.of("x3")).node("Mul", "cubic", List.of("c", "x3"), List.of("t1"))
        .node("Add", "inner", List.of("h", "t1"), List.of("t2")).node("Mul", "scaled", List.of("s", "t2"), List.of("t3"))
        .node("Tanh", "tanh", "t3", "t4").node("Add", "plus1", List.of("one", "t4"), List.of("t5"))
        .node("Mul", "half_cdf", List.of("half", "t5"), List.of("cdf")).node("Mul", "gelu", List.of("h", "cdf"), List.of("y"))
        .bytes();
    Sequential m = assertMatchesRuntime("GELU tanh with Pow", pow).sequential();
    assertEquals(Activations.GELU_TANH, onlyActivation(m));
    assertEquals("cube", m.layers().get(1).name());
  }

  @Test
  void aFormulaWithOtherConstantsIsNotTaken() {
    // x/2 instead of x/√2: not GELU; Erf alone is not imported, so the model fails at the Erf node
    byte[] notGelu = dense(13).init("two", new float[] {2f}).init("one", new float[] {1f}).init("half", new float[] {0.5f})
        .node("Div", "div", List.of("h", "two"), List.of("d")).node("Erf", "erf", "d", "e")
        .node("Add", "add", List.of("e", "one"), List.of("a")).node("Mul", "mul", List.of("h", "a"), List.of("m"))
        .node("Mul", "mul_1", List.of("m", "half"), List.of("y")).bytes();
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(notGelu));
    assertTrue(e.getMessage().contains("op Erf is not supported"), e.getMessage());
  }

  @Test
  void aFormulaLaminaWroteForADenseIsFusedIntoIt() {
    for (Activation a : List.of(Activations.SILU, Activations.GELU, Activations.GELU_TANH, Activations.HARD_SWISH)) {
      Sequential original = ActivationExportTest.fused(a);
      Sequential back = OnnxImporter.read(OnnxExporter.toBytes(original, OnnxExportOptions.defaults().opset(13)))
          .sequential();
      assertEquals(List.of("Dense"), types(back), a.toString());
      assertEquals(a, ((Dense) back.layers().get(0)).activation());
    }
  }
}

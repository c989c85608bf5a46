// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.layers.Input;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Activations of one's own export through {@link OnnxExportableActivation}, a mapping for their
 * class or for the activation itself in {@link OnnxExportOptions}, fused in a Dense and as an
 * Activation layer, with ONNX Runtime parity; without one, the export fails naming the activation,
 * the layer and the ways to supply one.
 */
class UserActivationExportTest {

  /** x · σ(beta·x), writing its own nodes. */
  record Swish(double beta) implements Activation, OnnxExportableActivation {
    @Override
    public String name() {
      return "swish";
    }

    @Override
    public void forward(Matrix z, Matrix out) {
      for (int i = 0; i < z.size(); i++) {
        double x = z.data()[i];
        out.data()[i] = (float) (x / (1 + Math.exp(-beta * x)));
      }
    }

    @Override
    public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
      throw new UnsupportedOperationException("not trained here");
    }

    @Override
    public void exportOnnx(String x, OnnxNodeWriter w) {
      String scaled = w.node("Mul", List.of(x, w.constant("swish_beta", new float[] {(float) beta})));
      w.output("Mul", List.of(x, w.node("Sigmoid", List.of(scaled))));
    }
  }

  /** x³, without an ONNX mapping of its own. */
  record Cube() implements Activation {
    @Override
    public String name() {
      return "cube";
    }

    @Override
    public void forward(Matrix z, Matrix out) {
      for (int i = 0; i < z.size(); i++) {
        float x = z.data()[i];
        out.data()[i] = x * x * x;
      }
    }

    @Override
    public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
      throw new UnsupportedOperationException("not trained here");
    }
  }

  private static final OnnxActivationExport<Activation> CUBE = (a, x, w) ->
      w.output("Mul", List.of(x, w.node("Mul", List.of(x, x))));

  /** Dense(4, a) → Dense(4) → Activation(a), random weights. */
  private static Sequential model(Activation a) {
    return TestModels.randomized(Sequential.of(3, Input.of(6), Layers.dense(4, a).name("dense"), Layers.dense(4),
        new dev.lamina.layers.ActivationLayer.Spec(a, "act")), 5);
  }

  /**
   * Exports at opsets 13, 17 and 21, checks, and compares with ONNX Runtime (on the range inputs and
   * on random ones) within 1e-5 relative to the largest output (x³ reaches 1e6 at x = 100).
   */
  private static void assertParity(String what, Activation a, OnnxExportOptions options) {
    Tensor x = ActivationExportTest.rangeInputs();
    for (int opset : new int[] {13, 17, 21}) {
      OnnxExportOptions o = options.opset(opset);
      double worst = 0;
      for (Sequential m : List.of(ActivationExportTest.fused(a), ActivationExportTest.layer(a), model(a))) {
        byte[] bytes = OnnxExporter.toBytes(m, o);
        OnnxChecker.check(bytes);
        OnnxRuntimeCheck.Result r = m.inputs().get(0).shape()[0] == 16 ? OnnxRuntimeCheck.compare(m, bytes, x)
            : OnnxRuntimeCheck.compare(m, bytes, 16, opset);
        double relative = r.maxAbsDiff() / Math.max(1, maxAbs(r.lamina().data()));
        assertTrue(relative <= OnnxExporterTest.TOLERANCE, what + " opset " + opset + ": " + r.maxAbsDiff());
        worst = Math.max(worst, relative);
      }
      System.out.printf(Locale.ROOT, "[onnx-parity] %-45s opset %d max|diff|/max(1, max|y|) %.3e%n", what, opset, worst);
    }
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  @Test
  void anActivationImplementingOnnxExportableActivationExportsItself() {
    assertParity("OnnxExportableActivation swish(1.5)", new Swish(1.5), OnnxExportOptions.defaults());
    List<String> ops = OnnxExporter.toModel(model(new Swish(1.5)), OnnxExportOptions.defaults()).getGraph().getNodeList()
        .stream().map(NodeProto::getOpType).toList();
    assertEquals(List.of("Gemm", "Mul", "Sigmoid", "Mul", "Gemm", "Mul", "Sigmoid", "Mul"), ops);
  }

  @Test
  void aMappingForTheActivationClassInTheOptions() {
    OnnxExportOptions options = OnnxExportOptions.defaults().activationExport(Cube.class, CUBE);
    assertParity("cube mapped by class", new Cube(), options);
  }

  @Test
  void aMappingForAnActivationMadeByActivationsOf() {
    Activation cube = Activations.of("cube", x -> x * x * x, (x, y) -> 3 * x * x);
    assertParity("Activations.of cube mapped in the options", cube, OnnxExportOptions.defaults().activationExport(cube, CUBE));
  }

  @Test
  void theOptionsMappingComesBeforeTheActivationsOwnAndLaminas() {
    OnnxActivationExport<Activation> max = (a, x, w) -> w.output("Max", List.of(x, w.constant("zero", new float[] {0f})));
    OnnxExportOptions options = OnnxExportOptions.defaults().activationExport(Activations.RELU, max);
    assertParity("relu as Max(x, 0)", Activations.RELU, options);
    List<String> ops = OnnxExporter.toModel(model(Activations.RELU), options).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).toList();
    assertEquals(List.of("Gemm", "Max", "Gemm", "Max"), ops);
    OnnxExportOptions byClass = OnnxExportOptions.defaults().activationExport(Swish.class, (a, x, w) -> {
      String scaled = w.node("Mul", List.of(x, w.constant("beta", new float[] {(float) a.beta()})));
      w.output("Mul", List.of(w.node("Sigmoid", List.of(scaled)), x)); // σ first: Swish writes x first
    });
    List<NodeProto> nodes = OnnxExporter.toModel(model(new Swish(2)), byClass).getGraph().getNodeList();
    assertEquals("dense/sigmoid", nodes.get(3).getInput(0), "the class mapping, not the activation's own nodes");
    assertParity("swish(2) mapped by class", new Swish(2), byClass);
  }

  @Test
  void anActivationWithoutMappingFailsNamingItTheLayerAndTheWaysToSupplyOne() {
    IllegalArgumentException fused = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(model(new Cube())));
    assertEquals("OnnxExporter: activation 'cube' (class dev.lamina.onnx.UserActivationExportTest$Cube), used by "
        + "Dense(name=dense), has no ONNX mapping; implement dev.lamina.onnx.OnnxExportableActivation in Cube, or pass one "
        + "with OnnxExportOptions.defaults().activationExport(Cube.class, (a, x, writer) -> ...) or "
        + "OnnxExportOptions.defaults().activationExport(activation, (a, x, writer) -> ...)", fused.getMessage());
    Activation made = Activations.of("cube", x -> x * x * x, (x, y) -> 3 * x * x);
    Sequential layer = Sequential.of(1, Input.of(3), new dev.lamina.layers.ActivationLayer.Spec(made, "my_cube"));
    IllegalArgumentException ofFailure = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(layer));
    assertTrue(ofFailure.getMessage().startsWith("OnnxExporter: activation 'cube' (class dev.lamina.activations."),
        ofFailure.getMessage());
    assertTrue(ofFailure.getMessage().contains("(name=my_cube), has no ONNX mapping; pass one with "
        + "OnnxExportOptions.defaults().activationExport(activation, (a, x, writer) -> ...)"), ofFailure.getMessage());
    // a mapping for another activation of the same class does not apply
    Activation other = Activations.of("cube", x -> x * x * x, (x, y) -> 3 * x * x);
    assertThrows(IllegalArgumentException.class,
        () -> OnnxExporter.toBytes(layer, OnnxExportOptions.defaults().activationExport(other, CUBE)));
    IllegalArgumentException noOutput = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toBytes(
        model(new Cube()), OnnxExportOptions.defaults().activationExport(Cube.class, (a, x, w) -> w.node("Mul",
            List.of(x, x)))));
    assertEquals("OnnxExporter: the ONNX mapping of activation 'cube' (in Dense(name=dense)) wrote no output node; it "
        + "must end with OnnxNodeWriter.output(...)", noOutput.getMessage());
  }
}

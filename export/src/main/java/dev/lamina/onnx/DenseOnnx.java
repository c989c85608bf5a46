package dev.lamina.onnx;

import static dev.lamina.onnx.OnnxAttribute.ofFloat;
import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.activations.Linear;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense ↔ Gemm. Export: {@code Gemm(x, kernel, bias)} with {@code transB = 0} (Lamina's kernel is
 * [in, out], so no value is transposed) and alpha = beta = 1 written out, then the activation's
 * nodes ({@code dense/<op>}). Import: Gemm (any transB, alpha, beta) and MatMul with a constant
 * rank-2 operand, followed by an Add of a constant bias when there is one.
 */
final class DenseOnnx {
  private DenseOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Dense.class, DenseOnnx::export);
  }

  private static void export(Dense d, OnnxNodeWriter w) {
    List<String> in = new ArrayList<>(List.of(w.input(), w.weight(d.kernel())));
    Parameter bias = d.bias();
    if (bias != null) {
      in.add(w.weight(bias));
    }
    OnnxAttribute[] gemm = {ofFloat("alpha", 1), ofFloat("beta", 1), ofInt("transA", 0), ofInt("transB", 0)};
    if (d.activation() instanceof Linear) {
      w.output("Gemm", in, gemm);
    } else {
      w.outputActivation(d.activation(), w.node("Gemm", in, gemm));
    }
    w.describe("activation", d.activation().name());
  }
}

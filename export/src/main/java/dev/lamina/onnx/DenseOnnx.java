// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.OnnxAttribute.ofFloat;
import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.activations.Linear;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Parameter;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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

  static void registerConverters(OpConverters converters) {
    // v6: broadcast attribute (C is [M, N] without it; the bias rules below accept only a C Dense can hold); v7 dropped
    // broadcast, v11 made C optional
    converters.register("Gemm", DenseOnnx::gemm, 6, 7, 9, 11, 13);
    converters.register("MatMul", DenseOnnx::matMul, 1, 9, 13);
  }

  /** Gemm(x, W, C?): transB either way, alpha folded into W and beta into the bias; transA=1 is refused. */
  private static void gemm(NodeProto n, ImportContext c) {
    if (!c.isX(n, 0)) {
      throw c.error(n, "the layer input must be A (the first operand); Lamina imports Gemm(x, W, b)");
    }
    if (intOr(n, "transA", 0) != 0) {
      throw c.error(n, "transA=1 puts the batch on axis 1, which is not a dense layer; Lamina supports transA=0 with "
          + "any transB, alpha and beta");
    }
    if (c.unbatched()) {
      throw c.error(n, "Gemm needs a rank-2 input, but the graph input has no batch axis");
    }
    Constant b = c.weight(n, 1, "B (the weights)", 2);
    boolean transB = intOr(n, "transB", 0) != 0;
    int rows = (int) b.dims()[0];
    int cols = (int) b.dims()[1];
    int in = transB ? cols : rows;
    int out = transB ? rows : cols;
    float[] kernel = transB ? transpose(b.floats(), rows, cols) : b.floats().clone();
    scale(kernel, floatOr(n, "alpha", 1f));
    float[] bias = null;
    Constant bc = c.optionalWeight(n, 2, "C (the bias)");
    if (bc != null) {
      bias = bias(bc, out);
      if (bias == null) {
        throw c.error(n, "bias C " + bc + " does not broadcast to [batch, " + out + "]; Lamina supports a bias of shape ["
            + out + "], [1, " + out + "] or a scalar");
      }
      scale(bias, floatOr(n, "beta", 1f));
    }
    addDense(n, c, kernel, bias, in, out, n.getOutput(0));
  }

  /** MatMul(x, W[in, out]), or MatMul(W[out, in], x) on an input without batch axis; an Add of a constant bias after it joins. */
  private static void matMul(NodeProto n, ImportContext c) {
    Constant a = c.graph.constant(n.getInput(0));
    Constant b = c.graph.constant(n.getInput(1));
    float[] kernel;
    int in;
    int out;
    if (c.isX(n, 0) && b != null && b.rank() == 2 && b.isFloat()) {
      in = (int) b.dims()[0];
      out = (int) b.dims()[1];
      kernel = b.floats().clone();
    } else if (c.isX(n, 1) && a != null && a.rank() == 2 && a.isFloat() && c.unbatched()) {
      out = (int) a.dims()[0];
      in = (int) a.dims()[1];
      kernel = transpose(a.floats(), out, in);
    } else {
      throw c.error(n, "MatMul is imported as a dense layer when one operand is a rank-2 constant: x·W with W [in, out], "
          + "or W·x with W [out, in] and a rank-1 input without batch axis");
    }
    String y = n.getOutput(0);
    float[] bias = null;
    NodeProto add = c.onlyReader(y, "Add");
    if (add != null) {
      String other = c.graph.canonical(add.getInput(0)).equals(c.graph.canonical(y)) ? add.getInput(1) : add.getInput(0);
      Constant bc = c.graph.constant(other);
      bias = bc == null ? null : bias(bc, out);
      if (bias != null) {
        y = add.getOutput(0);
        c.claim(add);
      }
    }
    addDense(n, c, kernel, bias, in, out, y);
  }

  private static void addDense(NodeProto n, ImportContext c, float[] kernel, float @Nullable [] bias, int in, int out,
      String y) {
    c.fixFeatures(n, in);
    int[] order = c.featureOrder(c.x());
    if (order != null) { // the graph's input feature k is the layer's feature order[k]: move row k there
      float[] reordered = new float[kernel.length];
      for (int k = 0; k < in; k++) {
        System.arraycopy(kernel, k * out, reordered, order[k] * out, out);
      }
      kernel = reordered;
    }
    Dense.Builder spec = Dense.builder(out).useBias(bias != null);
    c.name(n, spec::name);
    c.add(n, spec, bias == null ? Map.of("kernel", kernel) : Map.of("kernel", kernel, "bias", bias), new int[] {out}, y);
  }

  /** A bias of [out], [1, out] or a scalar, expanded to [out]; null when the shape does not fit. */
  static float @Nullable [] bias(Constant c, int out) {
    if (!c.isFloat()) {
      return null;
    }
    long[] d = c.dims();
    boolean vector = (d.length == 1 && d[0] == out) || (d.length == 2 && d[0] == 1 && d[1] == out);
    if (vector) {
      return c.floats().clone();
    }
    if (c.size() == 1 && d.length <= 2) {
      float[] b = new float[out];
      Arrays.fill(b, c.floats()[0]);
      return b;
    }
    return null;
  }

  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int col = 0; col < cols; col++) {
        t[col * rows + r] = m[r * cols + col];
      }
    }
    return t;
  }

  private static void scale(float[] v, float s) {
    if (s != 1f) {
      for (int i = 0; i < v.length; i++) {
        v[i] *= s;
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.has;
import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.layers.Add;
import dev.lamina.layers.Average;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Maximum;
import dev.lamina.layers.Multiply;
import dev.lamina.layers.Subtract;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The merge layers ↔ ONNX's element-wise ops of computed values: Add ↔ Add (Sum for more than two
 * inputs), Subtract ↔ Sub, Multiply ↔ Mul (a chain for more than two), Average ↔ Mean, Maximum ↔
 * Max, Concatenate ↔ Concat, whose axis counts the batch axis in both (Keras' convention is
 * ONNX's). On import Sum is Add too, a Sum, Max or Mean of one value is that value, and a Sum of
 * one computed value and constants is a Rescaling ({@link ArithmeticOnnx}). The computed inputs
 * have the same per-sample shape, or broadcast within a sample as Lamina's merges do (the same rank,
 * sizes equal or 1: squeeze-and-excitation's {@code Mul(x [N, C, H, W], gate [N, C, 1, 1])});
 * exported, the merge ops broadcast the same way (multidirectional broadcasting, opset 7/8 on).
 */
final class MergeOnnx {
  private MergeOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Add.class, (l, w) -> w.output(w.inputs().size() == 2 ? "Add" : "Sum", w.inputs()));
    exports.register(Subtract.class, (l, w) -> w.output("Sub", w.inputs()));
    exports.register(Multiply.class, (l, w) -> {
      List<String> in = w.inputs();
      String product = in.get(0);
      for (int i = 1; i < in.size() - 1; i++) {
        product = w.node("Mul", List.of(product, in.get(i)));
      }
      w.output("Mul", List.of(product, in.get(in.size() - 1)));
    });
    exports.register(Average.class, (l, w) -> w.output("Mean", w.inputs()));
    exports.register(Maximum.class, (l, w) -> w.output("Max", w.inputs()));
    exports.register(Concatenate.class, (l, w) -> w.output("Concat", w.inputs(), ofInt("axis", l.axis())));
  }

  static void registerConverters(OpConverters converters) {
    // 8: multidirectional broadcasting (Lamina needs equal shapes either way); 12, 13: more types
    converters.register("Sum", MergeOnnx::merge, 6, 8, 13);
    converters.register("Max", MergeOnnx::merge, 6, 8, 12, 13);
    converters.register("Mean", MergeOnnx::merge, 6, 8, 13);
    converters.register("Concat", MergeOnnx::concat, 4, 11, 13); // 4: axis required; 11: negative axes
  }

  /** The merge layer of an element-wise op of computed values (Add, Sub, Mul from {@link ArithmeticOnnx}). */
  static void merge(NodeProto n, ImportContext c) {
    String op = n.getOpType();
    List<String> computed = c.computedInputs(n);
    int given = (int) n.getInputList().stream().filter(i -> !i.isEmpty()).count();
    if (computed.size() < given) {
      if (op.equals("Sum") && computed.size() == 1 && given == 2) { // x + constant: a Rescaling, as Add
        ArithmeticOnnx.arithmeticOf(n, c);
        return;
      }
      throw c.error(n, "reads constants and computed values; Lamina imports " + op + " of computed values only (a "
          + "merge layer)" + (op.equals("Sum") ? ", or of one computed value and one constant" : ""));
    }
    if (computed.size() == 1) { // Sum(x), Max(x), Mean(x): x itself
      c.define(n.getOutput(0), c.x());
      return;
    }
    String output = n.getOutput(0);
    if (op.equals("Mul")) { // Lamina writes Multiply of k inputs as k - 1 Muls, the later ones named <first>/mul…
      computed = new ArrayList<>(computed);
      for (NodeProto next = c.onlyReader(output, "Mul"); next != null && next.getName().startsWith(n.getName() + "/mul")
          && c.value(next.getInput(1)) != null && c.graph.canonical(next.getInput(0)).equals(c.graph.canonical(output));
          next = c.onlyReader(output, "Mul")) {
        computed.add(next.getInput(1));
        c.claim(next);
        output = next.getOutput(0);
      }
    }
    List<ImportContext.Value> inputs = values(n, c, computed);
    ImportContext.Value first = inputs.get(0);
    int[] out = first.shape().clone();
    for (int i = 1; i < inputs.size(); i++) {
      ImportContext.Value v = inputs.get(i);
      boolean fits = v.shape().length == out.length && first.unbatched() == v.unbatched();
      for (int a = 0; fits && a < out.length; a++) {
        fits = v.shape()[a] == out[a] || v.shape()[a] == 1 || out[a] == 1;
        out[a] = Math.max(out[a], v.shape()[a]);
      }
      if (!fits) {
        throw c.error(n, "'" + computed.get(0) + "' has per-sample shape " + Arrays.toString(first.shape()) + " and '"
            + computed.get(i) + "' " + Arrays.toString(v.shape()) + "; Lamina's merge layers combine values of the same "
            + "shape, or of the same rank whose sizes are equal or 1 (broadcasting within a sample)");
      }
    }
    Function<String, LayerSpec> spec = switch (op) {
      case "Add", "Sum" -> name -> new Add.Spec(name);
      case "Sub" -> name -> new Subtract.Spec(name);
      case "Mul" -> name -> new Multiply.Spec(name);
      case "Max" -> name -> new Maximum.Spec(name);
      case "Mean" -> name -> new Average.Spec(name);
      default -> throw new IllegalStateException("MergeOnnx: no merge layer for " + op);
    };
    LayerSpec[] named = {spec.apply(null)};
    c.name(n, s -> named[0] = spec.apply(s));
    c.add(n, named[0], Map.of(), inputs, Arrays.equals(out, first.shape()) ? first.shape() : out, first.unbatched(),
        output);
  }

  /** Concat of computed values along a sample axis; the axis counts the batch axis in both ONNX and Lamina. */
  private static void concat(NodeProto n, ImportContext c) {
    List<String> computed = c.computedInputs(n);
    int given = (int) n.getInputList().stream().filter(i -> !i.isEmpty()).count();
    if (computed.size() < given) {
      throw c.error(n, "joins constants to computed values; Lamina imports Concat of computed values only");
    }
    if (computed.size() == 1) {
      c.define(n.getOutput(0), c.x());
      return;
    }
    if (!has(n, "axis")) {
      throw c.error(n, "has no axis attribute (required from version 4)");
    }
    List<ImportContext.Value> inputs = values(n, c, computed);
    ImportContext.Value first = inputs.get(0);
    int rank = first.shape().length + (first.unbatched() ? 0 : 1);
    long axis = intOr(n, "axis", 1);
    long a = axis < 0 ? axis + rank : axis;
    int sampleAxis = (int) a - (first.unbatched() ? 0 : 1);
    if (a < 0 || a >= rank || sampleAxis < 0) {
      throw c.error(n, "axis " + axis + " of rank-" + rank + " inputs; Lamina joins along an axis of the samples, not "
          + "the batch axis 0");
    }
    int[] out = first.shape().clone();
    out[sampleAxis] = 0;
    for (int i = 0; i < inputs.size(); i++) {
      int[] s = inputs.get(i).shape();
      boolean fits = s.length == first.shape().length && inputs.get(i).unbatched() == first.unbatched();
      for (int d = 0; fits && d < s.length; d++) {
        fits = d == sampleAxis || s[d] == first.shape()[d];
      }
      if (!fits || s[sampleAxis] < 0) {
        throw c.error(n, "the inputs " + inputs.stream().map(v -> Arrays.toString(v.shape())).toList() + " (per sample) "
            + "do not agree except along axis " + axis);
      }
      out[sampleAxis] += s[sampleAxis];
    }
    int laminaAxis = first.unbatched() ? (int) a + 1 : (int) axis; // Lamina adds the batch axis
    Concatenate.Spec[] spec = {c.checked(n, () -> new Concatenate.Spec(laminaAxis, null))};
    c.name(n, s -> spec[0] = spec[0].name(s));
    c.add(n, spec[0], Map.of(), inputs, out, first.unbatched(), n.getOutput(0));
  }

  private static List<ImportContext.Value> values(NodeProto n, ImportContext c, List<String> names) {
    List<ImportContext.Value> values = new ArrayList<>();
    for (String name : names) {
      ImportContext.Value v = c.value(name);
      if (v == null) {
        throw c.error(n, "reads '" + name + "', which is not computed yet");
      }
      values.add(v);
    }
    return values;
  }
}

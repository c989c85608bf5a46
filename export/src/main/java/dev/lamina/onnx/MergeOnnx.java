package dev.lamina.onnx;

import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.layers.Add;
import dev.lamina.layers.Average;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Maximum;
import dev.lamina.layers.Multiply;
import dev.lamina.layers.Subtract;
import java.util.List;

/**
 * The merge layers ↔ ONNX's element-wise ops of computed values: Add ↔ Add (Sum for more than two
 * inputs), Subtract ↔ Sub, Multiply ↔ Mul (a chain for more than two), Average ↔ Mean, Maximum ↔
 * Max, Concatenate ↔ Concat, whose axis counts the batch axis in both (Keras' convention is
 * ONNX's).
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
}

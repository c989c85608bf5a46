package dev.lamina.onnx;

import dev.lamina.layers.Normalization;
import dev.lamina.layers.Rescaling;
import java.util.List;

/**
 * Normalization ↔ Sub then Div by constants, Rescaling ↔ Mul then Add of constants; on import
 * also any single Add, Sub, Mul or Div with one constant operand (see {@link ElementwiseMapper}).
 */
final class ArithmeticOnnx {
  private ArithmeticOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Normalization.class, (z, w) -> {
      int[] in = w.inputShape();
      String centered = w.node("Sub", List.of(w.input(), w.weight(z.mean(), in)));
      w.output("Div", List.of(centered, w.constant("std", z.standardDeviation(), in)));
    });
    exports.register(Rescaling.class, (r, w) -> {
      int[] in = w.inputShape();
      String scaled = w.node("Mul", List.of(w.input(), w.constant("scale", r.scale(), in)));
      w.output("Add", List.of(scaled, w.constant("offset", r.offset(), in)));
    });
  }
}

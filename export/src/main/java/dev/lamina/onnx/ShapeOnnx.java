package dev.lamina.onnx;

import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.layers.Flatten;
import java.util.List;

/** Flatten ↔ Flatten(axis = 1), and Reshape to [batch, features] on import. */
final class ShapeOnnx {
  private ShapeOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Flatten.class, (f, w) -> w.output("Flatten", List.of(w.input()), ofInt("axis", 1)));
  }
}

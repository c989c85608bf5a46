package dev.lamina.onnx;

import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.Dropout;
import java.util.List;

/**
 * Dropout and AlphaDropout, which do nothing in inference: exported as an {@code Identity} node
 * named after the layer (ONNX Runtime removes it; Lamina's importer puts the layer back, with its
 * rate from metadata_props), or, with {@link OnnxExportOptions#monteCarloDropout()}, Dropout as
 * ONNX {@code Dropout(x, ratio, training_mode = true)}, which drops units on every run. Import:
 * Dropout (ratio as attribute before opset 12, as input from 12), and Lamina's Identity nodes.
 */
final class DropoutOnnx {
  private DropoutOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Dropout.class, DropoutOnnx::export);
    exports.register(AlphaDropout.class, (d, w) -> {
      if (w.monteCarloDropout()) {
        throw new IllegalArgumentException("OnnxExporter: " + d + " has no ONNX equivalent that drops units (ONNX "
            + "Dropout zeroes them, AlphaDropout sets them to SELU's saturation); export without monteCarloDropout, "
            + "which leaves it out as in inference");
      }
      w.output("Identity", List.of(w.input()));
      w.describe("rate", d.rate());
    });
  }

  private static void export(Dropout d, OnnxNodeWriter w) {
    if (w.monteCarloDropout()) {
      String ratio = w.constant("ratio", new float[] {(float) d.rate()});
      w.output("Dropout", List.of(w.input(), ratio, w.booleanScalar("training_mode", true)));
    } else {
      w.output("Identity", List.of(w.input()));
    }
    w.describe("rate", d.rate());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;

import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.SpatialDropout2D;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dropout, AlphaDropout and SpatialDropout2D, which do nothing in inference: exported as an {@code Identity} node
 * named after the layer (ONNX Runtime removes it; Lamina's importer puts the layer back, with its
 * rate from metadata_props), or, with {@link OnnxExportOptions#monteCarloDropout()}, Dropout as
 * ONNX {@code Dropout(x, ratio, training_mode = true)}, which drops units on every run. Import:
 * Dropout (ratio as attribute before opset 12, as input from 12), and Lamina's Identity nodes.
 */
final class DropoutOnnx {
  private DropoutOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(Dropout.class, DropoutOnnx::export);
    exports.register(SpatialDropout2D.class, (d, w) -> {
      if (w.monteCarloDropout()) {
        throw new IllegalArgumentException("OnnxExporter: " + d + " has no ONNX equivalent that drops whole channels "
            + "(ONNX Dropout drops single values); export without monteCarloDropout, which leaves it out as in inference");
      }
      w.output("Identity", List.of(w.input()));
      w.describe("rate", d.rate());
    });
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

  /** The layer types Lamina writes as an Identity node named after the layer (read back from metadata_props). */
  static final Set<String> IDENTITY_LAYERS = Set.of("Dropout", "AlphaDropout", "SpatialDropout2D", "Activation");

  static void registerConverters(OpConverters converters) {
    // 6: is_test (0: training); 7: inference only; 12: ratio and training_mode are inputs
    converters.register("Dropout", DropoutOnnx::dropout, 6, 7, 10, 12, 13, 22);
    converters.register("Identity", DropoutOnnx::identity, 1, 13, 14, 16, 19, 21, 23, 24, 25);
  }

  private static void dropout(NodeProto n, ImportContext c) {
    float ratio = 0.5f;
    if (c.version() < 7 && intOr(n, "is_test", 0) == 0) {
      c.notes.add("Dropout '" + n.getName() + "' has is_test 0 (it drops at run time): imported as Dropout, which drops "
          + "in training and in predictMonteCarlo");
    }
    if (c.version() < 12) {
      ratio = floatOr(n, "ratio", 0.5f);
    } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      Constant r = c.graph.constant(n.getInput(1));
      if (r == null || r.size() != 1) {
        c.notes.add("Dropout '" + n.getName() + "' has a computed ratio; imported with the default 0.5");
      } else {
        ratio = r.asFloats()[0];
      }
    }
    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
      Constant mode = c.graph.constant(n.getInput(2));
      if (mode != null && mode.size() == 1 && mode.asFloats()[0] != 0) {
        c.notes.add("Dropout '" + n.getName() + "' has training_mode true (MC dropout): imported as Dropout, which drops "
            + "in training and in predictMonteCarlo");
      }
    }
    if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && !c.graph.consumers(n.getOutput(1)).isEmpty()) {
      throw c.error(n, "its mask output is used by other nodes; Lamina imports Dropout as a layer");
    }
    float rate = ratio;
    Dropout.Spec[] spec = {c.checked(n, () -> {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("ratio must be in [0, 1), but was " + rate);
      }
      return new Dropout.Spec(rate, null);
    })};
    c.name(n, s -> spec[0] = spec[0].name(s));
    c.add(n, spec[0], Map.of(), c.shape(), n.getOutput(0));
  }

  /**
   * An Identity node that Lamina wrote for a layer doing nothing in inference (the graph keeps only
   * these; other Identity nodes are resolved as aliases): the layer again, from metadata_props.
   */
  private static void identity(NodeProto n, ImportContext c) {
    Map<String, String> meta = c.metadata.layer(n.getName());
    String name = n.getName();
    LayerSpec spec = switch (meta.getOrDefault("type", "")) {
      case "Dropout" -> c.checked(n, () -> new Dropout.Spec(Double.parseDouble(meta.get("rate")), name));
      case "AlphaDropout" -> c.checked(n, () -> new AlphaDropout.Spec(Double.parseDouble(meta.get("rate")), name));
      case "SpatialDropout2D" -> c.checked(n, () -> new SpatialDropout2D.Spec(Double.parseDouble(meta.get("rate")), name));
      case "Activation" -> new ActivationLayer.Spec(Activations.LINEAR, name);
      default -> null;
    };
    if (spec == null || c.name(n, s -> { }) == null) {
      c.define(n.getOutput(0), c.x());
      return;
    }
    c.add(n, spec, Map.of(), c.shape(), n.getOutput(0));
  }
}

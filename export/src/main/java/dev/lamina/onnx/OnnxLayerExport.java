// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.Layer;

/**
 * The ONNX mapping of a layer class: writes the nodes of one application of the layer. Lamina's
 * own layers have theirs (one file per family of layers, {@code *Onnx.java}, listed in
 * {@code LaminaOnnx}); a user layer gets one by implementing {@link OnnxExportable}, or, for a
 * class one cannot change, through {@link OnnxExportOptions#layerExport(Class, OnnxLayerExport)}.
 *
 * <pre>{@code
 * OnnxExportOptions options = OnnxExportOptions.defaults()
 *     .layerExport(Scale.class, (layer, w) -> w.output("Mul", List.of(w.input(), w.weight(layer.factor()))));
 * OnnxExporter.write(model, Path.of("model.onnx"), options);
 * }</pre>
 *
 * @param <L> the layer class
 */
@FunctionalInterface
public interface OnnxLayerExport<L extends Layer> {

  /**
   * Writes the nodes computing {@code layer}'s output from {@link OnnxNodeWriter#inputs()},
   * ending with exactly one {@link OnnxNodeWriter#output} node.
   */
  void export(L layer, OnnxNodeWriter writer);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

/**
 * A layer that writes its own ONNX nodes: implemented by a user's {@link dev.lamina.layers.Layer}
 * subclass so that {@link OnnxExporter} can export models holding it (core stays free of ONNX;
 * the layer's module depends on {@code lamina-export}). Without it, and without a mapping given in
 * {@link OnnxExportOptions#layerExport}, exporting such a model fails, naming the layer.
 *
 * <pre>{@code
 * final class GaussianNoise extends Layer implements OnnxExportable {
 *   ...
 *   public void exportOnnx(OnnxNodeWriter w) {
 *     w.output("Identity", List.of(w.input()));   // noise is only added in training
 *   }
 * }
 * }</pre>
 */
public interface OnnxExportable {

  /**
   * Writes the nodes of one application of this layer, ending with exactly one
   * {@link OnnxNodeWriter#output} node.
   */
  void exportOnnx(OnnxNodeWriter writer);
}

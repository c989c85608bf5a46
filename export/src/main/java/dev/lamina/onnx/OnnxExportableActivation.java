// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

/**
 * An activation that writes its own ONNX nodes: implemented by a user's
 * {@link dev.lamina.activations.Activation} class so that {@link OnnxExporter} can export models
 * using it, fused in a {@code Dense} or as an {@code Activation} layer (core stays free of ONNX; the
 * activation's module depends on {@code lamina-export}). Without it, and without a mapping given in
 * {@link OnnxExportOptions#activationExport(Class, OnnxActivationExport)} or
 * {@link OnnxExportOptions#activationExport(dev.lamina.activations.Activation, OnnxActivationExport)},
 * exporting such a model fails, naming the activation and the layer that uses it.
 *
 * <pre>{@code
 * record Swish(double beta) implements Activation, OnnxExportableActivation {   // x · σ(beta·x)
 *   ...
 *   public void exportOnnx(String x, OnnxNodeWriter w) {
 *     String scaled = w.node("Mul", List.of(x, w.constant("swish_beta", new float[] {(float) beta})));
 *     w.output("Mul", List.of(x, w.node("Sigmoid", List.of(scaled))));
 *   }
 * }
 * }</pre>
 */
public interface OnnxExportableActivation {

  /**
   * Writes the nodes computing this activation of the value {@code x} (per-sample shape
   * {@link OnnxNodeWriter#outputShape()}), ending with exactly one {@link OnnxNodeWriter#output}
   * node. {@code x} is the layer's input for an {@code Activation} layer, the product before the
   * activation for a {@code Dense}; the writer names the nodes after the layer.
   */
  void exportOnnx(String x, OnnxNodeWriter writer);
}

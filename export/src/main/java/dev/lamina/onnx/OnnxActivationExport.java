// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.activations.Activation;

/**
 * The ONNX mapping of an activation: writes the nodes computing it, wherever it is used (fused in a
 * {@code Dense}, or as an {@code Activation} layer). Lamina's own activations have theirs (in
 * {@code ActivationOnnx}); an activation of one's own gets one by implementing
 * {@link OnnxExportableActivation}, or, for a class one cannot change and for activations made by
 * {@link dev.lamina.activations.Activations#of}, through {@link OnnxExportOptions#activationExport}.
 *
 * <pre>{@code
 * Activation swish = Activations.of("swish", x -> x / (1 + Math.exp(-x)), (x, y) -> ...);
 * OnnxExportOptions options = OnnxExportOptions.defaults()
 *     .activationExport(swish, (a, x, w) -> w.output("Mul", List.of(x, w.node("Sigmoid", List.of(x)))));
 * }</pre>
 *
 * @param <A> the activation class
 */
@FunctionalInterface
public interface OnnxActivationExport<A extends Activation> {

  /**
   * Writes the nodes computing {@code activation} of the value {@code x} (per-sample shape
   * {@link OnnxNodeWriter#outputShape()}), ending with exactly one {@link OnnxNodeWriter#output}
   * node.
   */
  void export(A activation, String x, OnnxNodeWriter writer);
}

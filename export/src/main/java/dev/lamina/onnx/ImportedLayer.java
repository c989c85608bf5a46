// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.activations.Activation;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.SeparableConv2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One layer recognised in an ONNX graph, before the model is built: its specification, its weights
 * by parameter ({@code kernel}, {@code bias}, {@code gamma}, …; each array owned here), the values
 * it reads and the value it writes.
 */
final class ImportedLayer {
  /** The specification; a Dense builder may still take the activation of the node after it. */
  final LayerSpec spec;
  final Map<String, float[]> weights;
  final List<ImportContext.Value> inputs;
  /** The node the layer came from (for activation fusing: Lamina names a Dense's activation node {@code <dense>/…}). */
  final String nodeName;
  ImportContext.Value output;
  /** The activation a Dense took from the node after it, or null. */
  @Nullable Activation fusedActivation;
  /** The layer this is another application of (sharing its weights), or null. */
  @Nullable ImportedLayer sharedWith;

  ImportedLayer(LayerSpec spec, Map<String, float[]> weights, List<ImportContext.Value> inputs, String nodeName) {
    this.spec = spec;
    this.weights = new LinkedHashMap<>(weights);
    this.inputs = List.copyOf(inputs);
    this.nodeName = nodeName;
  }

  /** Whether the layer takes an activation of its own (Dense and the convolutions), fused from the node after it. */
  boolean takesActivation() {
    return spec instanceof Dense.Builder || spec instanceof Conv2D.Builder || spec instanceof Conv1D.Builder
        || spec instanceof DepthwiseConv2D.Builder || spec instanceof SeparableConv2D.Builder;
  }

  /**
   * Gives the layer the activation {@code a}.
   *
   * @throws IllegalStateException if it does not {@linkplain #takesActivation take one}
   */
  void activation(Activation a) {
    if (spec instanceof Dense.Builder b) {
      b.activation(a);
    } else if (spec instanceof Conv2D.Builder b) {
      b.activation(a);
    } else if (spec instanceof Conv1D.Builder b) {
      b.activation(a);
    } else if (spec instanceof DepthwiseConv2D.Builder b) {
      b.activation(a);
    } else if (spec instanceof SeparableConv2D.Builder b) {
      b.activation(a);
    } else {
      throw new IllegalStateException("ImportedLayer: " + spec + " takes no activation");
    }
  }
}

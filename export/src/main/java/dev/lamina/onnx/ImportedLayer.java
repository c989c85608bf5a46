package dev.lamina.onnx;

import dev.lamina.activations.Activation;
import dev.lamina.layers.LayerSpec;
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
}

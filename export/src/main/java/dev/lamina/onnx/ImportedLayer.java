package dev.lamina.onnx;

import dev.lamina.layers.LayerSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer recognised in an ONNX graph: its specification and its weights by parameter
 * ({@code kernel}, {@code bias}, {@code gamma}, …), each array owned by this record.
 */
record ImportedLayer(LayerSpec spec, Map<String, float[]> weights) {
  ImportedLayer {
    weights = new LinkedHashMap<>(weights);
  }

  static ImportedLayer of(LayerSpec spec) {
    return new ImportedLayer(spec, Map.of());
  }
}

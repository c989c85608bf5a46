// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.Layer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX mappings of layer classes, keyed by the exact class: Lamina's own (registered by the
 * {@code *Onnx} family files listed in {@link LaminaOnnx}) and, per export, the caller's
 * ({@link OnnxExportOptions#layerExport}). A layer is written by, in this order, the caller's
 * mapping for its class, its own {@link OnnxExportable#exportOnnx}, Lamina's mapping; a layer
 * with none of them fails the export, naming the layer, its class and the two ways to supply one.
 * A subclass never inherits its parent's mapping: it may compute something else.
 */
final class LayerExports {
  private static final LayerExports LAMINA = lamina();

  private final Map<Class<? extends Layer>, OnnxLayerExport<?>> byClass = new LinkedHashMap<>();

  private LayerExports() {}

  private static LayerExports lamina() {
    LayerExports exports = new LayerExports();
    LaminaOnnx.registerExports(exports);
    return exports;
  }

  /**
   * Registers the mapping of {@code type}.
   *
   * @throws IllegalStateException if the class has one already
   */
  <L extends Layer> void register(Class<L> type, OnnxLayerExport<? super L> export) {
    if (byClass.putIfAbsent(type, export) != null) {
      throw new IllegalStateException("LayerExports: " + type.getName() + " has an ONNX mapping already");
    }
  }

  /** The layer classes Lamina maps. */
  static Set<Class<? extends Layer>> laminaClasses() {
    return Collections.unmodifiableSet(LAMINA.byClass.keySet());
  }

  /**
   * Writes one application of {@code layer} with the first mapping found (see the class comment).
   *
   * @throws IllegalArgumentException if the layer's class has no mapping, or the mapping wrote no
   *     output node
   */
  static void write(Layer layer, OnnxNodeWriter writer, OnnxExportOptions options) {
    OnnxLayerExport<?> given = options.layerExports().get(layer.getClass());
    if (given != null) {
      run(given, layer, writer);
    } else if (layer instanceof OnnxExportable own) {
      own.exportOnnx(writer);
    } else {
      OnnxLayerExport<?> lamina = LAMINA.byClass.get(layer.getClass());
      if (lamina == null) {
        String simple = layer.getClass().getSimpleName();
        throw new IllegalArgumentException("OnnxExporter: " + layer.where() + " of class " + layer.getClass().getName()
            + " has no ONNX mapping; implement dev.lamina.onnx.OnnxExportable in the layer, or pass one with "
            + "OnnxExportOptions.defaults().layerExport(" + simple + ".class, (layer, writer) -> ...)");
      }
      run(lamina, layer, writer);
    }
    if (!writer.wroteOutput()) {
      throw new IllegalArgumentException("OnnxExporter: the ONNX mapping of " + layer.where() + " wrote no output node; "
          + "it must end with OnnxNodeWriter.output(...)");
    }
  }

  @SuppressWarnings("unchecked")
  private static <L extends Layer> void run(OnnxLayerExport<?> export, Layer layer, OnnxNodeWriter writer) {
    ((OnnxLayerExport<L>) export).export((L) layer, writer);
  }
}

package dev.lamina.onnx;

import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Parameter;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Sequential from the imported layers: re-inserts the dropout layers a Lamina export
 * left out (from {@code metadata_props}), creates the model, copies the weights in and applies
 * the trainable flags.
 */
final class ModelAssembler {
  private ModelAssembler() {}

  static Sequential assemble(int[] inputShape, List<ImportedLayer> imported, ImportMetadata metadata) {
    List<ImportedLayer> layers = withDropout(imported, metadata);
    List<LayerSpec> specs = layers.stream().map(ImportedLayer::spec).toList();
    Sequential model;
    try {
      model = Sequential.of(0, Input.of(inputShape), specs);
    } catch (IllegalArgumentException e) {
      throw OnnxImportException.of("the layers found do not form a valid Lamina model: " + e.getMessage());
    }
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = model.layers().get(i);
      Map<String, float[]> weights = layers.get(i).weights();
      for (Parameter p : layer.parameters()) {
        float[] w = weights.get(p.name().substring(p.name().lastIndexOf('/') + 1));
        if (w != null) {
          if (w.length != p.size()) {
            throw OnnxImportException.of("layer '" + layer.name() + "': " + p.name() + " needs " + p.size()
                + " values, the file gives " + w.length);
          }
          p.set(Tensor.of(w.clone(), p.shape()));
        }
      }
      Map<String, String> meta = metadata.layer(layer.name());
      if (meta.containsKey("trainable")) {
        layer.setTrainable(Boolean.parseBoolean(meta.get("trainable")));
      }
    }
    return model;
  }

  /** The layers in Lamina's metadata order with its Dropout/AlphaDropout layers back in place; unchanged otherwise. */
  private static List<ImportedLayer> withDropout(List<ImportedLayer> imported, ImportMetadata metadata) {
    List<String> order = metadata.layerOrder();
    Map<String, ImportedLayer> byName = new HashMap<>();
    imported.forEach(l -> byName.put(l.spec().name(), l));
    List<ImportedLayer> result = new ArrayList<>();
    for (String name : order) {
      ImportedLayer l = byName.remove(name);
      Map<String, String> meta = metadata.layer(name);
      if (l != null) {
        result.add(l);
      } else if ("Dropout".equals(meta.get("type"))) {
        result.add(ImportedLayer.of(new Dropout.Spec(Double.parseDouble(meta.get("rate")), name)));
      } else if ("AlphaDropout".equals(meta.get("type"))) {
        result.add(ImportedLayer.of(new AlphaDropout.Spec(Double.parseDouble(meta.get("rate")), name)));
      }
    }
    boolean sameOrder = result.stream().filter(imported::contains).toList().equals(imported);
    return byName.isEmpty() && sameOrder ? result : imported;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the model from the imported layers through the functional API: a {@link Sequential} when
 * they form a chain (one input, each layer reading the one before, one output), else a
 * {@link Model} of the graph; copies the weights in and applies the trainable flags. A chain
 * exported by an older Lamina, which left its dropout layers out, gets them back from
 * {@code metadata_props}.
 */
final class ModelAssembler {
  /** A graph input: its ONNX name and per-sample shape. */
  record InputInfo(String name, int[] shape, ImportContext.Value value) {}

  private ModelAssembler() {}

  static Model assemble(List<InputInfo> inputs, List<ImportedLayer> imported, List<ImportContext.Value> outputs,
      ImportMetadata metadata) {
    Map<ImportedLayer, Layer> built = new IdentityHashMap<>();
    Model model;
    try {
      model = isChain(inputs, imported, outputs) ? sequential(inputs.get(0), imported, metadata, built)
          : graph(inputs, imported, outputs, built);
    } catch (IllegalArgumentException e) {
      throw OnnxImportException.of("the layers found do not form a valid Lamina model: " + e.getMessage());
    }
    for (Map.Entry<ImportedLayer, Layer> e : built.entrySet()) {
      Layer layer = e.getValue();
      Map<String, float[]> weights = e.getKey().weights;
      for (Parameter p : layer.parameters()) {
        float[] w = weights.get(p.localName());
        if (w != null) {
          if (w.length != p.size()) {
            throw OnnxImportException.of("layer '" + layer.name() + "': " + p.name() + " needs " + p.size()
                + " values, the file gives " + w.length);
          }
          p.set(Tensor.of(w.clone(), p.shape()));
        }
      }
    }
    for (Layer layer : model.layers()) {
      Map<String, String> meta = metadata.layer(layer.name());
      if (meta.containsKey("trainable")) {
        layer.setTrainable(Boolean.parseBoolean(meta.get("trainable")));
      }
    }
    return model;
  }

  private static boolean isChain(List<InputInfo> inputs, List<ImportedLayer> layers, List<ImportContext.Value> outputs) {
    if (inputs.size() != 1 || outputs.size() != 1 || layers.isEmpty()) {
      return false;
    }
    ImportContext.Value previous = inputs.get(0).value();
    for (ImportedLayer l : layers) {
      if (l.inputs.size() != 1 || l.inputs.get(0) != previous || l.sharedWith != null) {
        return false;
      }
      previous = l.output;
    }
    return previous == outputs.get(0);
  }

  private static Sequential sequential(InputInfo input, List<ImportedLayer> imported, ImportMetadata metadata,
      Map<ImportedLayer, Layer> built) {
    List<LayerSpec> specs = withDropout(imported.stream().map(l -> l.spec).toList(), metadata);
    Sequential model = Sequential.of(0, Input.named(input.name(), input.shape()), specs);
    for (ImportedLayer l : imported) {
      built.put(l, model.layers().get(indexOf(specs, l.spec)));
    }
    return model;
  }

  private static Model graph(List<InputInfo> inputs, List<ImportedLayer> imported, List<ImportContext.Value> outputs,
      Map<ImportedLayer, Layer> built) {
    Map<ImportContext.Value, SymbolicTensor> tensors = new IdentityHashMap<>();
    List<Input> in = new ArrayList<>();
    for (InputInfo i : inputs) {
      Input t = Input.named(i.name(), i.shape());
      in.add(t);
      tensors.put(i.value(), t);
    }
    for (ImportedLayer l : imported) {
      Layer layer = l.sharedWith != null ? built.get(l.sharedWith) : l.spec.create();
      tensors.put(l.output, layer.apply(l.inputs.stream().map(tensors::get).toList()));
      if (l.sharedWith == null) {
        built.put(l, layer);
      }
    }
    return Model.of(0, in, outputs.stream().map(tensors::get).toList());
  }

  /** The specs in Lamina's metadata order with its Dropout/AlphaDropout layers back in place; unchanged otherwise. */
  private static List<LayerSpec> withDropout(List<LayerSpec> imported, ImportMetadata metadata) {
    List<String> order = metadata.layerOrder();
    Map<String, LayerSpec> byName = new HashMap<>();
    imported.forEach(l -> byName.put(l.name(), l));
    List<LayerSpec> result = new ArrayList<>();
    for (String name : order) {
      LayerSpec l = byName.remove(name);
      Map<String, String> meta = metadata.layer(name);
      if (l != null) {
        result.add(l);
      } else if ("Dropout".equals(meta.get("type"))) {
        result.add(new Dropout.Spec(Double.parseDouble(meta.get("rate")), name));
      } else if ("AlphaDropout".equals(meta.get("type"))) {
        result.add(new AlphaDropout.Spec(Double.parseDouble(meta.get("rate")), name));
      }
    }
    List<LayerSpec> kept = result.stream().filter(s -> indexOf(imported, s) >= 0).toList();
    boolean sameOrder = kept.size() == imported.size();
    for (int i = 0; sameOrder && i < kept.size(); i++) {
      sameOrder = kept.get(i) == imported.get(i);
    }
    return byName.isEmpty() && sameOrder ? result : imported;
  }

  /** The position of this very spec (specs of equal configuration are equal records). */
  private static int indexOf(List<LayerSpec> specs, LayerSpec spec) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i) == spec) {
        return i;
      }
    }
    return -1;
  }
}

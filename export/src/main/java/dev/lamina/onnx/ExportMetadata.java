// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.Layer;
import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code metadata_props} Lamina writes (provenance, and what ONNX cannot hold) and reads
 * back on import. Keys:
 *
 * <pre>
 * producer, producer_version            Lamina and its version
 * lamina.opset                          the opset written
 * lamina.input_shape                    per-sample input shape, e.g. 28,28 (a model with one input)
 * lamina.input_shape.NAME               the same for each input NAME (a model with several)
 * lamina.layers                         layer names in order, comma-separated (dropout included); a
 *                                       comma or backslash in a name is escaped with a backslash
 * lamina.layer.NAME                     type=Dense;trainable=true[;activation=…][;rate=…][;lower=…;upper=…][;momentum=…;…]:
 *                                       the type and flag, then what the layer's ONNX mapping described
 * lamina.monte_carlo_dropout            true when Dropout nodes drop on every run
 * lamina.training.KEY                   the caller's training configuration
 * </pre>
 */
final class ExportMetadata {
  static final String LAYERS = "lamina.layers";
  static final String LAYER = "lamina.layer.";
  static final String TRAINING = "lamina.training.";

  private ExportMetadata() {}

  /**
   * @param inputNames the graph inputs' names, in the model's input order
   * @param described per layer, the fields its ONNX mapping added ({@link OnnxNodeWriter#describe})
   */
  static Map<String, String> of(Model model, OnnxExportOptions options, List<String> inputNames,
      Map<Layer, Map<String, String>> described) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("producer", OnnxVersions.PRODUCER);
    props.put("producer_version", OnnxVersions.laminaVersion());
    props.put("lamina.opset", Integer.toString(options.opset()));
    if (model.inputs().size() == 1) {
      props.put("lamina.input_shape", join(model.input().shape()));
    } else {
      for (int i = 0; i < inputNames.size(); i++) {
        props.put("lamina.input_shape." + inputNames.get(i), join(model.inputs().get(i).shape()));
      }
    }
    props.put(LAYERS, joinNames(model.layers().stream().map(Layer::name).toList()));
    for (Layer l : model.layers()) {
      StringBuilder s = new StringBuilder("type=").append(l.type()).append(";trainable=").append(l.isTrainable());
      described.getOrDefault(l, Map.of()).forEach((k, v) -> s.append(';').append(k).append('=').append(v));
      props.put(LAYER + l.name(), s.toString());
    }
    props.put("lamina.monte_carlo_dropout", Boolean.toString(options.monteCarloDropout()));
    if (model.isCompiled()) { // what the model itself knows; the caller's entries below take precedence
      Optimizer o = model.optimizer();
      props.put(TRAINING + "loss", model.loss().name());
      props.put(TRAINING + "optimizer", o.getClass().getSimpleName());
      props.put(TRAINING + "learning_rate", Double.toString(o.currentLearningRate()));
      props.put(TRAINING + "convention", o.convention().name());
      props.put(TRAINING + "iterations", Long.toString(o.iterations()));
    }
    new TreeMap<>(options.trainingConfiguration()).forEach((k, v) -> props.put(TRAINING + k, v));
    return props;
  }

  /** Parses {@code k=v;k=v}. */
  static Map<String, String> fields(String description) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : description.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }

  /** The names comma-separated; a backslash or comma inside a name is preceded by a backslash. */
  static String joinNames(List<String> names) {
    return names.stream().map(n -> n.replace("\\", "\\\\").replace(",", "\\,")).collect(Collectors.joining(","));
  }

  /** The inverse of {@link #joinNames}; lists written before escaping read the same unless a name had a backslash. */
  static List<String> splitNames(String joined) {
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '\\' && i + 1 < joined.length()) {
        name.append(joined.charAt(++i));
      } else if (c == ',') {
        names.add(name.toString());
        name.setLength(0);
      } else {
        name.append(c);
      }
    }
    names.add(name.toString());
    return names;
  }

  private static String join(int[] shape) {
    return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }
}

package dev.lamina.onnx;

import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Layer;
import dev.lamina.layers.RReLU;
import dev.lamina.model.Sequential;
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
 * lamina.input_shape                    per-sample input shape, e.g. 28,28
 * lamina.layers                         layer names in order, comma-separated (dropout included); a
 *                                       comma or backslash in a name is escaped with a backslash
 * lamina.layer.NAME                     type=Dense;trainable=true[;rate=…][;lower=…;upper=…][;momentum=…;epsilon=…]
 * lamina.monte_carlo_dropout            true when Dropout nodes drop on every run
 * lamina.training.KEY                   the caller's training configuration
 * </pre>
 */
final class ExportMetadata {
  static final String LAYERS = "lamina.layers";
  static final String LAYER = "lamina.layer.";
  static final String TRAINING = "lamina.training.";

  private ExportMetadata() {}

  static Map<String, String> of(Sequential model, OnnxExportOptions options) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("producer", OnnxVersions.PRODUCER);
    props.put("producer_version", OnnxVersions.laminaVersion());
    props.put("lamina.opset", Integer.toString(options.opset()));
    props.put("lamina.input_shape", join(model.input().shape()));
    props.put(LAYERS, joinNames(model.layers().stream().map(Layer::name).toList()));
    for (Layer l : model.layers()) {
      props.put(LAYER + l.name(), describe(l));
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

  private static String describe(Layer l) {
    StringBuilder s = new StringBuilder("type=").append(l.type()).append(";trainable=").append(l.isTrainable());
    if (l instanceof Dense d) {
      s.append(";activation=").append(d.activation().name());
    } else if (l instanceof Dropout d) {
      s.append(";rate=").append(d.rate());
    } else if (l instanceof AlphaDropout d) {
      s.append(";rate=").append(d.rate());
    } else if (l instanceof RReLU r) {
      s.append(";lower=").append(r.lower()).append(";upper=").append(r.upper());
    } else if (l instanceof BatchNormalization b) {
      BatchNormalization.Spec spec = b.spec();
      s.append(";momentum=").append(spec.momentum()).append(";epsilon=").append(spec.epsilon())
          .append(";unbiased_moving_variance=").append(spec.unbiasedMovingVariance())
          .append(";statistics_frozen=").append(spec.statisticsFrozen());
    }
    return s.toString();
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

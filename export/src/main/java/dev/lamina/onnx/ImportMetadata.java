// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The model's {@code metadata_props}, and the Lamina entries {@link ExportMetadata} writes. */
final class ImportMetadata {
  /** How Lamina names the first node of a layer's second, third, … application: {@code dense[1]}. */
  private static final java.util.regex.Pattern APPLICATION = java.util.regex.Pattern.compile("(.+)\\[(\\d+)\\]");

  /** Lamina's numeric layer fields, which converters parse: checked here, with the file's words in the message. */
  private static final Set<String> NUMBERS = Set.of("rate", "momentum", "epsilon", "lower", "upper");
  /** The fields converters read for a layer type (BatchNormalization reads epsilon with momentum). */
  private static final Map<String, List<String>> NEEDED = Map.of("Dropout", List.of("rate"), "AlphaDropout",
      List.of("rate"), "SpatialDropout2D", List.of("rate"), "RReLU", List.of("lower", "upper"));

  private final Map<String, String> props = new LinkedHashMap<>();
  private final String producer;

  ImportMetadata(ModelProto m) {
    for (StringStringEntryProto e : m.getMetadataPropsList()) {
      props.put(e.getKey(), e.getValue());
    }
    producer = m.getProducerName();
  }

  Map<String, String> all() {
    return Map.copyOf(props);
  }

  String producer() {
    return producer;
  }

  boolean fromLamina() {
    return OnnxVersions.PRODUCER.equals(producer) && props.containsKey(ExportMetadata.LAYERS);
  }

  boolean fromPytorch() {
    return producer.toLowerCase(java.util.Locale.ROOT).startsWith("pytorch");
  }

  /**
   * The fields of {@code lamina.layer.<name>} (type, trainable, rate, …), empty when absent; for a
   * node Lamina named {@code X[k]} (the k-th application of layer X), X's. The numeric fields are
   * numbers and the fields a type needs are there, so that converters may parse them.
   *
   * @throws OnnxImportException if a field is missing or not a number (a damaged file)
   */
  Map<String, String> layer(String name) {
    String key = ExportMetadata.LAYER + name;
    String d = fromLamina() ? props.get(key) : null;
    if (d == null && fromLamina()) {
      java.util.regex.Matcher m = APPLICATION.matcher(name);
      key = m.matches() ? ExportMetadata.LAYER + m.group(1) : key;
      d = m.matches() ? props.get(key) : null;
    }
    return d == null ? Map.of() : checked(key, ExportMetadata.fields(d));
  }

  private static Map<String, String> checked(String key, Map<String, String> fields) {
    List<String> needed = new java.util.ArrayList<>(NEEDED.getOrDefault(fields.getOrDefault("type", ""), List.of()));
    if (fields.containsKey("momentum")) {
      needed.add("epsilon");
    }
    for (String field : needed) {
      if (!fields.containsKey(field)) {
        throw OnnxImportException.of("metadata_props '" + key + "' has no " + field + " (" + fields + "); the file is "
            + "damaged");
      }
    }
    fields.forEach((field, value) -> {
      if (NUMBERS.contains(field)) {
        try {
          Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw OnnxImportException.of("metadata_props '" + key + "': " + field + " is not a number: '" + value
              + "'; the file is damaged");
        }
      }
    });
    return fields;
  }

  /** The layer X of a node Lamina named {@code X[k]}, its k-th application; null for other names. */
  @org.jspecify.annotations.Nullable String appliedLayer(String name) {
    java.util.regex.Matcher m = APPLICATION.matcher(name);
    return fromLamina() && m.matches() && props.containsKey(ExportMetadata.LAYER + m.group(1)) ? m.group(1) : null;
  }

  /** The layer names in order, as written by Lamina; empty for other producers. */
  List<String> layerOrder() {
    String s = fromLamina() ? props.get(ExportMetadata.LAYERS) : null;
    return s == null || s.isEmpty() ? List.of() : ExportMetadata.splitNames(s);
  }
}

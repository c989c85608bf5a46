package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model's {@code metadata_props}, and the Lamina entries {@link ExportMetadata} writes. */
final class ImportMetadata {
  /** How Lamina names the first node of a layer's second, third, … application: {@code dense[1]}. */
  private static final java.util.regex.Pattern APPLICATION = java.util.regex.Pattern.compile("(.+)\\[(\\d+)\\]");

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
   * node Lamina named {@code X[k]} (the k-th application of layer X), X's.
   */
  Map<String, String> layer(String name) {
    String d = fromLamina() ? props.get(ExportMetadata.LAYER + name) : null;
    if (d == null && fromLamina()) {
      java.util.regex.Matcher m = APPLICATION.matcher(name);
      d = m.matches() ? props.get(ExportMetadata.LAYER + m.group(1)) : null;
    }
    return d == null ? Map.of() : ExportMetadata.fields(d);
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

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The provenance a model fine-tuned by {@code lamina finetune} carries in its ONNX
 * {@code metadata_props}, under {@code lamina.training.} (written through
 * {@code OnnxExportOptions.trainingConfiguration}), and what {@code lamina predict} reads back.
 */
final class FineTunedModel {
  /** The class names in output order, one per line (as {@code classes.txt}). */
  static final String CLASSES = "classes";
  /** The SHA-256 of the base ONNX file, in hex. */
  static final String BASE_SHA256 = "base_model_sha256";
  static final String BASE_MODEL = "base_model";
  /** The layer (ONNX node) of the base model at which it was cut. */
  static final String CUT = "cut";
  private static final String PREFIX = "lamina.training.";

  private FineTunedModel() {}

  /** The class names a fine-tuned model carries, or null when it has none. */
  static @Nullable List<String> classes(Map<String, String> metadata) {
    String joined = metadata.get(PREFIX + CLASSES);
    return joined == null ? null : Arrays.asList(joined.split("\n", -1));
  }

  /** The value of a provenance entry, or null. */
  static @Nullable String get(Map<String, String> metadata, String key) {
    return metadata.get(PREFIX + key);
  }

  /** The classes as written: one per line. */
  static String joinClasses(List<String> classes) {
    return String.join("\n", classes);
  }
}

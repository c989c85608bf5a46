// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Opset and IR version rules, and Lamina's own version for {@code producer_version}. */
final class OnnxVersions {
  /** The default export opset: final float32 semantics of every op used, Softmax per axis, Dropout with training_mode. */
  static final int DEFAULT_OPSET = 17;
  static final int MIN_EXPORT_OPSET = 13;
  static final int MAX_EXPORT_OPSET = 21;
  /**
   * ai.onnx opsets the importer reads (26: ONNX Runtime 1.29's ceiling). From 1: each node still
   * needs a converter registered for its op's version at that opset ({@link OpConverters}), so an
   * old version nobody reviewed (Relu-1's consumed_inputs, Reshape-1's shape attribute) is refused
   * naming it, while the versions unchanged since (Conv-1, MaxPool-1) and the reviewed legacy ones
   * (the broadcast attribute of Add-6 and Gemm-6) import.
   */
  static final int MIN_IMPORT_OPSET = 1;
  static final int MAX_IMPORT_OPSET = 26;
  static final int MIN_IMPORT_IR = 3;
  static final int MAX_IMPORT_IR = 13;
  static final String PRODUCER = "Lamina";

  private OnnxVersions() {}

  /** The IR version of the ONNX release that introduced {@code opset} (ONNX Versioning.md). */
  static int irVersionFor(int opset) {
    if (opset <= 14) {
      return 7;
    }
    if (opset <= 18) {
      return 8;
    }
    if (opset <= 20) {
      return 9;
    }
    if (opset <= 22) {
      return 10;
    }
    return opset == 23 ? 11 : opset == 24 ? 12 : 13;
  }

  /** Lamina's version, from the build ({@code lamina-version.properties}). */
  static String laminaVersion() {
    return buildProperty("version");
  }

  /** The ONNX Runtime version Lamina is built and tested with, from the build. */
  static String onnxRuntimeVersion() {
    return buildProperty("onnxruntime");
  }

  private static String buildProperty(String key) {
    try (InputStream in = OnnxVersions.class.getResourceAsStream("lamina-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key, "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

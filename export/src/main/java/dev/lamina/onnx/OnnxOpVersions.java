// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The versions of every ai.onnx operator (the opsets that define or change it), checked in as
 * {@code onnx-op-versions.txt}, generated from onnx's {@code operator_sets.h}. A node of op X in a
 * model of opset N follows X's largest version ≤ N: its {@linkplain #sinceVersion since version},
 * the key under which a converter must be registered ({@link OpConverters}).
 */
final class OnnxOpVersions {
  private static final Map<String, int[]> VERSIONS = load();

  private OnnxOpVersions() {}

  private static Map<String, int[]> load() {
    Map<String, int[]> m = new HashMap<>();
    try (InputStream in = OnnxOpVersions.class.getResourceAsStream("onnx-op-versions.txt")) {
      if (in == null) {
        throw new IllegalStateException("OnnxOpVersions: onnx-op-versions.txt is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        m.put(line.substring(0, colon).trim(),
            Arrays.stream(line.substring(colon + 1).trim().split("\\s+")).mapToInt(Integer::parseInt).sorted().toArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** Whether ai.onnx has an operator called {@code op}. */
  static boolean exists(String op) {
    return VERSIONS.containsKey(op);
  }

  /** The versions of {@code op}, ascending (empty for an unknown op). */
  static int[] versions(String op) {
    return VERSIONS.getOrDefault(op, new int[0]).clone();
  }

  /** The version of {@code op} that opset {@code opset} uses: its largest version ≤ opset; -1 if none. */
  static int sinceVersion(String op, int opset) {
    int since = -1;
    for (int v : VERSIONS.getOrDefault(op, new int[0])) {
      if (v <= opset) {
        since = v;
      }
    }
    return since;
  }
}

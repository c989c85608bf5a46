// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Assumptions;

/** The real ONNX checker (C++ onnx 1.17 through JavaCPP, full_check = shape inference) for tests. */
final class OnnxChecker {
  /** The platforms JavaCPP's onnx 1.17 has natives for (export/pom.xml picks the jar). */
  private static final Set<String> BUILT_FOR = Set.of("linux-x86_64", "macosx-x86_64", "windows-x86_64");

  private OnnxChecker() {}

  /**
   * Throws a RuntimeException with the checker's message when the model is invalid. On a platform
   * the checker is not built for (ARM64), the calling test is skipped instead.
   */
  static void check(byte[] model) {
    Assumptions.assumeTrue(BUILT_FOR.contains(Loader.getPlatform()), () -> "the ONNX checker (JavaCPP onnx 1.17)"
        + " has no natives for " + Loader.getPlatform() + "; it runs on " + BUILT_FOR);
    try {
      Path tmp = Files.createTempFile("lamina-check", ".onnx");
      try {
        Files.write(tmp, model);
        org.bytedeco.onnx.global.onnx.check_model(tmp.toString(), true, false, false);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

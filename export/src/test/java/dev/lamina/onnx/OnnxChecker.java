package dev.lamina.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real ONNX checker (C++ onnx 1.17 through JavaCPP, full_check = shape inference) for tests. */
final class OnnxChecker {
  private OnnxChecker() {}

  /** Throws a RuntimeException with the checker's message when the model is invalid. */
  static void check(byte[] model) {
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

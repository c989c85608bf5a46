// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the reference ONNX models and Fashion-MNIST. */
final class ReferenceFiles {
  private ReferenceFiles() {}

  /**
   * The {@code onnx-models} folder: {@code -Dlamina.reference=DIR} (a reference set in the format of
   * shared/reference), else the copy in the export module's test resources.
   */
  static Path onnxModels() {
    String property = System.getProperty("lamina.reference");
    Path root = property != null && !property.isBlank() ? Path.of(property)
        : Path.of("..", "export", "src", "test", "resources", "reference");
    Path models = root.resolve("onnx-models");
    assumeTrue(Files.isRegularFile(models.resolve("pretrained_fashion_A").resolve("model.onnx"))
            && Files.isRegularFile(models.resolve("transfer_task_B").resolve("train_indices.i32")),
        "reference models not found under " + models.toAbsolutePath() + " (set -Dlamina.reference=DIR)");
    return models;
  }

  static Path modelA() {
    return onnxModels().resolve("pretrained_fashion_A").resolve("model.onnx");
  }

  /** The pretrained residual CNN for Fashion-MNIST (89 KB, in the export module's test resources). */
  static Path cnnA() {
    Path model = onnxModels().resolve("pretrained_fashion_cnn_A").resolve("model.onnx");
    assumeTrue(Files.isRegularFile(model), "pretrained_fashion_cnn_A not found under " + onnxModels().toAbsolutePath());
    return model;
  }

  /** The Fashion-MNIST folder, or the test is skipped saying why. */
  static Path fashionMnist() {
    Path folder = FashionMnist.locate(null).orElse(null);
    assumeTrue(folder != null, "Fashion-MNIST not configured: set LAMINA_DATA or -Dlamina.data to its folder "
        + "(e.g. shared/datasets/fashion-mnist) to run this test");
    return folder;
  }
}

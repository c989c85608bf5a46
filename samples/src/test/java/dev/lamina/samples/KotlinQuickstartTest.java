// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.data.Digits;
import org.junit.jupiter.api.Test;

/** Runs the Kotlin sample's training on the embedded digits, as its {@code main} does. */
class KotlinQuickstartTest {
  @Test
  void learnsTheDigits() {
    QuickstartResult result = KotlinQuickstart.trainOnDigits(Digits.load(), 15, 42L);
    assertTrue(result.getAccuracy() > 0.8, "test accuracy " + result.getAccuracy());
    assertEquals(15, result.getHistory().epochs());
    assertTrue(result.getHistory().last("loss") < result.getHistory().get("loss").get(0), "the loss decreases");
  }

  @Test
  void exportsTheTrainedModelToOnnxThatOnnxRuntimeAgreesWith(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    QuickstartResult result = KotlinQuickstart.trainOnDigits(Digits.load(), 2, 42L);
    java.nio.file.Path file = dir.resolve("digits.onnx");
    double diff = KotlinQuickstart.exportToOnnx(result.getModel(), file);
    assertTrue(java.nio.file.Files.size(file) > 1000, "the model file was written");
    assertTrue(diff <= 1e-5, "ONNX Runtime differs by " + diff);
  }
}

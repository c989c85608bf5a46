// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.data.FashionMnist;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dense {@code onnx_model} reference case imports and reproduces its expected outputs within
 * the manifest's tolerance; export → import → export gives identical predictions and ONNX Runtime
 * parity. (The convolutional cases: {@link CnnReferenceTest}.)
 */
class ReferenceImportTest {

  static Stream<ReferenceModel> cases() {
    return ReferenceModel.all().stream().filter(c -> !c.isCnn());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reproducesTheExpectedOutputs(ReferenceModel c) {
    OnnxImport imported = OnnxImporter.read(c.modelFile());
    imported.notes().forEach(n -> System.out.println("[onnx-import] " + c + ": " + n));
    Sequential model = imported.sequential();
    float[] got = model.predict(c.input(model)).data();
    for (String expected : c.expectedArrays()) {
      double maxAbs = assertClose(c + " " + expected, c.f32(expected), got, c.tolerance());
      System.out.printf("[onnx-import] %-35s max|diff| vs %s %.3e%n", c, expected, maxAbs);
    }
    for (Parameter p : model.parameters()) { // trainable: every weight but the moving statistics
      assertEquals(!p.name().contains("moving_"), p.isTrainable(), p.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exportImportExportGivesIdenticalPredictions(ReferenceModel c) {
    Sequential first = OnnxImporter.read(c.modelFile()).sequential();
    byte[] exported = OnnxExporter.toBytes(first);
    OnnxChecker.check(exported);
    Tensor x = c.input(first);
    OnnxRuntimeCheck.Result parity = OnnxRuntimeCheck.compare(first, exported, x);
    System.out.printf("[onnx-parity] %-45s max|diff| %.3e%n", c + " re-exported", parity.maxAbsDiff());
    assertTrue(parity.within(OnnxExporterTest.TOLERANCE), c + ": " + parity.maxAbsDiff());
    Sequential second = OnnxImporter.read(exported).sequential();
    assertEquals(first.layers().stream().map(Layer::name).toList(), second.layers().stream().map(Layer::name).toList());
    assertArrayEquals(first.predict(x).data(), second.predict(x).data(), 0f, c + ": predictions after a round trip");
    byte[] again = OnnxExporter.toBytes(second);
    assertArrayEquals(OnnxRuntimeCheck.run(exported, x), OnnxRuntimeCheck.run(again, x), 0f, c + ": ONNX Runtime on both exports");
  }

  /** The dense cases with a whole-test-set check ({@code test8_*} arrays): pretrained_fashion_A in the shared set. */
  static Stream<ReferenceModel> testSetCases() {
    return cases().filter(c -> c.hasArray("test8_indices"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testSetCases")
  void onTheWholeTestSet(ReferenceModel c) {
    Optional<Path> folder = FashionMnist.locate(null).filter(Files::isDirectory);
    assumeTrue(folder.isPresent(), "Fashion-MNIST not found (set LAMINA_DATA or -Dlamina.data): skipping the "
        + "test8 check of " + c);
    Sequential model = OnnxImporter.read(c.modelFile()).sequential();
    assertTestSet(c, model, FashionMnist.load(folder.get()).testImages());
  }

  /**
   * The model on the test images of {@code test8_indices}: logits within the manifest's tolerance of
   * {@code test8_expected_logits}, and argmax agreeing with {@code test8_expected_predictions} on all
   * but 2; the number of classes is the expected logits'.
   */
  static void assertTestSet(ReferenceModel c, dev.lamina.model.Model model, Tensor images) {
    Tensor x = c.testSetInputs(images, model);
    int n = x.samples();
    float[] logits = model.predict(x, 256).data();
    double maxAbs = assertClose(c + " test8_expected_logits", c.f32("test8_expected_logits"), logits, c.tolerance());
    int classes = c.shape("test8_expected_logits")[1];
    int[] expected = c.i32("test8_expected_predictions");
    int[] labels = c.i32("test8_labels");
    int agree = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        best = logits[i * classes + k] > logits[i * classes + best] ? k : best;
      }
      agree += best == expected[i] ? 1 : 0;
      correct += best == labels[i] ? 1 : 0;
    }
    System.out.printf("[onnx-import] %s test8: max|diff| %.3e, argmax agrees on %d/%d, accuracy %.4f%n", c, maxAbs,
        agree, n, correct / (double) n);
    assertTrue(agree >= n - 2, agree + " of " + n + " predictions agree");
  }

  /** |got − expected| ≤ abs + rel·|expected| element-wise; returns the max abs difference. */
  static double assertClose(String what, float[] expected, float[] got, double[] tolerance) {
    assertEquals(expected.length, got.length, what + ": size");
    double max = 0;
    for (int i = 0; i < got.length; i++) {
      double d = Math.abs((double) got[i] - expected[i]);
      assertTrue(d <= tolerance[0] + tolerance[1] * Math.abs(expected[i]), what + "[" + i + "]: expected " + expected[i]
          + ", got " + got[i]);
      max = Math.max(max, d);
    }
    return max;
  }
}

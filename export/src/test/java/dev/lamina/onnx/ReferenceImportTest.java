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
    Tensor x = Tensor.of(c.f32("input"), c.shape("input"));
    float[] got = model.predict(x).data();
    float[] expected = c.f32("expected_logits");
    double maxAbs = assertClose(c + " expected_logits", expected, got, c.tolerance());
    System.out.printf("[onnx-import] %-35s max|diff| vs expected %.3e%n", c, maxAbs);
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
    Tensor x = Tensor.of(c.f32("input"), c.shape("input"));
    OnnxRuntimeCheck.Result parity = OnnxRuntimeCheck.compare(first, exported, x);
    System.out.printf("[onnx-parity] %-45s max|diff| %.3e%n", c + " re-exported", parity.maxAbsDiff());
    assertTrue(parity.within(OnnxExporterTest.TOLERANCE), c + ": " + parity.maxAbsDiff());
    Sequential second = OnnxImporter.read(exported).sequential();
    assertEquals(first.layers().stream().map(Layer::name).toList(), second.layers().stream().map(Layer::name).toList());
    assertArrayEquals(first.predict(x).data(), second.predict(x).data(), 0f, c + ": predictions after a round trip");
    byte[] again = OnnxExporter.toBytes(second);
    assertArrayEquals(OnnxRuntimeCheck.run(exported, x), OnnxRuntimeCheck.run(again, x), 0f, c + ": ONNX Runtime on both exports");
  }

  @Test
  void pretrainedFashionAOnTheWholeTestSet() {
    ReferenceModel c = ReferenceModel.all().stream().filter(r -> r.path().endsWith("pretrained_fashion_A")).findFirst()
        .orElseThrow();
    assumeTrue(c.hasArray("test8_indices"), "no test8_* arrays in this reference set");
    Optional<Path> folder = FashionMnist.locate(null).filter(Files::isDirectory);
    assumeTrue(folder.isPresent(), "Fashion-MNIST not found (set LAMINA_DATA or -Dlamina.data): skipping the "
        + "8000-image test8 check of pretrained_fashion_A");
    Tensor images = FashionMnist.load(folder.get()).testImages();
    int[] indices = c.i32("test8_indices");
    float[] x = new float[indices.length * 784];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images.data(), indices[i] * 784, x, i * 784, 784);
    }
    Sequential model = OnnxImporter.read(c.modelFile()).sequential();
    float[] logits = model.predict(Tensor.of(x, indices.length, 28, 28), 256).data();
    double maxAbs = assertClose(c + " test8_expected_logits", c.f32("test8_expected_logits"), logits, c.tolerance());
    int[] expected = c.i32("test8_expected_predictions");
    int[] labels = c.i32("test8_labels");
    int agree = 0;
    int correct = 0;
    for (int i = 0; i < indices.length; i++) {
      int best = 0;
      for (int k = 1; k < 8; k++) {
        best = logits[i * 8 + k] > logits[i * 8 + best] ? k : best;
      }
      agree += best == expected[i] ? 1 : 0;
      correct += best == labels[i] ? 1 : 0;
    }
    System.out.printf("[onnx-import] pretrained_fashion_A test8: max|diff| %.3e, argmax agrees on %d/%d, accuracy %.4f%n",
        maxAbs, agree, indices.length, correct / (double) indices.length);
    assertTrue(agree >= indices.length - 2, agree + " of " + indices.length + " predictions agree");
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

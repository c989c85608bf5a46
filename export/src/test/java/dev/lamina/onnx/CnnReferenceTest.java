// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.data.FashionMnist;
import dev.lamina.layers.Layer;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolutional reference models ({@code onnx_model} cases of feature groups {@code cnn_onnx}
 * and {@code cnn_transfer}): each imports, reproduces its {@code expected_logits} within the
 * manifest's tolerance and matches ONNX Runtime; exported back it matches ONNX Runtime again and
 * imports into the same layers with identical predictions. The small cases are test resources;
 * the large ones (ResNet-18, MobileNets, SqueezeNet) are read from the full reference set
 * ({@code -Dlamina.reference.full}, default {@code /work/shared/reference}) when it is there, and
 * skipped otherwise.
 */
class CnnReferenceTest {

  /** The full reference set, or null when absent. */
  static Path full() {
    Path p = Path.of(System.getProperty("lamina.reference.full", "/work/shared/reference"));
    return Files.isRegularFile(p.resolve("index.json")) ? p : null;
  }

  /** Every CNN case by path: the class-path copy where there is one, else the full set's. */
  static Map<String, ReferenceModel> byPath() {
    Map<String, ReferenceModel> cases = new LinkedHashMap<>();
    Path full = full();
    if (full != null) {
      ReferenceModel.all(full).stream().filter(ReferenceModel::isCnn).forEach(c -> cases.put(c.path(), c));
    }
    ReferenceModel.all().stream().filter(ReferenceModel::isCnn).forEach(c -> cases.put(c.path(), c));
    return cases;
  }

  /** The cases, and the large ones the full set would add (as names, skipped when it is absent). */
  static Stream<String> cases() {
    List<String> known = List.of("onnx-models/cnn_mobilenet_v2_w050", "onnx-models/cnn_mobilenet_v3_small",
        "onnx-models/cnn_resnet18", "onnx-models/cnn_small_custom", "onnx-models/cnn_squeezenet1_1",
        "onnx-models/pretrained_fashion_cnn_A");
    return Stream.concat(known.stream(), byPath().keySet().stream()).distinct();
  }

  /** Imports the case: every reference CNN imports. */
  static OnnxImport importModel(ReferenceModel c) {
    return OnnxImporter.read(c.modelFile());
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ReferenceModel caseOrSkip(String path) {
    ReferenceModel c = byPath().get(path);
    assumeTrue(c != null, () -> path + " is not in the test resources, and the full reference set (-Dlamina.reference"
        + ".full, default /work/shared/reference) is not here");
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void importsAndReproducesTheExpectedLogits(String path) {
    ReferenceModel c = caseOrSkip(path);
    OnnxImport imported = importModel(c);
    imported.notes().forEach(n -> System.out.println("[onnx-import] " + c + ": " + n));
    Model model = imported.model();
    Tensor x = c.input(model);
    float[] got = model.predict(x).data();
    double maxAbs = 0;
    for (String expected : c.expectedArrays()) {
      maxAbs = Math.max(maxAbs, ReferenceImportTest.assertClose(c + " " + expected, c.f32(expected), got,
          c.tolerance()));
    }
    OnnxRuntimeCheck.Result runtime = OnnxRuntimeCheck.compare(model, bytes(c.modelFile()), List.of(x));
    System.out.printf("[onnx-import] %-40s %d layers, max|diff| vs %s %.3e, vs ONNX Runtime %.3e%n", c,
        model.layers().size(), c.expectedArrays(), maxAbs, runtime.maxAbsDiff());
    assertTrue(runtime.within(Math.max(c.tolerance()[0], 1e-5)), c + " vs ONNX Runtime: " + runtime.maxAbsDiff());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exportedBackItMatchesOnnxRuntimeAndImportsIntoTheSameLayers(String path) {
    ReferenceModel c = caseOrSkip(path);
    Model first = importModel(c).model();
    byte[] exported = OnnxExporter.toBytes(first);
    OnnxChecker.check(exported);
    Tensor x = c.input(first);
    OnnxRuntimeCheck.Result parity = OnnxRuntimeCheck.compare(first, exported, List.of(x));
    System.out.printf("[onnx-parity] %-45s max|diff| %.3e%n", c + " re-exported", parity.maxAbsDiff());
    // deep networks (ResNet-18) accumulate float32 rounding: the manifest's absolute tolerance, 1e-5 at least
    assertTrue(parity.within(Math.max(OnnxExporterTest.TOLERANCE, c.tolerance()[0])), c + ": " + parity.maxAbsDiff());
    Model second = OnnxImporter.read(exported).model();
    assertEquals(first.layers().stream().map(Layer::type).toList(), second.layers().stream().map(Layer::type).toList());
    assertEquals(first.layers().stream().map(Layer::name).toList(), second.layers().stream().map(Layer::name).toList());
    assertArrayEquals(first.predict(x).data(), second.predict(x).data(), 0f, c + ": predictions after a round trip");
  }

  @Test
  void mobileNetV3GatesItsChannelsWithBroadcastingMultiplyLayersAndExportsThemAsMul() {
    ReferenceModel c = caseOrSkip("onnx-models/cnn_mobilenet_v3_small");
    Model model = importModel(c).model();
    List<dev.lamina.layers.Multiply> gates = model.layers().stream().filter(dev.lamina.layers.Multiply.class::isInstance)
        .map(dev.lamina.layers.Multiply.class::cast).toList();
    assertEquals(9, gates.size(), "one gate per squeeze-and-excitation block");
    for (dev.lamina.layers.Multiply g : gates) {
      List<int[]> in = g.inputShapes();
      assertTrue(in.stream().anyMatch(s -> s[1] == 1 && s[2] == 1) && in.stream().anyMatch(s -> s[1] > 1),
          g.name() + ": a [C, 1, 1] gate times a [C, H, W] map, " + in.stream().map(java.util.Arrays::toString).toList());
    }
    dev.lamina.onnx.proto.Onnx.ModelProto exported = null;
    try {
      exported = dev.lamina.onnx.proto.Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(model));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    assertEquals(9, exported.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Mul")).count(),
        "the gates exported as ONNX Mul, which broadcasts");
  }

  @Test
  void thePretrainedCnnKeepsItsBatchNormalizationLayersWithTheirEpsilon() {
    ReferenceModel c = caseOrSkip("onnx-models/pretrained_fashion_cnn_A");
    Model model = importModel(c).model();
    List<dev.lamina.layers.BatchNormalization> bn = model.layers().stream()
        .filter(dev.lamina.layers.BatchNormalization.class::isInstance).map(dev.lamina.layers.BatchNormalization.class::cast)
        .toList();
    assertTrue(bn.size() >= 5, bn.size() + " BatchNormalization layers");
    bn.forEach(b -> assertEquals(0.0010000000474974513, b.epsilon(), 0.0, b.name() + ": ONNX's float32 epsilon 1e-3"));
    assertTrue(model.layers().stream().anyMatch(l -> l instanceof dev.lamina.layers.Add), "the residual Add layers");
  }

  /** The CNN cases with a whole-test-set check ({@code test8_*} arrays): pretrained_fashion_cnn_A in the shared set. */
  static Stream<String> testSetCases() {
    return byPath().values().stream().filter(c -> c.hasArray("test8_indices")).map(ReferenceModel::path);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testSetCases")
  void onTheWholeTestSet(String path) {
    ReferenceModel c = caseOrSkip(path);
    Optional<Path> folder = FashionMnist.locate(null).filter(Files::isDirectory);
    assumeTrue(folder.isPresent(), "Fashion-MNIST not found (set LAMINA_DATA or -Dlamina.data): skipping the "
        + "test8 check of " + c);
    ReferenceImportTest.assertTestSet(c, importModel(c).model(), FashionMnist.load(folder.get()).testImages());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.tensor.Tensor;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Export contract: every layer class of Lamina has an ONNX mapping and every single-input one
 * exports, passes the ONNX checker and runs in ONNX Runtime within 1e-5 of Lamina's forward pass
 * (the merges: {@link GraphExportTest}); so does every {@link Activation} of
 * {@link Activations#all()} (at every opset and across its range: {@link ActivationExportTest}), and
 * the sample networks at every selectable opset.
 */
class OnnxExporterTest {
  static final double TOLERANCE = 1e-5;

  @Test
  void everyLayerClassOfLaminaHasAnExportMappingAndATest() {
    Set<Class<?>> concrete = LaminaLayerClasses.all();
    assertTrue(concrete.size() >= 16, "found " + concrete);
    assertEquals(concrete, Set.copyOf(LayerExports.laminaClasses()),
        "a layer class of dev.lamina.layers without an ONNX mapping (add it to its family file, listed in LaminaOnnx), "
        + "or a mapping for a class that is not one");
    for (Class<?> c : concrete) {
      assertTrue(TestModels.layerSpecs().containsKey(c) || TestModels.mergeSpecs().containsKey(c)
          || TestModels.imageLayerSpecs().containsKey(c), c.getSimpleName() + " is a Layer the export tests do not "
          + "know: add it to TestModels.layerSpecs(), mergeSpecs() or imageLayerSpecs()");
    }
  }

  static Stream<Arguments> layerKinds() {
    return TestModels.layerSpecs().keySet().stream().map(c -> Arguments.of(c.getSimpleName(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerKinds")
  void everyLayerKindExportsWithParity(String name, Class<?> kind) {
    Supplier<LayerSpec> spec = TestModels.layerSpecs().get(kind);
    assertParity(name + " inside a network", TestModels.around(spec.get()), OnnxExportOptions.defaults());
    Sequential first;
    try {
      first = TestModels.first(spec.get());
    } catch (IllegalArgumentException needsRankOne) { // Dense, BatchNormalization: rank-1 samples only
      return;
    }
    assertParity(name + " on a [2, 3] input", first, OnnxExportOptions.defaults());
  }

  @Test
  void everyActivationClassHasAnEncoding() {
    Set<Class<?>> classes = Activations.all().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(classes, Set.copyOf(ActivationOnnx.activationClasses()),
        "an activation without an ONNX encoding: add one to ActivationOnnx");
  }

  static Stream<Arguments> activationKinds() {
    return TestModels.activations().stream().map(a -> Arguments.of(a.toString(), a));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activationKinds")
  void everyActivationExportsWithParity(String name, Activation a) {
    assertParity(name, TestModels.activation(a), OnnxExportOptions.defaults());
  }

  static Stream<Arguments> samples() {
    return TestModels.samples().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleNetworksExportAtEveryOpset(String name, Sequential model) {
    for (int opset = 13; opset <= 21; opset++) {
      ModelProto m = assertParity(name + " opset " + opset, model, OnnxExportOptions.defaults().opset(opset));
      assertEquals(opset, m.getOpsetImport(0).getVersion());
      assertEquals("", m.getOpsetImport(0).getDomain());
      assertEquals(OnnxVersions.irVersionFor(opset), m.getIrVersion());
    }
  }

  @Test
  void aSharedPReLUSlopeExportsAsOneValueAndImportsShared() {
    Sequential model = TestModels.around(Layers.prelu().shared(true));
    ModelProto m = assertParity("PReLU (shared)", model, OnnxExportOptions.defaults());
    NodeProto prelu = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("PRelu")).findFirst().orElseThrow();
    assertEquals(List.of(1L), m.getGraph().getInitializerList().stream()
        .filter(t -> t.getName().equals(prelu.getInput(1))).findFirst().orElseThrow().getDimsList());
    Sequential back = OnnxImporter.read(m.toByteArray()).sequential();
    dev.lamina.layers.PReLU imported = back.layers().stream().filter(l -> l instanceof dev.lamina.layers.PReLU)
        .map(l -> (dev.lamina.layers.PReLU) l).findFirst().orElseThrow();
    assertTrue(imported.shared(), "torch's nn.PReLU() stays one trainable slope after import");
    assertEquals(1, imported.alpha().size());
  }

  @Test
  void softmaxOverARankTwoSampleMatchesLamina() {
    assertParity("softmax [2, 3]", TestModels.first(Layers.activation(dev.lamina.activations.Activations.SOFTMAX)),
        OnnxExportOptions.defaults());
  }

  @Test
  void graphHasDynamicBatchReadableNamesAndMetadata() throws Exception {
    Sequential model = TestModels.samples().get("mixed");
    byte[] bytes = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().outputName("probabilities")
        .trainingConfiguration(Map.of("optimizer", "SGD(lr=0.01, momentum=0.9)", "loss", "sparse_categorical_crossentropy")));
    model.get("dense").setTrainable(false);
    ModelProto m = OnnxExporter.toModel(model, OnnxExportOptions.defaults());
    assertFalse(m.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Dropout")), "dropout left out");
    Set<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
    assertTrue(ops.containsAll(List.of("Sub", "Div", "Gemm", "LeakyRelu", "PRelu", "BatchNormalization", "Selu",
        "Sigmoid", "Tanh", "Elu", "Softmax")), ops.toString());
    NodeProto prelu = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("PRelu")).findFirst().orElseThrow();
    assertEquals(List.of(32L), m.getGraph().getInitializerList().stream()
        .filter(t -> t.getName().equals(prelu.getInput(1))).findFirst().orElseThrow().getDimsList());
    NodeProto leaky = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("LeakyRelu")).toList().get(1);
    assertEquals((float) ((1 / 8.0 + 1 / 3.0) / 2), leaky.getAttribute(0).getF(), "RReLU as LeakyRelu with the mean slope");
    Map<String, String> props = m.getMetadataPropsList().stream().collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
    assertTrue(props.get("lamina.layer.dense").contains("trainable=false"), props.toString());

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(bytes)) {
      assertEquals(List.of("input"), List.copyOf(s.getInputNames()));
      assertEquals(List.of("probabilities"), List.copyOf(s.getOutputNames()));
      TensorInfo in = (TensorInfo) s.getInputInfo().get("input").getInfo();
      assertEquals(-1, in.getShape()[0]);
      assertEquals("batch", in.getDimensionNames()[0]);
      Map<String, String> custom = s.getMetadata().getCustomMetadata();
      assertEquals("Lamina", custom.get("producer"));
      assertEquals("Lamina", s.getMetadata().getProducerName());
      assertEquals("SGD(lr=0.01, momentum=0.9)", custom.get("lamina.training.optimizer"));
      assertTrue(custom.get("lamina.layers").startsWith("normalization,dense,dropout,dense_1,p_re_lu"), custom.get("lamina.layers"));
      assertEquals("type=Dropout;trainable=true;rate=0.3", custom.get("lamina.layer.dropout"));
    }
  }

  @Test
  void aCompiledModelRecordsItsTrainingConfigurationItself() {
    Sequential model = Sequential.of(1, Input.of(4), Layers.dense(3, dev.lamina.activations.Activations.SOFTMAX));
    model.compile(dev.lamina.losses.Losses.sparseCategoricalCrossentropy(),
        dev.lamina.optimizers.Optimizers.adam().learningRate(5e-4).build());
    Map<String, String> props = OnnxExporter.toModel(model, OnnxExportOptions.defaults()).getMetadataPropsList().stream()
        .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
    assertEquals("sparse_categorical_crossentropy", props.get("lamina.training.loss"));
    assertEquals("Adam", props.get("lamina.training.optimizer"));
    assertEquals("5.0E-4", props.get("lamina.training.learning_rate"));
    assertEquals("KERAS", props.get("lamina.training.convention"));
  }

  @Test
  void monteCarloExportKeepsDropoutThatDropsOnEveryRun() {
    Sequential model = Sequential.of(1, Input.of(64), Layers.dropout(0.5).name("mc"));
    byte[] bytes = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().monteCarloDropout(true));
    OnnxChecker.check(bytes);
    float[] ones = new float[2 * 64];
    Arrays.fill(ones, 1f);
    Tensor x = Tensor.of(ones, 2, 64);
    float[] a = OnnxRuntimeCheck.run(bytes, x);
    float[] b = OnnxRuntimeCheck.run(bytes, x);
    assertNotEquals(Arrays.toString(a), Arrays.toString(b), "two runs draw different masks");
    long dropped = IntStream.range(0, a.length).filter(i -> a[i] == 0f).count();
    assertTrue(dropped > 20 && dropped < 108, dropped + " of 128 dropped");
    IntStream.range(0, a.length).forEach(i -> assertTrue(a[i] == 0f || a[i] == 2f, "0 or 1/(1-rate), got " + a[i]));
    // the inference export leaves it out: the identity
    assertEquals(Arrays.toString(ones), Arrays.toString(OnnxRuntimeCheck.run(OnnxExporter.toBytes(model), x)));
    Sequential alpha = Sequential.of(1, Input.of(4), Layers.alphaDropout(0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExporter.toBytes(alpha, OnnxExportOptions.defaults().monteCarloDropout(true)));
    assertTrue(e.getMessage().contains("AlphaDropout"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 22})
  void opsetOutsideThirteenToTwentyOneIsRefused(int opset) {
    assertThrows(IllegalArgumentException.class, () -> OnnxExportOptions.defaults().opset(opset));
  }

  @Test
  void writesAtomicallyAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Sequential model = TestModels.samples().get("bench_plain");
    Path file = dir.resolve("sub/model.onnx");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old contents");
    OnnxExporter.write(model, file);
    assertTrue(OnnxRuntimeCheck.compare(model, Files.readAllBytes(file), 4, 1).within(TOLERANCE));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of("model.onnx"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aNewExportHasTheUmasksPermissionsAndAReplacedOneKeepsItsOwn(@TempDir Path dir) throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Sequential model = TestModels.samples().get("bench_plain");
    Path file = dir.resolve("model.onnx");
    OnnxExporter.write(model, file);
    Path probe = Files.createFile(dir.resolve("probe")); // any new file: the umask decides (rw-r--r-- under 022)
    assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file), "not createTempFile's rw-------");
    Files.delete(probe);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    OnnxExporter.write(model, file);
    assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  /** Exports, checks with the ONNX checker and compares with ONNX Runtime; prints the measured difference. */
  static ModelProto assertParity(String what, dev.lamina.model.Model model, OnnxExportOptions options) {
    ModelProto m = OnnxExporter.toModel(model, options);
    byte[] bytes = m.toByteArray();
    OnnxChecker.check(bytes);
    Set<String> names = new HashSet<>();
    m.getGraph().getNodeList().forEach(n -> assertTrue(names.add(n.getName()), "unique node name " + n.getName()));
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, bytes, 16, what.hashCode());
    System.out.printf("[onnx-parity] %-45s max|diff| %.3e%n", what, r.maxAbsDiff());
    assertTrue(r.within(TOLERANCE), what + ": max abs diff " + r.maxAbsDiff());
    return m;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.google.protobuf.Message;
import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.onnx.proto.Onnx.TypeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import dev.lamina.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeCheckTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  private static ValueInfoProto int64Output(String name) {
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE))).build();
  }

  /** Gemm → Softmax 'p' → ArgMax 'label'; the probabilities are a graph output only if asked. */
  private static ModelMaker classifier(boolean probabilitiesToo) {
    ModelMaker m = new ModelMaker(13).input("x", "N", 4)
        .init("W", random(12, 1), 4, 3).init("b", random(3, 2), 3)
        .node("Gemm", "gemm", List.of("x", "W", "b"), List.of("z"))
        .node("Softmax", "softmax", "z", "p", i("axis", -1))
        .node("ArgMax", "am", "p", "label", i("axis", 1));
    m.graph.addOutput(int64Output("label"));
    if (probabilitiesToo) {
      m.output("p", "N", 3);
    }
    return m;
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** Gemm 4 → 3 → Softmax with the batch axis given as {@code batch} (a number, or a name for a dynamic one). */
  private static ModelMaker softmax(Object batch) {
    return new ModelMaker(13).input("x", batch, 4).init("W", random(12, 1), 4, 3).init("b", random(3, 2), 3)
        .node("Gemm", "gemm", List.of("x", "W", "b"), List.of("z")).node("Softmax", "softmax", "z", "p", i("axis", -1))
        .output("p", batch, 3);
  }

  @Test
  void aFixedBatchSizeIsReadAndSamplesRunInBatchesOfIt() throws Exception {
    Path dynamic = write("dynamic.onnx", softmax("N").bytes());
    assertEquals(0, OnnxRuntimeCheck.declaredBatch(dynamic));
    Path two = write("two.onnx", softmax(2).bytes());
    assertEquals(2, OnnxRuntimeCheck.declaredBatch(two));
    OnnxImport imported = OnnxImporter.read(two);
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported, two, OnnxRuntimeCheck.gaussianInputs(
        imported.model(), 6, 1));
    assertTrue(r.within(TOLERANCE), "max diff " + r.maxAbsDiff());
    assertEquals(6 * 3, r.onnxRuntime().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxRuntimeCheck.compare(imported,
        two, OnnxRuntimeCheck.gaussianInputs(imported.model(), 3, 1)));
    assertEquals("OnnxRuntimeCheck: " + two + " declares a fixed batch of 2 for input 'x', but 3 samples were given; "
        + "give a multiple of 2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OnnxRuntimeCheck.declaredBatch(write("text.onnx",
        "not a model".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
  }

  @Test
  void theValueBeforeAStrippedArgMaxTailIsComparedWhenItIsNoGraphOutput() throws Exception {
    Path file = write("argmax_only.onnx", classifier(false).bytes());
    OnnxImport imported = OnnxImporter.read(file);
    assertEquals("p", imported.output());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported, file, 8, 3);
    assertTrue(r.within(TOLERANCE), "max diff " + r.maxAbsDiff());
    assertEquals(8 * 3, r.onnxRuntime().size());
  }

  @Test
  void theValueBeforeAStrippedArgMaxTailIsFetchedByNameWhenItIsTheSecondGraphOutput() throws Exception {
    Path file = write("argmax_two.onnx", classifier(true).bytes());
    OnnxImport imported = OnnxImporter.read(file);
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported, file, 8, 3);
    assertTrue(r.within(TOLERANCE), "max diff " + r.maxAbsDiff());
  }

  @Test
  void aFirstOutputThatIsNotFloatIsNamedWithItsType() {
    ModelMaker m = classifier(true);
    OnnxImport imported = OnnxImporter.read(m.bytes());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> OnnxRuntimeCheck.compare(imported.model(), m.bytes(), 4, 1));
    assertTrue(e.getMessage().contains("output 'label'") && e.getMessage().contains("INT64"), e.getMessage());
  }

  @Test
  void externalDataIsFoundNextToTheFileAlsoWhenATailIsStripped() throws Exception {
    float[] w = random(12, 40);
    ByteBuffer raw = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(w);
    Files.write(dir.resolve("weights.bin"), raw.array());
    TensorProto external = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4).addDims(3)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
    ModelMaker plain = new ModelMaker(13).input("x", "N", 4).output("y", "N", 3).initTensor(external)
        .node("MatMul", "dense", List.of("x", "W"), List.of("y"));
    Path file = write("model.onnx", plain.bytes());
    OnnxImport imported = OnnxImporter.read(file);
    assertTrue(OnnxRuntimeCheck.compare(imported, file, 4, 1).within(TOLERANCE));
    assertTrue(OnnxRuntimeCheck.compare(imported.model(), file, 4, 1).within(TOLERANCE));
    assertThrows(IllegalStateException.class, () -> OnnxRuntimeCheck.compare(imported.model(), plain.bytes(), 4, 1),
        "from bytes ONNX Runtime cannot resolve weights.bin");

    ModelMaker tail = new ModelMaker(13).input("x", "N", 4).initTensor(external)
        .node("MatMul", "dense", List.of("x", "W"), List.of("z"))
        .node("Softmax", "softmax", "z", "p", i("axis", -1))
        .node("ArgMax", "am", "p", "label", i("axis", 1));
    tail.graph.addOutput(int64Output("label"));
    Path tailFile = write("tail.onnx", tail.bytes());
    assertTrue(OnnxRuntimeCheck.compare(OnnxImporter.read(tailFile), tailFile, 4, 1).within(TOLERANCE));
  }

  @Test
  void float64InputsAndOutputsAreFedAndReadAsDoubles() throws Exception {
    ModelMaker m = new ModelMaker(13).typedInput("x", TensorProto.DataType.DOUBLE_VALUE, "N", 4)
        .init("W", random(12, 5), 4, 3)
        .node("Cast", "to_float", "x", "xf", i("to", TensorProto.DataType.FLOAT_VALUE))
        .node("MatMul", "dense", List.of("xf", "W"), List.of("yf"))
        .node("Cast", "to_double", "yf", "y", i("to", TensorProto.DataType.DOUBLE_VALUE));
    m.graph.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.DOUBLE_VALUE))));
    Path file = write("f64.onnx", m.bytes());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(OnnxImporter.read(file), file, 6, 2);
    assertTrue(r.within(TOLERANCE), "max diff " + r.maxAbsDiff());
    assertEquals(6 * 3, r.onnxRuntime().size());
  }

  @Test
  void anInputWithoutBatchAxisIsRunOncePerSample() throws Exception {
    ModelMaker m = new ModelMaker(13).input("x", 4).output("y", 3).init("W", random(12, 6), 4, 3)
        .node("MatMul", "dense", List.of("x", "W"), List.of("y"));
    Path file = write("unbatched.onnx", m.bytes());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(OnnxImporter.read(file), file, 5, 2);
    assertTrue(r.within(TOLERANCE), "max diff " + r.maxAbsDiff());
    assertEquals(5 * 3, r.onnxRuntime().size());
    assertTrue(r.lamina().data()[0] != r.lamina().data()[3], "samples differ, so a repeated first sample would fail");
  }

  @Test
  void aModelExportedWithAFixedBatchIsRunInBatchesOfThatSize() throws Exception {
    ModelMaker m = new ModelMaker(13).input("x", 1, 2, 3, 3).output("y", 1, 4, 2, 2).init("W", random(32, 7), 4, 2, 2, 2)
        .node("Conv", "conv", List.of("x", "W"), List.of("y"));
    Path file = write("batch1.onnx", m.bytes());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(OnnxImporter.read(file), file, 6, 3);
    assertTrue(r.within(TOLERANCE), "max diff " + r.maxAbsDiff());
    assertEquals(6 * 16, r.onnxRuntime().size());
  }

  @Test
  void withoutOnnxRuntimeItNamesTheArtifactToAdd() throws Exception {
    // lamina-export, lamina-core and protobuf in a class loader of their own, as an application that
    // depends on lamina-export alone sees them: ONNX Runtime is an optional dependency.
    URL[] withoutRuntime = {location(OnnxRuntimeCheck.class), location(Tensor.class), location(Message.class)};
    try (URLClassLoader loader = new URLClassLoader(withoutRuntime, ClassLoader.getPlatformClassLoader())) {
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass(OrtEnvironment.class.getName()));
      Class<?> tensor = loader.loadClass(Tensor.class.getName());
      Object input = tensor.getMethod("of", float[].class, int[].class).invoke(null, new float[] {1, 2}, new int[] {1, 2});
      Method run = loader.loadClass(OnnxRuntimeCheck.class.getName()).getMethod("run", byte[].class, tensor);
      byte[] onnx = new ModelMaker(13).input("x", "N", 2).output("x", "N", 2).bytes();

      Throwable e = assertThrows(InvocationTargetException.class, () -> run.invoke(null, onnx, input)).getCause();
      assertInstanceOf(IllegalStateException.class, e);
      assertTrue(e.getMessage().contains("add com.microsoft.onnxruntime:onnxruntime to the application's dependencies"),
          e.getMessage());
      assertTrue(e.getMessage().contains("tested with " + OnnxVersions.onnxRuntimeVersion()), e.getMessage());
    }
  }

  @Test
  void theOnnxRuntimeVersionNamedInErrorsIsTheOneOnTheTestClassPath() {
    assertEquals(OrtEnvironment.getEnvironment().getVersion(), OnnxVersions.onnxRuntimeVersion());
  }

  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }
}

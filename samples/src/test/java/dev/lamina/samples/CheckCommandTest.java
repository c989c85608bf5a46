// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.add;
import static dev.lamina.dsl.Layers.concatenate;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Network;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.OnnxExporter;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lamina check}: fixed batch sizes, tolerances, inputs from files, a report per output. */
class CheckCommandTest {
  static final Path REFERENCE = Path.of("../../shared/reference/onnx-models");

  @TempDir
  Path tmp;

  private static MainTest.Outcome lamina(String... args) {
    return MainTest.lamina(args);
  }

  private static Sequential mlp() {
    return Network.sequential(3, input(6), dense(8, RELU), dense(3, SOFTMAX));
  }

  /** A Lamina export whose input and output declare a fixed batch size, as torch.onnx.export without dynamic_axes. */
  private Path fixedBatch(Sequential model, int batch) throws IOException {
    ModelProto.Builder m = ModelProto.parseFrom(OnnxExporter.toBytes(model)).toBuilder();
    var graph = m.getGraphBuilder();
    graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
        .clearDimParam().setDimValue(batch);
    graph.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
        .clearDimParam().setDimValue(batch);
    Path file = tmp.resolve("batch" + batch + ".onnx");
    Files.write(file, m.build().toByteArray());
    return file;
  }

  @Test
  void aModelWithAFixedBatchOfOneGetsBatchOneInputs() throws IOException {
    Path file = fixedBatch(mlp(), 1);
    MainTest.Outcome o = lamina("check", file.toString());
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("Inputs: 1 samples drawn from N(0, 1), seed 7; fixed batch size 1 (1 run)"), o.out());
    assertTrue(o.out().contains("output output [1, 3]: "), o.out());
    MainTest.Outcome more = lamina("check", file.toString(), "--samples", "5");
    assertEquals(0, more.code(), more.out() + more.err());
    assertTrue(more.out().contains("fixed batch size 1 (5 runs)"), more.out());
  }

  @Test
  void samplesThatAreNotAMultipleOfTheFixedBatchAreRefused() throws IOException {
    Path file = fixedBatch(mlp(), 2);
    assertEquals(0, lamina("check", file.toString()).code());
    MainTest.Outcome o = lamina("check", file.toString(), "--samples", "3");
    assertEquals(2, o.code());
    assertEquals("lamina check: " + file + " declares a fixed batch size of 2, but the inputs have 3 samples; give a "
        + "multiple of 2", o.err().strip());
  }

  /** A real PyTorch export at batch 1 (SqueezeNet 1.1, [1, 3, 67, 67]), which ONNX Runtime refuses at batch 32. */
  @Test
  void theReferenceSqueezeNetExportedAtBatchOneAgrees() {
    Path file = REFERENCE.resolve("cnn_squeezenet1_1/model.onnx");
    Assumptions.assumeTrue(Files.isRegularFile(file), "reference model " + file + " not found");
    MainTest.Outcome o = lamina("check", file.toString());
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("fixed batch size 1 (1 run)"), o.out());
  }

  @Test
  void tolerancesAreOptions() {
    Path file = tmp.resolve("m.onnx");
    OnnxExporter.write(mlp(), file);
    MainTest.Outcome defaults = lamina("check", file.toString());
    assertTrue(defaults.out().contains("atol 1.0e-04 + rtol 1.0e-05 x |ONNX Runtime|"), defaults.out());
    MainTest.Outcome given = lamina("check", file.toString(), "--rtol", "0", "--atol", "0.5");
    assertEquals(0, given.code(), given.out() + given.err());
    assertTrue(given.out().contains("atol 5.0e-01 + rtol 0.0e+00"), given.out());
    assertEquals("lamina check: --rtol and --atol must be >= 0, but were -1.0 and 1.0E-4",
        lamina("check", file.toString(), "--rtol", "-1").err().strip());
  }

  @Test
  void aDifferenceFailsTheOutputAndExitsWith1() {
    Sequential model = mlp();
    String first = model.layers().get(0).name();
    List<Tensor> w = model.getWeights(first);
    w.get(0).data()[0] = Float.NaN; // both runtimes give NaN, which is never close
    model.setWeights(first, w);
    Path file = tmp.resolve("nan.onnx");
    OnnxExporter.write(model, file);
    MainTest.Outcome o = lamina("check", file.toString());
    assertEquals(1, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("output output [32, 3]: max abs diff Infinity, max rel diff Infinity: FAIL"), o.out());
    assertTrue(o.out().contains("DIFFER: ") && o.out().contains("fails for 1 of 1 outputs"), o.out());
  }

  @Test
  void graphsWithTwoInputsAndTwoOutputsGetALineForEachOutput() throws IOException {
    Input numeric = Input.named("numeric", 5);
    Input category = Input.named("category", 3);
    SymbolicTensor h = dense(8, RELU).apply(concatenate().apply(numeric, dense(4).apply(category)));
    Model model = Network.model(1, List.of(numeric, category), List.of(dense(3, SOFTMAX).name("classes").apply(h),
        dense(1).name("score").apply(add().apply(dense(1).apply(h), dense(1).apply(h)))));
    Path file = tmp.resolve("graph.onnx");
    OnnxExporter.write(model, file);
    MainTest.Outcome o = lamina("check", file.toString(), "--samples", "16");
    assertEquals(0, o.code(), o.out() + o.err());
    assertEquals(2, o.out().lines().filter(l -> l.startsWith("output ") && l.endsWith(": pass")).count(), o.out());
    // inputs from files: one per model input, in order
    Path a = CheckInputsTest.npy(tmp.resolve("a.npy"), 4, 5);
    Path b = Files.writeString(tmp.resolve("b.csv"), "1,2,3\n4,5,6\n7,8,9\n0,0,0\n");
    MainTest.Outcome files = lamina("check", file.toString(), "--input", a.toString(), "--input", b.toString());
    assertEquals(0, files.code(), files.out() + files.err());
    assertTrue(files.out().contains("Inputs: numeric [4, 5] from " + a + ", category [4, 3] from " + b), files.out());
    MainTest.Outcome one = lamina("check", file.toString(), "--input", a.toString());
    assertEquals("lamina check: the model has 2 inputs [numeric, category], but 1 --input files were given",
        one.err().strip());
  }

  @Test
  void rawFloat32InputsWithOrWithoutAShape() throws IOException {
    Path file = tmp.resolve("m.onnx");
    OnnxExporter.write(mlp(), file);
    Path raw = CheckInputsTest.raw(tmp.resolve("x.f32"), 12);
    MainTest.Outcome o = lamina("check", file.toString(), "--input", raw.toString());
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("input [2, 6] from " + raw), o.out());
    MainTest.Outcome shaped = lamina("check", file.toString(), "--input", raw.toString(), "--shape", "2,6");
    assertEquals(0, shaped.code(), shaped.out() + shaped.err());
    MainTest.Outcome wrong = lamina("check", file.toString(), "--input", raw.toString(), "--shape", "3,4");
    assertEquals(2, wrong.code());
    assertEquals("lamina check: " + raw + " holds values of shape [3, 4], but the model input 'input' takes samples of "
        + "shape [6] (6 values each)", wrong.err().strip());
  }

  /** The manifest's own input of a reference model (raw float32, [8, 10]) and its expected agreement. */
  @Test
  void theReferenceModelOnItsOwnInputFile() {
    Path folder = REFERENCE.resolve("mlp_softmax_out");
    Assumptions.assumeTrue(Files.isRegularFile(folder.resolve("input.f32")), "reference model not found");
    MainTest.Outcome o = lamina("check", folder.resolve("model.onnx").toString(), "--input",
        folder.resolve("input.f32").toString());
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("from " + folder.resolve("input.f32")), o.out());
  }

  @Test
  void tooManySamplesNamesTheOptionTheValueAndALimitThatWorks() {
    Path file = tmp.resolve("wide.onnx");
    OnnxExporter.write(Network.sequential(1, input(784), dense(3, SOFTMAX)), file);
    MainTest.Outcome o = lamina("check", file.toString(), "--samples", "3000000");
    assertEquals(2, o.code());
    assertEquals("lamina check: --samples 3000000 gives 3000000 x 784 features = 2352000000 input values for " + file
        + ", more than " + CheckCommand.MAX_INPUT_VALUES + "; use --samples 85598 or fewer", o.err().strip());
  }

  @Test
  void aDirectoryIsNamedAsOne() {
    for (String command : List.of("summary", "check")) {
      MainTest.Outcome o = lamina(command, tmp.toString());
      assertEquals(2, o.code());
      assertEquals("lamina " + command + ": " + tmp + " is a directory; give the MODEL.onnx file", o.err().strip());
    }
  }
}

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.Sequential;
import dev.lamina.onnx.OnnxImporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinetuneCommandTest {
  @TempDir
  Path tmp;

  /** Exit code, standard output and standard error of one run. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = FinetuneCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsUsage() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("usage: lamina finetune"), r.out());
    assertTrue(r.out().contains("--fine-tune-learning-rate"), r.out());
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--reuse|x|--reuse must be a whole number, but was 'x'",
      "--classes|5|--classes must be two different Fashion-MNIST classes 0-9 separated by a comma (like 5,6), but was '5'",
      "--classes|5,5|but was '5,5'",
      "--classes|5,10|but was '5,10'",
      "--train-size|0|--train-size must be at least 1, but was 0",
      "--freeze-epochs|-1|--freeze-epochs must be at least 0, but was -1",
      "--epochs|two|--epochs must be a whole number, but was 'two'",
      "--learning-rate|0|--learning-rate must be a positive number, but was 0",
      "--fine-tune-learning-rate|NaN|--fine-tune-learning-rate must be a positive number, but was NaN",
      "--seed|1.5|--seed must be a whole number, but was '1.5'",
      "--batch-size|0|--batch-size must be at least 1, but was 0",
      "--validation-size|-1|--validation-size must be at least 0, but was -1",
      "--cache-benchmark|1|--cache-benchmark must be at least 2, but was 1",
      "--cache-benchmark|many|--cache-benchmark must be a whole number, but was 'many'",
      "--colour|red|unknown option --colour"})
  void badOptionValuesAreOneLineErrorsWithExitCode2(String option, String value, String message) {
    Run r = run("--model", ReferenceFiles.modelA().toString(), "--output", tmp.resolve("o.onnx").toString(),
        option, value);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(tmp.resolve("o.onnx")));
  }

  @Test
  void missingAndContradictoryOptions() {
    String model = ReferenceFiles.modelA().toString();
    String out = tmp.resolve("o.onnx").toString();
    assertError(run("--output", out), "--model is required");
    assertError(run("--model", model), "--output is required");
    assertError(run("--model", model, "--output"), "Missing required parameter for option '--output' (FILE)");
    assertError(run("--model", model, "--nope"), "lamina finetune: unknown option --nope; try lamina finetune --help");
    assertError(run("--model", tmp.resolve("none.onnx").toString(), "--output", out), "--model must be an ONNX file, but '");
    assertError(run("--model", tmp.toString(), "--output", out), "--model must be an ONNX file, but '" + tmp
        + "' is a directory");
    assertError(run("--model", model, "--output", model), "--output must differ from --model");
    assertError(run("--model", model, "--output", out, "--freeze-epochs", "0", "--epochs", "0"), "nothing to train");
    assertError(run("--model", model, "--output", out, "stray"), "unexpected argument 'stray'");
    assertError(run("--model", model, "--output", out, "--cache-benchmark", "3"),
        "--output is not used with --cache-benchmark, which writes no model");
    assertError(run("--model", model, "--cache-benchmark", "3", "--freeze-epochs", "1"),
        "--cache-benchmark needs --freeze-epochs of at least 2 (epoch 1 fills the cache), but it was 1");
  }

  @Test
  void anOnnxRuntimeDifferenceAboveTheToleranceExitsWith1AndSaysSo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Path out = tmp.resolve("ft.onnx");
    assertEquals(0, FinetuneCommand.verdict(CheckCommand.ATOL, out, e));
    assertEquals(0, FinetuneCommand.verdict(3e-7, out, e));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertEquals(1, FinetuneCommand.verdict(0.5, out, e));
    assertEquals(1, FinetuneCommand.verdict(Double.NaN, out, e));
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("lamina finetune: " + out + " was written") && lines.get(0)
        .contains("= 5.000e-01 > tolerance " + CheckCommand.ATOL), lines.get(0));
    assertTrue(run("--help").out().contains("1 when the written model's ONNX Runtime check differs by more than"));
  }

  @Test
  void reuseIsCheckedAgainstTheModelsLayers() {
    Run r = run("--model", ReferenceFiles.modelA().toString(), "--output", tmp.resolve("o.onnx").toString(),
        "--reuse", "12");
    assertError(r, "--reuse must be between 1 and 9 (the model has 10 layers), but was 12");
    assertError(run("--model", ReferenceFiles.modelA().toString(), "--output", tmp.resolve("o.onnx").toString(),
        "--reuse", "0"), "--reuse must be between 1 and 9 (the model has 10 layers), but was 0");
  }

  @Test
  void aGraphModelIsAOneLineErrorSayingFinetuneNeedsAChain() {
    dev.lamina.layers.Input x = dev.lamina.layers.Input.of(784);
    dev.lamina.layers.SymbolicTensor h = dev.lamina.dsl.Layers.dense(8).apply(x);
    dev.lamina.model.Model graph = dev.lamina.model.Model.of(1, x, dev.lamina.dsl.Layers.dense(2).apply(
        dev.lamina.dsl.Layers.add().apply(h, dev.lamina.dsl.Layers.dense(8).apply(h))));
    Path file = tmp.resolve("residual.onnx");
    dev.lamina.onnx.OnnxExporter.write(graph, file);
    Run r = run("--model", file.toString(), "--output", tmp.resolve("o.onnx").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("--model must be a chain of layers") && r.err().contains("is a graph: Model("), r.err());
  }

  @Test
  void aFileThatIsNotOnnxIsAOneLineError() throws Exception {
    Path bogus = Files.writeString(tmp.resolve("bogus.onnx"), "not a model");
    Run r = run("--model", bogus.toString(), "--output", tmp.resolve("o.onnx").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("not an ONNX model"), r.err());
  }

  @Test
  void endToEndOnAnotherClassPairWritesACheckedModel() {
    Path data = ReferenceFiles.fashionMnist();
    Path output = tmp.resolve("sub").resolve("tshirt_vs_sneaker.onnx");
    Run r = run("--model", ReferenceFiles.modelA().toString(), "--output", output.toString(), "--data", data.toString(),
        "--classes", "0,7", "--train-size", "100", "--reuse", "7", "--seed", "3");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("Sneaker (1) vs T-shirt/top (0): 100 training images, 2000 test images"), r.out());
    assertTrue(r.out().contains("Reusing 7 layer(s)"), r.out());
    double accuracy = number(r.out(), "Test accuracy: ([0-9.]+)");
    double diff = number(r.out(), "max \\|Lamina - ONNX Runtime\\| = ([0-9.eE+-]+)");
    assertTrue(accuracy > 0.95, "accuracy " + accuracy); // 0.9875 when written
    assertTrue(r.out().contains("Wrote " + output), r.out());
    assertTrue(diff <= 1e-5, "ORT diff " + diff);
    Sequential written = OnnxImporter.read(output).sequential();
    assertEquals(8, written.layers().size()); // 7 reused + the head
    assertEquals(1, written.outputShape()[0]);
    List<String> leftovers = new ArrayList<>();
    try (var files = Files.list(output.getParent())) {
      files.filter(p -> !p.equals(output)).forEach(p -> leftovers.add(p.toString()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(List.of(), leftovers, "temporary files left next to the output");
  }

  @Test
  void validationSizeIsCheckedAgainstTheImagesLeftAfterTheTrainingOnes() {
    assertError(run("--model", ReferenceFiles.modelA().toString(), "--cache-benchmark", "3", "--data",
        ReferenceFiles.fashionMnist().toString(), "--train-size", "5000", "--validation-size", "8000"),
        "--validation-size must be at most 7000 (training images of classes 5 and 6 after the first 5000), but was 8000");
  }

  @Test
  void cacheBenchmarkTimesTheFrozenEpochsWithAndWithoutTheCache() {
    Run r = run("--model", ReferenceFiles.modelA().toString(), "--data", ReferenceFiles.fashionMnist().toString(),
        "--cache-benchmark", "2", "--freeze-epochs", "3", "--train-size", "64", "--validation-size", "40");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("Frozen phase: 3 epochs, 9 layers frozen, 64 training images, validation on 40, batch 32"),
        r.out());
    for (String run : List.of("round  1 uncached", "round  1 cached", "round  2 uncached", "round  2 cached")) {
      assertEquals(1, r.out().lines().filter(l -> l.startsWith(run + " ") && l.contains(" epochs ")
          && l.split("\\s+").length == 10).count(), run + " with 3 epoch times and the whole phase in:\n" + r.out());
    }
    double ratio = number(r.out(), "A cached epoch after the first is ([0-9.]+)x faster than uncached; weights identical"
        + " in all 2 rounds");
    assertTrue(ratio > 0, r.out());
    assertTrue(r.out().contains("  uncached / cached "), r.out());
  }

  private static void assertError(Run r, String message) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
    return Double.parseDouble(m.group(1));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Network;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.OnnxExporter;
import dev.lamina.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lamina command line: exit codes and messages of each command. */
class MainTest {
  static final Path REFERENCE = Path.of("../../shared/reference/onnx-models/mlp_softmax_out/model.onnx");

  @TempDir
  Path tmp;

  private static void assumeReference() {
    Assumptions.assumeTrue(Files.isRegularFile(REFERENCE), "reference model " + REFERENCE + " not found");
  }

  /** Exit code, standard output and standard error of one command line. */
  record Outcome(int code, String out, String err) {}

  static Outcome lamina(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int code = Main.execute(args, e);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  /** A small model exported to ONNX by Lamina, optionally with one kernel weight replaced by {@code corrupt}. */
  private Path exported(Float corrupt) {
    Sequential model = Network.sequential(3, input(6), dense(8, RELU), dense(3, SOFTMAX));
    if (corrupt != null) {
      String first = model.layers().get(0).name();
      List<Tensor> weights = model.getWeights(first);
      weights.get(0).data()[0] = corrupt;
      model.setWeights(first, weights);
    }
    Path file = tmp.resolve(corrupt == null ? "model.onnx" : "corrupt.onnx");
    OnnxExporter.write(model, file);
    return file;
  }

  @Test
  void summaryPrintsTheLayersAndTheImportersNotes() {
    assumeReference();
    Outcome o = lamina("summary", REFERENCE.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("(Dense)") && o.out().contains("Total params: 261"), o.out());
    assertTrue(o.out().contains("Importer notes"), o.out());
  }

  @Test
  void checkAgreesWithOnnxRuntimeOnTheReferenceModel() {
    assumeReference();
    Outcome o = lamina("check", REFERENCE.toString());
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("output logits [32, 5]: max abs diff "), o.out());
    assertTrue(o.out().contains("agree: |Lamina - ONNX Runtime| <= atol 1.0e-04 + rtol 1.0e-05 x |ONNX Runtime|"), o.out());
  }

  @Test
  void checkAgreesOnAModelExportedByLamina() {
    Outcome o = lamina("check", exported(null).toString(), "--samples", "8");
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("Inputs: 8 samples drawn from N(0, 1), seed 7"), o.out());
  }

  @Test
  void checkExitsWith1WhenTheOutputsDiffer() {
    // A NaN weight makes both runtimes output NaN, which the check counts as an infinite difference.
    Outcome o = lamina("check", exported(Float.NaN).toString());
    assertEquals(1, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("DIFFER"), o.out());
  }

  @Test
  void aFileThatIsNotOnnxExitsWith2AndTheImportersMessage() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.onnx"), "this is not a protobuf message\n");
    for (String command : List.of("check", "summary")) {
      Outcome o = lamina(command, text.toString());
      assertEquals(2, o.code(), command);
      assertTrue(o.err().startsWith("lamina " + command + ": ONNX import: ") && o.err().contains("is not an ONNX model"),
          o.err());
      assertEquals(1, o.err().strip().lines().count(), "one line, no stack trace: " + o.err());
    }
  }

  @Test
  void debugShowsTheStackTrace() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.onnx"), "garbage");
    Outcome o = lamina("check", text.toString(), "--debug");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("\tat dev.lamina."), o.err());
  }

  @Test
  void argumentErrorsAreOneLineWithExit2() {
    assertEquals("lamina summary: no such file missing.onnx", lamina("summary", "missing.onnx").err().strip());
    assertEquals("lamina check: Missing required parameter: 'MODEL.onnx'; try lamina check --help",
        lamina("check").err().strip());
    assertEquals("lamina check: --samples must be a whole number, but was 'many'; try lamina check --help",
        lamina("check", "m.onnx", "--samples", "many").err().strip());
    assertEquals("lamina: unknown command 'frob'; try lamina --help", lamina("frob").err().strip());
    assertEquals("lamina demo: unknown option --fast; try lamina demo --help", lamina("demo", "--fast").err().strip());
    assertEquals("lamina check: unexpected argument 'b.onnx'; try lamina check --help",
        lamina("check", "a.onnx", "b.onnx").err().strip());
    for (List<String> args : List.of(List.of("frob"), List.of("demo", "--fast"), List.of("check"), List.of("summary",
        "missing.onnx"))) {
      assertEquals(2, lamina(args.toArray(String[]::new)).code(), args.toString());
    }
  }

  @Test
  void noArgumentsPrintsTheUsageOnStandardErrorWithExit2() {
    Outcome o = lamina();
    assertEquals(2, o.code());
    assertEquals("", o.out());
    assertTrue(o.err().startsWith("usage: lamina "), o.err());
    Outcome help = lamina("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("usage: lamina ") && help.err().isEmpty(), help.err());
    for (String command : List.of("demo", "summary", "check", "finetune", "predict", "bench", "completion", "help")) {
      assertTrue(help.out().contains("\n  " + command + " "), "lists " + command + ": " + help.out());
    }
  }

  @Test
  void demoRefusesEpochsBelowOneBeforeLoadingAnything() {
    for (String epochs : List.of("0", "-3")) {
      // with --digits too: the value is checked when parsed, whatever data follows
      for (List<String> data : List.of(List.of("--digits"), List.of("--data", "/no/such/folder"))) {
        List<String> args = new java.util.ArrayList<>(List.of("demo", "--epochs", epochs, "--plots",
            tmp.resolve("p").toString()));
        args.addAll(data);
        Outcome o = lamina(args.toArray(String[]::new));
        assertEquals(2, o.code(), args.toString());
        assertEquals("lamina demo: --epochs must be at least 1, but was " + epochs, o.err().strip());
        assertEquals("", o.out(), "nothing trained or printed: " + o.out());
      }
    }
  }

  @Test
  void demoRefusesAPlotFolderThatIsAFileBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("plots.txt"), "not a folder");
    Outcome o = lamina("demo", "--digits", "--plots", file.toString());
    assertEquals(2, o.code());
    assertEquals("lamina demo: --plots " + file + " is a file, not a folder", o.err().strip());
    assertEquals("", o.out(), "nothing trained: " + o.out());
  }

  @Test
  void demoWithMissingDataFailsWithoutClaimingToUseIt() {
    Outcome o = lamina("demo", "--data", tmp.resolve("nonexistent").toString(), "--plots", tmp.resolve("p").toString());
    assertEquals(2, o.code());
    assertFalse(o.out().contains("Data: Fashion-MNIST from"), o.out());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains("nonexistent"), "names the folder: " + o.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("demo", "summary", "check", "bench", "finetune")) {
      for (String help : List.of("--help", "-h")) {
        Outcome o = lamina(command, help);
        assertEquals(0, o.code(), command);
        assertTrue(o.out().startsWith("usage: lamina " + command), o.out());
        assertTrue(o.out().contains("--debug"), "the global option is listed: " + o.out());
      }
      Outcome h = lamina("help", command);
      assertEquals(0, h.code(), command);
      assertTrue(h.out().startsWith("usage: lamina " + command), h.out());
    }
    Outcome check = lamina("check", "--help");
    assertTrue(check.out().contains("Exit status: 0 when every output agrees, 1 when one differs"), check.out());
    assertTrue(check.out().contains("--rtol=R") && check.out().contains("(default: 1.0E-5"), check.out());
    assertTrue(check.out().contains("--atol=A") && check.out().contains("(default: 1.0E-4"), check.out());
    assertEquals(0, lamina("--help").code());
  }

  /** The version and commit Maven wrote at build time (version.properties, filtered). */
  @Test
  void versionShowsTheBuildsVersionAndCommit() {
    Outcome o = lamina("--version");
    assertEquals(0, o.code(), o.err());
    String first = o.out().lines().findFirst().orElse("");
    assertTrue(first.matches("lamina \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{10}|unknown)\\)"), first);
    assertTrue(o.out().contains("Java " + System.getProperty("java.version")), o.out());
    assertEquals(o.out(), lamina("-V").out());
  }

  /** picocli's generated bash/zsh completion script knows every command and its options. */
  @Test
  void completionPrintsAScriptForEveryCommandAndOption() {
    Outcome o = lamina("completion");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("complete -F _complete_lamina"), o.out().lines().limit(5).toList().toString());
    for (String word : List.of("check", "summary", "finetune", "bench", "demo", "--rtol", "--atol", "--input",
        "--fine-tune-learning-rate", "--workload")) {
      assertTrue(o.out().contains(word), word);
    }
  }

  @Test
  void finetuneIsDispatchedToItsCommand() {
    Outcome o = lamina("finetune", "--help");
    assertFalse(o.err().contains("unknown command"), o.err());
  }

  @Test
  void demoOnTheEmbeddedDigitsSaysSoAndWritesTheCharts() {
    Path plots = tmp.resolve("plots");
    Outcome o = lamina("demo", "--digits", "--plots", plots.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("Data: digits ("), o.out());
    assertTrue(o.out().contains("Batch normalization\n  skipped"), o.out());
    for (String png : List.of("vanishing-gradients.png", "gradient-clipping.png", "unsupervised-pretraining.png",
        "optimizers-race.png", "lr-finder.png", "lr-schedules.png", "lr-schedules-loss.png", "regularization.png")) {
      assertTrue(Files.isRegularFile(plots.resolve(png)), png + " in " + plots);
    }
  }
}

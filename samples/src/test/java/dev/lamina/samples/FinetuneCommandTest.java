// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.data.FashionMnist;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
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

  static Run lamina(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Writes {@code perClass} Fashion-MNIST test images of each class as grey PNGs in {@code folder/<name>/}. */
  static Path pngFolder(Path folder, Map<Integer, String> classes, int perClass) {
    FashionMnist data = FashionMnist.load(ReferenceFiles.fashionMnist());
    Tensor images = data.testImages();
    float[] labels = data.testLabels().data();
    try {
      for (Map.Entry<Integer, String> c : classes.entrySet()) {
        Path dir = Files.createDirectories(folder.resolve(c.getValue()));
        int written = 0;
        for (int i = 0; i < labels.length && written < perClass; i++) {
          if ((int) labels[i] == c.getKey()) {
            BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
              png.getRaster().setSample(p % 28, p / 28, 0, Math.round(images.data()[i * 784 + p] * 255));
            }
            ImageIO.write(png, "png", dir.resolve(String.format("%05d.png", i)).toFile());
            written++;
          }
        }
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void helpPrintsUsage() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (String option : List.of("usage: lamina finetune", "--images", "--csv", "--idx-images", "--cut", "--unfreeze",
        "--fine-tune-learning-rate", "--validation-split", "--threads", "--mean", "--cache-benchmark")) {
      assertTrue(r.out().contains(option), option + " in " + r.out());
    }
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--frozen-epochs|-1|--frozen-epochs must be at least 0, but was -1",
      "--epochs|two|--epochs must be a whole number, but was 'two'",
      "--learning-rate|0|--learning-rate must be a positive number, but was 0",
      "--fine-tune-learning-rate|NaN|--fine-tune-learning-rate must be a positive number, but was NaN",
      "--seed|1.5|--seed must be a whole number, but was '1.5'",
      "--batch-size|0|--batch-size must be at least 1, but was 0",
      "--validation-split|1|--validation-split must be in [0, 1), but was 1.0",
      "--threads|0|--threads must be at least 1, but was 0",
      "--cache-benchmark|1|--cache-benchmark must be at least 2, but was 1",
      "--scale|-2|--scale must be a positive number, but was -2.0",
      "--std|1,0|--std values must be positive numbers, but were [1.0, 0.0]",
      "--mean|a,b|expected numbers separated by commas, but was 'a,b'",
      "--colour|red|unknown option --colour"})
  void badOptionValuesAreOneLineErrorsWithExitCode2(String option, String value, String message) throws IOException {
    Path images = Files.createDirectories(tmp.resolve("images"));
    Run r = run("--model", ReferenceFiles.cnnA().toString(), "--output", tmp.resolve("o.onnx").toString(),
        "--images", images.toString(), option, value);
    assertError(r, message);
    assertFalse(Files.exists(tmp.resolve("o.onnx")));
  }

  @Test
  void missingAndContradictoryOptions() {
    String model = ReferenceFiles.cnnA().toString();
    String out = tmp.resolve("o.onnx").toString();
    String images = tmp.toString();
    assertError(run("--output", out, "--images", images), "--model is required");
    assertError(run("--model", model, "--images", images), "--output is required");
    assertError(run("--model", model, "--output", out), "Missing required argument");
    assertError(run("--model", model, "--output", out, "--images", images, "--csv", out), "mutually exclusive");
    assertError(run("--model", model, "--output", out, "--idx-images", out), "--idx-images and --idx-labels go together");
    assertError(run("--model", model, "--output", out, "--images", images, "--nope"),
        "lamina finetune: unknown option --nope; try lamina finetune --help");
    assertError(run("--model", tmp.resolve("none.onnx").toString(), "--output", out, "--images", images), "no such file");
    assertError(run("--model", model, "--output", model, "--images", images), "--output must differ from --model");
    assertError(run("--model", model, "--output", out, "--images", images, "--frozen-epochs", "0", "--epochs", "0"),
        "nothing to train");
    assertError(run("--model", model, "--output", out, "--images", images, "--cache-benchmark", "3"),
        "--output is not used with --cache-benchmark, which writes no model");
    assertError(run("--model", model, "--images", images, "--cache-benchmark", "3", "--frozen-epochs", "1"),
        "--cache-benchmark needs --frozen-epochs of at least 2 (epoch 1 fills the cache), but it was 1");
  }

  @Test
  void badImageFoldersAreOneLineErrorsNamingTheFolderOrFile() throws IOException {
    String model = ReferenceFiles.cnnA().toString();
    String out = tmp.resolve("o.onnx").toString();
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertError(run("--model", model, "--output", out, "--images", empty.toString()),
        "the folder '" + empty + "' is empty: it needs one subfolder of images per class");
    assertError(run("--model", model, "--output", out, "--images", tmp.resolve("missing").toString()),
        "--images must be a folder with one subfolder of images per class, but '" + tmp.resolve("missing")
            + "' does not exist");

    Path data = tmp.resolve("data");
    writePng(data.resolve("cat").resolve("a.png"), 28, 28);
    Files.createDirectories(data.resolve("dog"));
    Files.writeString(data.resolve("dog").resolve("notes.txt"), "not an image, ignored");
    assertError(run("--model", model, "--output", out, "--images", data.toString()),
        "the class folder '" + data.resolve("dog") + "' has no images (.png, .jpg, .jpeg, .bmp, .gif)");

    Files.writeString(data.resolve("dog").resolve("broken.png"), "not a PNG");
    assertError(run("--model", model, "--output", out, "--images", data.toString()),
        "cannot read the image '" + data.resolve("dog").resolve("broken.png") + "'");

    Path one = tmp.resolve("one");
    writePng(one.resolve("cat").resolve("a.png"), 28, 28);
    assertError(run("--model", model, "--output", out, "--images", one.toString()),
        "has one class subfolder, 'cat'; a classifier needs at least 2");
    assertFalse(Files.exists(tmp.resolve("o.onnx")));
  }

  @Test
  void aModelWhoseInputIsNotAnImageIsRefusedForAFolder() {
    dev.lamina.layers.Input x = dev.lamina.layers.Input.of(784);
    Model dense = Model.of(1, x, dev.lamina.dsl.Layers.dense(3).apply(dev.lamina.dsl.Layers.dense(8).apply(x)));
    Path file = tmp.resolve("dense.onnx");
    dev.lamina.onnx.OnnxExporter.write(dense, file);
    Path data = tmp.resolve("data");
    writePng(data.resolve("a").resolve("1.png"), 28, 28);
    writePng(data.resolve("b").resolve("1.png"), 28, 28);
    assertError(run("--model", file.toString(), "--output", tmp.resolve("o.onnx").toString(), "--images",
        data.toString()), file + " takes inputs of shape [784], which is not an image");
  }

  @Test
  void aFileThatIsNotOnnxIsAOneLineError() throws Exception {
    Path bogus = Files.writeString(tmp.resolve("bogus.onnx"), "not a model");
    Run r = run("--model", bogus.toString(), "--output", tmp.resolve("o.onnx").toString(), "--images", tmp.toString());
    assertError(r, "not an ONNX model");
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
  }

  /**
   * The evidence: a folder of PNG images made from Fashion-MNIST test images (3 classes,
   * 100 each), fine-tuned from the pretrained residual CNN through {@code lamina finetune}, then
   * {@code lamina predict} on the result.
   */
  @Test
  void finetunesThePretrainedCnnOnAFolderOfPngsAndPredictsWithTheClassNames() throws IOException {
    Path images = pngFolder(tmp.resolve("fashion"), Map.of(5, "sandal", 6, "shirt", 8, "bag"), 100);
    Path output = tmp.resolve("out").resolve("fashion3.onnx");
    Run r = run("--model", ReferenceFiles.cnnA().toString(), "--output", output.toString(), "--images", images.toString(),
        "--cut", "/backbone/flatten/Flatten", "--frozen-epochs", "3", "--epochs", "2", "--unfreeze",
        "/backbone/blocks/blocks\\.2/.*", "--backbone-rate-multiplier", "0.5", "--seed", "1", "--threads", "2");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("Data: 300 examples of 3 classes (bag: 100, sandal: 100, shirt: 100) from " + images),
        r.out());
    assertTrue(r.out().contains("Input scaling: (pixel x 0.00392157 - mean 0.0) / std 1.0, from default"), r.out());
    assertTrue(r.out().contains("Backbone: 30 layers of model.onnx up to '/backbone/flatten/Flatten' (output [32]), "
        + "frozen; new head: Dense(3, softmax)"), r.out());
    assertTrue(r.out().contains("Unfrozen: 9 layer(s) matching '/backbone/blocks/blocks\\.2/.*', learning rate 0.001 "
        + "(x 0.5 for them)"), r.out());
    assertTrue(r.out().contains("Epoch 5/5"), "progress lines: " + r.out());
    double validation = number(r.out(), "validation ([0-9.]+) \\(60 examples\\)");
    assertTrue(validation > 0.8, "validation accuracy " + validation + " (chance 1/3)");
    double diff = number(r.out(), "max \\|Lamina - ONNX Runtime\\| = ([0-9.eE+-]+)");
    assertTrue(diff <= 1e-5, "ORT diff " + diff);

    OnnxImport written = OnnxImporter.read(output);
    assertArrayEquals(new int[] {3}, written.model().outputShape());
    Map<String, String> meta = written.metadata();
    assertEquals(FinetuneCommand.sha256(ReferenceFiles.cnnA()), meta.get("lamina.training.base_model_sha256"));
    assertEquals(64, meta.get("lamina.training.base_model_sha256").length());
    assertEquals("/backbone/flatten/Flatten", meta.get("lamina.training.cut"));
    assertEquals("bag\nsandal\nshirt", meta.get("lamina.training.classes"));
    assertEquals(List.of("bag", "sandal", "shirt"), Files.readAllLines(output.resolveSibling("classes.txt")));
    Path curves = output.resolveSibling("fashion3-curves.png");
    assertTrue(Files.size(curves) > 1000, "learning curves " + curves);
    assertEquals(List.of("classes.txt", "fashion3-curves.png", "fashion3.onnx"), listing(output.getParent()),
        "no temporary files left");

    Path shirt = images.resolve("shirt").resolve(firstFile(images.resolve("shirt")));
    Run p = lamina("predict", output.toString(), shirt.toString(), "--top", "2");
    assertEquals(0, p.exit(), p.err());
    Matcher m = Pattern.compile(Pattern.quote(shirt.toString()) + ": (\\w+) ([0-9.]+), (\\w+) ([0-9.]+)$",
        Pattern.MULTILINE).matcher(p.out());
    assertTrue(m.find(), p.out());
    assertEquals("shirt", m.group(1), p.out());
    assertTrue(Double.parseDouble(m.group(2)) >= Double.parseDouble(m.group(4)), p.out());
    assertTrue(p.out().contains("3 classes, input 1x28x28 (channels first); scaling (pixel x 0.00392157 - mean 0.0) / "
        + "std 1.0, from the model's metadata"), p.out());

    Run all = lamina("predict", output.toString(), "--data", images.toString());
    assertEquals(0, all.exit(), all.err());
    assertEquals(300, all.out().lines().filter(l -> l.matches(".*\\.png: \\w+ [0-9.]+, \\w+ [0-9.]+, \\w+ [0-9.]+")).count(),
        all.out());
    double accuracy = number(all.out(), "Accuracy: ([0-9.]+) on the 300 images whose folder names a class");
    assertTrue(accuracy > 0.8, "accuracy " + accuracy);
  }

  @Test
  void finetunesFromIdxFilesWithAClassSubsetAndRunsTheCacheBenchmark() {
    Path data = ReferenceFiles.fashionMnist();
    Path output = tmp.resolve("idx.onnx");
    String[] source = {"--idx-images", data.resolve("t10k-images-idx3-ubyte.gz").toString(), "--idx-labels",
        data.resolve("t10k-labels-idx1-ubyte.gz").toString(), "--classes", "6,5", "--limit", "160"};
    List<String> args = new ArrayList<>(List.of("--model", ReferenceFiles.modelA().toString(), "--output",
        output.toString(), "--frozen-epochs", "2", "--epochs", "1", "--seed", "2"));
    args.addAll(List.of(source));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("Data: 160 examples of 2 classes (6: "), r.out());
    assertTrue(r.out().contains("frozen; new head: Dense(2, softmax)"), r.out());
    assertEquals(List.of("6", "5"), FineTunedModel.classes(OnnxImporter.read(output).metadata()));

    List<String> bench = new ArrayList<>(List.of("--model", ReferenceFiles.cnnA().toString(), "--cache-benchmark", "2",
        "--frozen-epochs", "3", "--validation-split", "0.25", "--threads", "1"));
    bench.addAll(List.of(source));
    Run b = run(bench.toArray(String[]::new));
    assertEquals(0, b.exit(), b.out() + b.err());
    assertTrue(b.out().contains("Frozen phase: 3 epochs, 30 of 31 layers frozen, 120 training examples, validation on 40,"
        + " batch 32"), b.out());
    for (String run : List.of("round  1 uncached", "round  1 cached", "round  2 uncached", "round  2 cached")) {
      assertEquals(1, b.out().lines().filter(l -> l.startsWith(run + " ") && l.contains(" epochs ")
          && l.split("\\s+").length == 10).count(), run + " with 3 epoch times and the whole phase in:\n" + b.out());
    }
    double ratio = number(b.out(), "A cached epoch after the first is ([0-9.]+)x faster than uncached; weights identical"
        + " in all 2 rounds");
    assertTrue(ratio > 1, b.out());
  }

  private static void writePng(Path file, int width, int height) {
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstFile(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
  }

  private static List<String> listing(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertError(Run r, String message) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
    return Double.parseDouble(m.group(1));
  }
}

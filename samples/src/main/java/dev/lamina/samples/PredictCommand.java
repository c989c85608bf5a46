// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.math.WorkerPool;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.tensor.Tensor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina predict MODEL.onnx IMAGE... | --data DIR}: the top classes of each image with their
 * probabilities, named by the classes a model fine-tuned by {@code lamina finetune} carries in its
 * metadata (else by index), the images scaled as the model records (else as the options or
 * defaults say, as {@code finetune}). When the images sit in subfolders named after classes, the
 * accuracy over them is printed too.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {
    "MODEL.onnx IMAGE... | --data DIR: the top classes of images, with probabilities",
    "",
    "Images are converted to the model's channels and input size and scaled as the model's metadata says",
    "(a model written by lamina finetune records it), else as --scale/--mean/--std, else pixels / 255.",
    "Class names come from the model's metadata, else are the output indices. Outputs that are not",
    "probabilities (logits) go through a softmax."},
    footer = {"", "Exit status: 0 on success; 2 on any error (one line on standard error)."})
final class PredictCommand implements Callable<Integer> {
  /** Images per forward pass. */
  private static final int BATCH = 64;

  @ParentCommand
  Main main;

  @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Parameters(index = "1..*", paramLabel = "IMAGE", description = "image files (PNG, JPEG, BMP, GIF)")
  List<Path> images = new ArrayList<>();

  @Option(names = "--data", paramLabel = "DIR", description = "every image under this folder (at any depth), sorted")
  @Nullable Path data;

  @Option(names = "--top", paramLabel = "K", description = "classes shown per image (default: ${DEFAULT-VALUE})")
  int top = 3;

  @Option(names = "--scale", paramLabel = "S", description = "pixel (0-255) multiplier, when the model records none")
  @Nullable Double scale;

  @Option(names = "--mean", paramLabel = "M,...", description = "per-channel mean, when the model records none")
  @Nullable String mean;

  @Option(names = "--std", paramLabel = "S,...", description = "per-channel divisor, when the model records none")
  @Nullable String std;

  @Override
  public Integer call() {
    if (top < 1) {
      throw new IllegalArgumentException("--top must be at least 1, but was " + top);
    }
    PrintStream out = main.out;
    Path file = SummaryCommand.existing(model);
    List<Path> files = new ArrayList<>();
    for (Path p : images) {
      files.add(FinetuneCommand.file("IMAGE", p));
    }
    if (data != null) {
      if (!Files.isDirectory(data)) {
        throw new IllegalArgumentException("--data must be a folder of images, but '" + data + "' "
            + (Files.exists(data) ? "is not a folder" : "does not exist"));
      }
      List<Path> found = Images.under(data);
      if (found.isEmpty()) {
        throw new IllegalArgumentException("the folder '" + data + "' has no images (" + String.join(", ",
            Images.EXTENSIONS) + ")");
      }
      files.addAll(found);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no images: give image files or --data DIR");
    }
    OnnxImport imported = OnnxImporter.read(file);
    Model m = imported.model();
    if (m.inputs().size() != 1 || m.outputs().size() != 1) {
      throw new IllegalArgumentException(file + " has " + m.inputs().size() + " inputs and " + m.outputs().size()
          + " outputs; predict takes a model of one input and one output");
    }
    ImageLayout layout = ImageLayout.of(m.input().shape(), file.toString());
    int outputs = Arrays.stream(m.outputShape()).reduce(1, Math::multiplyExact);
    List<String> classes = FineTunedModel.classes(imported.metadata());
    if (classes != null && classes.size() != outputs) {
      throw new IllegalArgumentException(file + " names " + classes.size() + " classes in its metadata, but has "
          + outputs + " outputs");
    }
    List<String> names = classes != null ? classes : IntStream.range(0, outputs).mapToObj(Integer::toString).toList();
    boolean explicit = scale != null || mean != null || std != null;
    PixelScaling scaling = PixelScaling.of(scale, mean == null ? null : PixelScaling.numbers(mean),
        std == null ? null : PixelScaling.numbers(std), explicit ? java.util.Map.of() : imported.metadata(), m);
    out.println("Model " + file + ": " + names.size() + " classes" + (classes == null ? " (no names in its metadata: "
        + "output indices)" : "") + ", input " + layout.describe() + "; scaling " + scaling.describe());

    int[] shape = m.input().shape();
    int k = Math.min(top, outputs);
    int correct = 0;
    int labelled = 0;
    for (int from = 0; from < files.size(); from += BATCH) {
      int n = Math.min(BATCH, files.size() - from);
      float[] x = new float[n * layout.size()];
      for (int i = 0; i < n; i++) {
        Images.read(files.get(from + i), layout, scaling, x, i * layout.size());
      }
      int[] batchShape = new int[shape.length + 1];
      batchShape[0] = n;
      System.arraycopy(shape, 0, batchShape, 1, shape.length);
      float[] y = m.predict(Tensor.of(x, batchShape), BATCH, WorkerPool.DEFAULT_THREADS).data();
      for (int i = 0; i < n; i++) {
        double[] p = probabilities(Arrays.copyOfRange(y, i * outputs, (i + 1) * outputs));
        Integer[] order = IntStream.range(0, outputs).boxed().sorted((a, b) -> Double.compare(p[b], p[a]))
            .toArray(Integer[]::new);
        Path f = files.get(from + i);
        out.println(f + ": " + Arrays.stream(order, 0, k)
            .map(c -> String.format(Locale.ROOT, "%s %.4f", names.get(c), p[c])).collect(Collectors.joining(", ")));
        String folder = f.getParent() == null ? null : f.getParent().getFileName().toString();
        if (folder != null && names.contains(folder)) {
          labelled++;
          correct += names.get(order[0]).equals(folder) ? 1 : 0;
        }
      }
    }
    if (labelled > 0) {
      out.printf(Locale.ROOT, "Accuracy: %.4f on the %d images whose folder names a class%n", (double) correct / labelled,
          labelled);
    }
    return 0;
  }

  /** The outputs as they are when they are probabilities (in [0, 1], summing to 1), else their softmax. */
  static double[] probabilities(float[] y) {
    double sum = 0;
    boolean inRange = true;
    for (float v : y) {
      sum += v;
      inRange &= v >= 0 && v <= 1;
    }
    double[] p = new double[y.length];
    if (inRange && Math.abs(sum - 1) < 1e-3) {
      for (int i = 0; i < y.length; i++) {
        p[i] = y[i];
      }
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : y) {
      max = Math.max(max, v);
    }
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      p[i] = Math.exp(y[i] - max);
      total += p[i];
    }
    for (int i = 0; i < y.length; i++) {
      p[i] /= total;
    }
    return p;
  }
}

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import dev.lamina.layers.Layer;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.tensor.Tensor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina finetune}: the transfer-learning workflow as a command. Imports an ONNX model,
 * reuses its first layers under a new 1-unit sigmoid head for two Fashion-MNIST classes, trains
 * with the reused layers frozen, then unfrozen with a new optimizer at a lower learning rate,
 * reports the test accuracy, writes the fine-tuned model as ONNX (atomically) and checks it in
 * ONNX Runtime.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {
    "transfer learning from an ONNX model to a new task; writes the fine-tuned ONNX model",
    "",
    "Reuses the first layers of a pretrained ONNX model under a new 1-unit sigmoid head for a binary",
    "Fashion-MNIST task, trains with the reused layers frozen, then unfrozen, and writes the fine-tuned",
    "model as ONNX, checked in ONNX Runtime. Accuracy is measured on every test image of the two classes."},
    footer = {"", "Exit status: 0 on success; 1 when the written model's ONNX Runtime check differs by more than",
        CheckCommand.ATOL + " (the model is still written); 2 on any error (one line on standard error)."})
public final class FinetuneCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Option(names = "--model", paramLabel = "FILE", description = "the pretrained model (input: 28x28 pixels / 255) (required)")
  @Nullable Path model;

  @Option(names = "--output", paramLabel = "FILE", description = "where to write the fine-tuned model (required)")
  @Nullable Path output;

  @Option(names = "--reuse", paramLabel = "N", description = "layers to reuse, counted as Lamina imports them (an ONNX "
      + "activation node is a layer of its own) (default: all but the last)")
  @Nullable Integer reuse;

  @Option(names = "--classes", paramLabel = "A,B", description = "two Fashion-MNIST classes 0-9; label 1 = B (default: ${DEFAULT-VALUE})")
  String classes = "5,6";

  @Option(names = "--train-size", paramLabel = "N", description = "the first N training images of those classes (default: ${DEFAULT-VALUE})")
  int trainSize = 200;

  @Option(names = "--validation-size", paramLabel = "N", description = "validate each epoch on the next N training images (default: ${DEFAULT-VALUE})")
  int validationSize = 0;

  @Option(names = "--freeze-epochs", paramLabel = "N", description = "epochs with the reused layers frozen (default: ${DEFAULT-VALUE})")
  int freezeEpochs = 4;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs after unfreezing (default: ${DEFAULT-VALUE})")
  int epochs = 16;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "SGD (momentum 0.9) while frozen (default: 1e-3)")
  double learningRate = 1e-3;

  @Option(names = "--fine-tune-learning-rate", paramLabel = "LR", description = "SGD (momentum 0.9, new optimizer) after unfreezing (default: 1e-4)")
  double fineTuneLearningRate = 1e-4;

  @Option(names = "--batch-size", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  int batchSize = 32;

  @Option(names = "--seed", paramLabel = "N", description = "seeds the new head and shuffling (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST (else $LAMINA_DATA, ~/.cache/lamina/fashion-mnist, /usr/share/datasets/fashion-mnist)")
  @Nullable Path data;

  @Option(names = "--cache-benchmark", paramLabel = "ROUNDS", description = "instead of fine-tuning (no --output): run the "
      + "frozen epochs ROUNDS times with and without the frozen-layer cache, alternating, and print the epoch times and "
      + "their ratio (round 1 warms up, uncounted)")
  int cacheBenchmarkRounds = 0;

  /** The parsed options. */
  record Options(Path model, @Nullable Path output, @Nullable Integer reuse, int negative, int positive, int trainSize,
      int validationSize, int freezeEpochs, int epochs, double learningRate, double fineTuneLearningRate, int batchSize,
      long seed, @Nullable Path data, int cacheBenchmarkRounds) {}

  /**
   * Runs {@code lamina finetune} with {@code args}: the exit code as {@link Main#execute}, the
   * output on {@code out}, errors as one line on {@code err}.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String[] line = new String[args.length + 1];
    line[0] = "finetune";
    System.arraycopy(args, 0, line, 1, args.length);
    return Main.execute(line, out, err);
  }

  @Override
  public Integer call() {
    return execute(options(), main.out, main.err);
  }

  /** The options, checked together. */
  Options options() {
    int[] c = classes(classes);
    atLeast("--train-size", trainSize, 1);
    atLeast("--validation-size", validationSize, 0);
    if (cacheBenchmarkRounds != 0) {
      atLeast("--cache-benchmark", cacheBenchmarkRounds, 2);
    }
    atLeast("--freeze-epochs", freezeEpochs, 0);
    atLeast("--epochs", epochs, 0);
    positive("--learning-rate", learningRate);
    positive("--fine-tune-learning-rate", fineTuneLearningRate);
    atLeast("--batch-size", batchSize, 1);
    Path model = this.model;
    if (model == null) {
      throw new IllegalArgumentException("--model is required: the pretrained ONNX model to fine-tune");
    }
    int rounds = cacheBenchmarkRounds;
    if (output == null && rounds == 0) {
      throw new IllegalArgumentException("--output is required: where to write the fine-tuned ONNX model");
    }
    if (output != null && rounds > 0) {
      throw new IllegalArgumentException("--output is not used with --cache-benchmark, which writes no model");
    }
    if (rounds > 0 && freezeEpochs < 2) {
      throw new IllegalArgumentException("--cache-benchmark needs --freeze-epochs of at least 2 (epoch 1 fills the cache),"
          + " but it was " + freezeEpochs);
    }
    if (freezeEpochs + epochs == 0) {
      throw new IllegalArgumentException("--freeze-epochs and --epochs are both 0: nothing to train");
    }
    if (Files.isDirectory(model)) {
      throw new IllegalArgumentException("--model must be an ONNX file, but '" + model + "' is a directory");
    }
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("--model must be an ONNX file, but '" + model + "' does not exist");
    }
    if (output != null && output.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--output must differ from --model, but both were '" + output + "'");
    }
    return new Options(model, output, reuse, c[0], c[1], trainSize, validationSize, freezeEpochs, epochs, learningRate,
        fineTuneLearningRate, batchSize, seed, data, rounds);
  }

  private static int execute(Options o, PrintStream out, PrintStream err) {
    OnnxImport imported = OnnxImporter.read(o.model());
    if (!(imported.model() instanceof Sequential base)) {
      throw new IllegalArgumentException("--model must be a chain of layers (one input, one output, each layer reading "
          + "the one before), whose first layers finetune reuses, but " + o.model() + " is a graph: " + imported.model());
    }
    imported.notes().forEach(n -> out.println("import note: " + n));
    int layers = base.layers().size();
    int reuse = o.reuse() == null ? layers - 1 : o.reuse();
    if (reuse < 1 || reuse > layers - 1) {
      throw new IllegalArgumentException("--reuse must be between 1 and " + (layers - 1) + " (the model has " + layers
          + " layers), but was " + reuse);
    }
    if (Arrays.stream(base.input().shape()).reduce(1, Math::multiplyExact) != 28 * 28) {
      throw new IllegalArgumentException("--model takes inputs of shape " + Arrays.toString(base.input().shape())
          + ", but Fashion-MNIST images are 28x28");
    }
    Path folder = FashionMnist.locate(o.data()).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR, set LAMINA_DATA, or install Debian's dataset-fashion-mnist"));
    FashionMnist data = FashionMnist.load(folder);
    int[] indices = TransferLearning.indicesOf(data.trainLabels(), o.negative(), o.positive(),
        o.trainSize() + o.validationSize());
    if (indices.length < o.trainSize()) {
      throw new IllegalArgumentException("--train-size must be at most " + indices.length + " (training images of classes "
          + o.negative() + " and " + o.positive() + "), but was " + o.trainSize());
    }
    if (indices.length < o.trainSize() + o.validationSize()) {
      throw new IllegalArgumentException("--validation-size must be at most " + (indices.length - o.trainSize())
          + " (training images of classes " + o.negative() + " and " + o.positive() + " after the first " + o.trainSize()
          + "), but was " + o.validationSize());
    }
    int[] train = Arrays.copyOf(indices, o.trainSize());
    TransferLearning.Examples validation = o.validationSize() == 0 ? null : fit(TransferLearning.binary(
        data.trainImages(), data.trainLabels(), Arrays.copyOfRange(indices, o.trainSize(), indices.length), o.negative(),
        o.positive()), base);
    int[] test = TransferLearning.indicesOf(data.testLabels(), o.negative(), o.positive(), -1);
    TransferLearning.Task task = new TransferLearning.Task(
        fit(TransferLearning.binary(data.trainImages(), data.trainLabels(), train, o.negative(), o.positive()), base),
        fit(TransferLearning.binary(data.testImages(), data.testLabels(), test, o.negative(), o.positive()), base));
    out.printf(Locale.ROOT, "Task: %s (1) vs %s (0): %d training images, %s%d test images, from %s%n",
        FashionMnist.CLASS_NAMES.get(o.positive()), FashionMnist.CLASS_NAMES.get(o.negative()), train.length,
        o.validationSize() > 0 ? o.validationSize() + " validation images, " : "", test.length, folder);
    out.println("Base model " + o.model() + ": " + String.join(", ", base.layers().stream().map(Layer::name).toList()));

    TransferLearning.Recipe recipe = new TransferLearning.Recipe(o.freezeEpochs(), o.epochs(), o.learningRate(),
        o.fineTuneLearningRate(), o.batchSize(), o.seed(), true, true);
    if (o.cacheBenchmarkRounds() > 0) {
      CacheBenchmark.run(base, reuse, task.train(), validation, recipe, o.cacheBenchmarkRounds(), out);
      return 0;
    }
    TransferLearning.FineTuned ft = TransferLearning.fineTune(base, reuse, task, validation, recipe, out);
    out.printf(Locale.ROOT, "Test accuracy: %.4f (%d images)%n", ft.accuracy(), test.length);

    double diff = TransferLearning.exportAndCheck(ft.model(), o.output(), task.test().features(), Map.of(
        "base_model", o.model().getFileName().toString(),
        "task", "Fashion-MNIST " + o.positive() + " (1) vs " + o.negative() + " (0), first " + o.trainSize()
            + " training images",
        "optimizer", "SGD(lr=" + o.learningRate() + " frozen, then " + o.fineTuneLearningRate() + ", momentum=0.9)",
        "loss", "binary_crossentropy",
        "epochs", o.freezeEpochs() + " frozen + " + o.epochs(),
        "reused_layers", Integer.toString(reuse),
        "seed", Long.toString(o.seed())));
    out.println("Wrote " + o.output());
    out.printf(Locale.ROOT, "ONNX Runtime check: max |Lamina - ONNX Runtime| = %.3e on the %d test images%n", diff,
        test.length);
    return verdict(diff, o.output(), err);
  }

  /** 0 when {@code diff} ≤ {@link OnnxCommands#TOLERANCE}; else 1, after saying so on {@code err}. */
  static int verdict(double diff, Path output, PrintStream err) {
    if (diff <= CheckCommand.ATOL) {
      return 0;
    }
    err.println(String.format(Locale.ROOT, "lamina finetune: %s was written, but ONNX Runtime computes something else: "
        + "max |Lamina - ONNX Runtime| = %.3e > tolerance %s", output, diff, CheckCommand.ATOL));
    return 1;
  }

  /** The images reshaped to the model's per-sample input shape (say [784] for a model without Flatten). */
  private static TransferLearning.Examples fit(TransferLearning.Examples e, Sequential model) {
    int[] sample = model.input().shape();
    int[] shape = new int[sample.length + 1];
    shape[0] = e.size();
    System.arraycopy(sample, 0, shape, 1, sample.length);
    Tensor x = Arrays.equals(e.features().shape(), shape) ? e.features() : e.features().reshape(shape);
    return new TransferLearning.Examples(x, e.labels());
  }

  private static int[] classes(String value) {
    String[] parts = value.split(",", -1);
    int[] c = new int[parts.length];
    boolean ok = parts.length == 2;
    for (int i = 0; ok && i < 2; i++) {
      try {
        c[i] = Integer.parseInt(parts[i].trim());
        ok = c[i] >= 0 && c[i] <= 9;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok || c[0] == c[1]) {
      throw new IllegalArgumentException("--classes must be two different Fashion-MNIST classes 0-9 separated by a comma "
          + "(like 5,6), but was '" + value + "'");
    }
    return c;
  }

  private static void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", but was " + value);
    }
  }

  private static void positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a positive number, but was " + value);
    }
  }
}

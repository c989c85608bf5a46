// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.SELU;
import static dev.lamina.activations.Activations.SIGMOID;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.lecunNormal;

import dev.lamina.data.Dataset;
import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.layers.Layer;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.OnnxExportOptions;
import dev.lamina.onnx.OnnxExporter;
import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.onnx.OnnxRuntimeCheck;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Sample 4 of the chapter, "Reusing pretrained layers" (Géron's task B): model A, trained in
 * PyTorch on 8 Fashion-MNIST classes and exported to ONNX, is imported; all its layers but the
 * output are reused under a new 1-unit sigmoid head for Shirt (1) vs Sandal (0) with only 200
 * training images. The reused layers are frozen for 4 epochs (SGD lr 1e-3, momentum 0.9), then
 * unfrozen and trained 16 more epochs with a new optimizer at lr 1e-4. For comparison the same
 * architecture is trained from scratch, and the fine-tuned model is exported to ONNX and checked
 * in ONNX Runtime.
 *
 * <pre>{@code
 * TransferLearning.Result r = TransferLearning.run(TransferLearning.Config.of(referenceFolder, dataFolder, 0));
 * }</pre>
 */
public final class TransferLearning {
  private TransferLearning() {}

  /**
   * What to run.
   *
   * @param modelA the pretrained model ({@code onnx-models/pretrained_fashion_A/model.onnx})
   * @param taskB the folder with {@code train_indices.i32} and {@code test_indices.i32}
   *     ({@code onnx-models/transfer_task_B})
   * @param data the Fashion-MNIST folder
   * @param seed seeds the new head, the scratch model and shuffling: same seed, same result
   * @param freezeEpochs epochs with the reused layers frozen
   * @param fineTuneEpochs epochs after unfreezing
   * @param scratchEpochs epochs of the model trained from scratch (0: skip it)
   * @param output where to write the fine-tuned model as ONNX (null: a temporary file, deleted)
   * @param out where progress and the report go
   */
  public record Config(Path modelA, Path taskB, Path data, long seed, int freezeEpochs, int fineTuneEpochs,
      int scratchEpochs, Path output, PrintStream out) {
    /** The manifests' recipe: 4 frozen + 16 fine-tuning epochs, 20 from scratch, printing to stdout. */
    public static Config of(Path onnxModels, Path data, long seed) {
      return new Config(onnxModels.resolve("pretrained_fashion_A").resolve("model.onnx"),
          onnxModels.resolve("transfer_task_B"), data, seed, 4, 16, 20, null, System.out);
    }

    public Config output(Path output) {
      return new Config(modelA, taskB, data, seed, freezeEpochs, fineTuneEpochs, scratchEpochs, output, out);
    }

    public Config out(PrintStream out) {
      return new Config(modelA, taskB, data, seed, freezeEpochs, fineTuneEpochs, scratchEpochs, output, out);
    }

    public Config scratchEpochs(int scratchEpochs) {
      return new Config(modelA, taskB, data, seed, freezeEpochs, fineTuneEpochs, scratchEpochs, output, out);
    }
  }

  /**
   * What came out.
   *
   * @param afterFrozen B-on-A test accuracy after the frozen epochs
   * @param bOnA B-on-A test accuracy at the end
   * @param fromScratch B-from-scratch test accuracy (NaN if not trained)
   * @param ortMaxAbsDiff max |Lamina − ONNX Runtime| of the exported fine-tuned model on the test images
   * @param modelAUnchanged whether the imported model A still has exactly its weights after training B
   * @param frozenMillis wall time of the frozen epochs
   * @param fineTuned the fine-tuned model
   */
  public record Result(double afterFrozen, double bOnA, double fromScratch, double ortMaxAbsDiff,
      boolean modelAUnchanged, long frozenMillis, Sequential fineTuned) {}

  /** A binary task: inputs [N, 28, 28] in [0, 1] and 0/1 labels [N, 1]. */
  public record Task(Examples train, Examples test) {}

  /** Inputs and their 0/1 targets of shape [N, 1], as the sigmoid head's loss takes them. */
  public record Examples(Tensor features, Tensor labels) {
    public int size() {
      return features.samples();
    }
  }

  /** How to fine-tune: epochs and learning rates of the two phases, batch size, seed. */
  public record Recipe(int freezeEpochs, int fineTuneEpochs, double learningRate, double fineTuneLearningRate,
      int batchSize, long seed, boolean cacheFrozenLayers, boolean verbose) {
    /** The book's recipe: 4 epochs at 1e-3, then 16 at 1e-4, SGD momentum 0.9, batch 32. */
    public static Recipe book(long seed) {
      return new Recipe(4, 16, 1e-3, 1e-4, 32, seed, true, false);
    }

    public Recipe cacheFrozenLayers(boolean cache) {
      return new Recipe(freezeEpochs, fineTuneEpochs, learningRate, fineTuneLearningRate, batchSize, seed, cache, verbose);
    }
  }

  /** Runs the experiment and prints a report to {@code config.out()}. */
  public static Result run(Config config) {
    PrintStream out = config.out();
    OnnxImport imported = OnnxImporter.read(config.modelA());
    Sequential modelA = imported.sequential();
    imported.notes().forEach(n -> out.println("import note: " + n));
    Map<String, Tensor> weightsA = modelA.weights();

    Task task = taskB(FashionMnist.load(config.data()), config.taskB());
    out.printf(Locale.ROOT, "Task B: %d training and %d test images (1 = Shirt, 0 = Sandal)%n",
        task.train().size(), task.test().size());

    // B on A: every layer of A but its output layer, a new sigmoid head.
    Recipe recipe = new Recipe(config.freezeEpochs(), config.fineTuneEpochs(), 1e-3, 1e-4, 32, config.seed(), true,
        false);
    FineTuned ft = fineTune(modelA, modelA.layers().size() - 1, task, recipe, out);

    double scratch = Double.NaN;
    if (config.scratchEpochs() > 0) {
      Sequential fromScratch = Network.sequential(config.seed(), input(28, 28),
          flatten(),
          dense(300, SELU).kernelInitializer(lecunNormal()),
          dense(100, SELU).kernelInitializer(lecunNormal()),
          dense(50, SELU).kernelInitializer(lecunNormal()),
          dense(50, SELU).kernelInitializer(lecunNormal()),
          dense(1, SIGMOID).kernelInitializer(lecunNormal()));
      compile(fromScratch, 1e-3);
      fromScratch.fit(task.train().features(), task.train().labels(),
          fitOptions(config.scratchEpochs(), 32, config.seed(), false, true));
      scratch = accuracy(fromScratch, task.test());
    }

    double diff = exportAndCheck(ft.model(), config.output(), task.test().features(),
        Map.of("task", "Fashion-MNIST Shirt (1) vs Sandal (0), 200 images, on pretrained_fashion_A",
            "optimizer", "SGD(lr=0.001 then 0.0001, momentum=0.9)", "loss", "binary_crossentropy",
            "epochs", config.freezeEpochs() + " frozen + " + config.fineTuneEpochs(), "seed", Long.toString(config.seed())));
    boolean unchanged = sameWeights(weightsA, modelA.weights());

    out.printf(Locale.ROOT, "%nTransfer learning, task B (seed %d)%n", config.seed());
    out.printf(Locale.ROOT, "  B on A, after %2d frozen epochs    %.4f  (%d ms)%n", config.freezeEpochs(), ft.afterFrozen(),
        ft.frozenMillis());
    out.printf(Locale.ROOT, "  B on A, after %2d more epochs      %.4f   (PyTorch, seed 0: 0.9935; seeds 0-4: 0.9935-0.9970)%n",
        config.fineTuneEpochs(), ft.accuracy());
    if (config.scratchEpochs() > 0) {
      out.printf(Locale.ROOT, "  B from scratch, %2d epochs         %.4f   (PyTorch, seed 0: 0.9905; seeds 0-4: 0.9890-0.9945)%n",
          config.scratchEpochs(), scratch);
    }
    out.printf(Locale.ROOT, "  ONNX export vs ONNX Runtime: max |diff| %.3e on %d images%n", diff, task.test().size());
    out.println("  model A unchanged by training B: " + unchanged);
    return new Result(ft.afterFrozen(), ft.accuracy(), scratch, diff, unchanged, ft.frozenMillis(), ft.model());
  }

  /** A fine-tuned model with its test accuracy after each phase. */
  public record FineTuned(Sequential model, double afterFrozen, double accuracy, long frozenMillis) {}

  /**
   * Reuses the first {@code reuse} layers of {@code base} (copied: {@code base} is not changed)
   * under a new 1-unit sigmoid head, trains the head with them frozen, then everything with a new
   * optimizer at the fine-tuning learning rate. Either phase may have 0 epochs, not both; the
   * returned model is unfrozen.
   */
  public static FineTuned fineTune(Sequential base, int reuse, Task task, Recipe recipe, PrintStream out) {
    return fineTune(base, reuse, task, null, recipe, out);
  }

  /**
   * As {@link #fineTune(Sequential, int, Task, Recipe, PrintStream)}, and when {@code validation} is
   * not null, each epoch also reports the loss and accuracy on it ({@code val_loss}, {@code val_accuracy}).
   */
  public static FineTuned fineTune(Sequential base, int reuse, Task task, @Nullable Examples validation, Recipe recipe,
      PrintStream out) {
    if (recipe.freezeEpochs() <= 0 && recipe.fineTuneEpochs() <= 0) {
      throw new IllegalArgumentException("fine-tuning needs at least one epoch, frozen or not");
    }
    Sequential model = frozenUnderNewHead(base, reuse, recipe.seed());
    String reused = reusedLayers(base, reuse);
    out.printf(Locale.ROOT, "Reusing %d layer(s) of the base model (%s), frozen; new head 'head'%n", reuse,
        base.layers().subList(0, reuse).stream().map(Layer::name).collect(Collectors.joining(", ")));

    long frozenMillis = 0;
    double afterFrozen = Double.NaN;
    if (recipe.freezeEpochs() > 0) {
      compile(model, recipe.learningRate());
      long start = System.nanoTime();
      model.fit(task.train().features(), task.train().labels(), validated(
          fitOptions(recipe.freezeEpochs(), recipe.batchSize(), recipe.seed(), recipe.verbose(),
              recipe.cacheFrozenLayers()), validation));
      frozenMillis = (System.nanoTime() - start) / 1_000_000;
      afterFrozen = accuracy(model, task.test());
      out.printf(Locale.ROOT, "After %d frozen epoch(s) at lr %s: test accuracy %.4f%n", recipe.freezeEpochs(),
          recipe.learningRate(), afterFrozen);
    }
    model.unfreeze(reused);
    double accuracy = afterFrozen;
    if (recipe.fineTuneEpochs() > 0) {
      compile(model, recipe.fineTuneLearningRate()); // a new optimizer, as Keras' re-compile: momentum starts at 0
      model.fit(task.train().features(), task.train().labels(), validated(
          fitOptions(recipe.freezeEpochs() + recipe.fineTuneEpochs(), recipe.batchSize(), recipe.seed(),
              recipe.verbose(), recipe.cacheFrozenLayers()).initialEpoch(recipe.freezeEpochs()), validation));
      accuracy = accuracy(model, task.test());
      out.printf(Locale.ROOT, "After %d more epoch(s), unfrozen, at lr %s: test accuracy %.4f%n",
          recipe.fineTuneEpochs(), recipe.fineTuneLearningRate(), accuracy);
    }
    return new FineTuned(model, afterFrozen, accuracy, frozenMillis);
  }

  /** The first {@code reuse} layers of {@code base} (copied), frozen, under a new 1-unit sigmoid layer "head". */
  static Sequential frozenUnderNewHead(Sequential base, int reuse, long seed) {
    Sequential model = base.firstLayers(reuse)
        .append(seed, dense(1, SIGMOID).kernelInitializer(lecunNormal()).name("head"));
    model.freeze(reusedLayers(base, reuse));
    return model;
  }

  /** A pattern matching the names of the first {@code reuse} layers of {@code base}. */
  private static String reusedLayers(Sequential base, int reuse) {
    return base.layers().subList(0, reuse).stream().map(l -> Pattern.quote(l.name())).collect(Collectors.joining("|"));
  }

  /**
   * Writes {@code model} to {@code file} as ONNX (atomically; a temporary file when null) and
   * returns the max |Lamina − ONNX Runtime| on {@code inputs}, read back from the written file.
   */
  public static double exportAndCheck(Sequential model, Path file, Tensor inputs, Map<String, String> provenance) {
    try {
      Path target = file != null ? file : Files.createTempFile("lamina-transfer", ".onnx");
      try {
        OnnxExporter.write(model, target, OnnxExportOptions.defaults().trainingConfiguration(provenance));
        return OnnxRuntimeCheck.compare(model, Files.readAllBytes(target), inputs).maxAbsDiff();
      } finally {
        if (file == null) {
          Files.deleteIfExists(target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write or read the exported model: " + e.getMessage(), e);
    }
  }

  /** Task B from the index files of {@code transfer_task_B}: label 1 = Shirt (class 6), 0 = Sandal (class 5). */
  public static Task taskB(FashionMnist data, Path taskFolder) {
    int[] train = readInts(taskFolder.resolve("train_indices.i32"));
    int[] test = readInts(taskFolder.resolve("test_indices.i32"));
    return new Task(binary(data.trainImages(), data.trainLabels(), train, 5, 6),
        binary(data.testImages(), data.testLabels(), test, 5, 6));
  }

  /**
   * The images at {@code indices}, labelled 1 for class {@code positive} and 0 for class
   * {@code negative}; any other class is an error (the indices do not fit the data).
   */
  public static Examples binary(Tensor images, Tensor labels, int[] indices, int negative, int positive) {
    float[] y = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= labels.samples()) {
        throw new IllegalArgumentException("index " + indices[i] + " is outside the " + labels.samples() + " images");
      }
      int c = (int) labels.data()[indices[i]];
      if (c != negative && c != positive) {
        throw new IllegalArgumentException("image " + indices[i] + " has class " + c + ", expected " + negative + " or "
            + positive);
      }
      y[i] = c == positive ? 1 : 0;
    }
    Tensor x = new Dataset(images, labels).select(indices).features();
    return new Examples(x, Tensor.of(y, indices.length, 1));
  }

  /** The indices of the first {@code limit} images (all if negative) whose class is {@code a} or {@code b}. */
  public static int[] indicesOf(Tensor labels, int a, int b, int limit) {
    return java.util.stream.IntStream.range(0, labels.samples())
        .filter(i -> (int) labels.data()[i] == a || (int) labels.data()[i] == b)
        .limit(limit < 0 ? Long.MAX_VALUE : limit).toArray();
  }

  /** A raw little-endian int32 file. */
  public static int[] readInts(Path file) {
    try {
      IntBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
      int[] values = new int[b.remaining()];
      b.get(values);
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void compile(Sequential model, double learningRate) {
    model.compile(Losses.binaryCrossentropy(), Optimizers.sgd().learningRate(learningRate).momentum(0.9).build(),
        Metrics.accuracy());
  }

  static FitOptions fitOptions(int epochs, int batchSize, long seed, boolean verbose, boolean cache) {
    return FitOptions.defaults().epochs(epochs).batchSize(batchSize).seed(seed).verbose(verbose)
        .cacheFrozenLayers(cache);
  }

  static FitOptions validated(FitOptions options, @Nullable Examples validation) {
    return validation == null ? options : options.validationData(validation.features(), validation.labels());
  }

  static double accuracy(Sequential model, Examples test) {
    return model.evaluate(test.features(), test.labels()).get("accuracy");
  }

  static boolean sameWeights(Map<String, Tensor> a, Map<String, Tensor> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, Tensor> e : a.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue().data(), b.get(e.getKey()).data())) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code TransferLearning [ONNX_MODELS_DIR [FASHION_MNIST_DIR [SEED]]]}: defaults
   * {@code ../shared/reference/onnx-models}, the located Fashion-MNIST, seed 0.
   */
  public static void main(String[] args) {
    Path models = Path.of(args.length > 0 ? args[0] : "../shared/reference/onnx-models");
    Path data = args.length > 1 ? Path.of(args[1]) : FashionMnist.locate(null).orElseThrow(
        () -> new IllegalArgumentException("Fashion-MNIST not found: pass its folder, or set LAMINA_DATA"));
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
    run(Config.of(models, data, seed));
  }
}

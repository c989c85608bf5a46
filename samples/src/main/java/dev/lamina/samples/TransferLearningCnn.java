// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SIGMOID;

import dev.lamina.data.FashionMnist;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Add;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Labels;
import dev.lamina.samples.plots.Plots;
import dev.lamina.samples.plots.Scale;
import dev.lamina.tensor.Tensor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The chapter's experiment done with a CNN: task B (Shirt vs Sandal, 200 training images) learnt
 * from scratch by a small residual CNN, and by fine-tuning the residual CNN pretrained on task A
 * ({@code pretrained_fashion_cnn_A}, 8 other Fashion-MNIST classes): cut before its classifier,
 * a new 1-unit sigmoid head, 5 epochs with the backbone frozen (its batch normalisation in
 * inference mode) at lr 0.01, then everything for 15 epochs at lr 0.001 with a new optimizer, the
 * recipe of {@code transfer_task_B_cnn}'s manifest. The dense network of {@link TransferLearning}
 * runs on the same images and seeds, and the table gives mean, standard deviation (population, as
 * numpy's default) and range over the seeds of the test accuracy on the 2000 test images; the plot
 * shows the test error per seed and its mean.
 *
 * <pre>{@code
 * TransferLearningCnn.Result r = TransferLearningCnn.run(TransferLearningCnn.Config.of(onnxModels, fashionMnist));
 * }</pre>
 */
public final class TransferLearningCnn {
  /** Where model A's backbone ends: the [32] pooled features the head reads (the manifest's transfer_cut). */
  static final String CUT = "/backbone/flatten/Flatten";

  private TransferLearningCnn() {}

  /**
   * What to run.
   *
   * @param onnxModels the reference {@code onnx-models} folder (pretrained_fashion_cnn_A, pretrained_fashion_A, transfer_task_B)
   * @param data the Fashion-MNIST folder
   * @param seeds one run of every model per seed
   * @param frozenEpochs, unfrozenEpochs the two phases of B on A (5 and 15 in the reference recipe)
   * @param scratchEpochs the CNN trained from scratch (20)
   * @param dense whether to run the dense network of {@link TransferLearning} too (its own recipe: 4 + 16, 20)
   * @param plot where to draw the comparison (null: no plot)
   */
  public record Config(Path onnxModels, Path data, List<Long> seeds, int frozenEpochs, int unfrozenEpochs,
      int scratchEpochs, boolean dense, @Nullable Path plot, PrintStream out) {
    /** The reference recipe over seeds 0-4, with the dense network, to standard output, no plot. */
    public static Config of(Path onnxModels, Path data) {
      return new Config(onnxModels, data, List.of(0L, 1L, 2L, 3L, 4L), 5, 15, 20, true, null, System.out);
    }

    public Config seeds(List<Long> seeds) {
      return new Config(onnxModels, data, seeds, frozenEpochs, unfrozenEpochs, scratchEpochs, dense, plot, out);
    }

    public Config epochs(int frozen, int unfrozen, int scratch) {
      return new Config(onnxModels, data, seeds, frozen, unfrozen, scratch, dense, plot, out);
    }

    public Config dense(boolean dense) {
      return new Config(onnxModels, data, seeds, frozenEpochs, unfrozenEpochs, scratchEpochs, dense, plot, out);
    }

    public Config plot(Path plot) {
      return new Config(onnxModels, data, seeds, frozenEpochs, unfrozenEpochs, scratchEpochs, dense, plot, out);
    }

    public Config out(PrintStream out) {
      return new Config(onnxModels, data, seeds, frozenEpochs, unfrozenEpochs, scratchEpochs, dense, plot, out);
    }
  }

  /** Test accuracies per seed, in the order of {@link Config#seeds()} (empty lists for the dense model when not run). */
  public record Result(List<Double> cnnScratch, List<Double> cnnOnA, List<Double> denseScratch, List<Double> denseOnA) {}

  /** Mean, population standard deviation, minimum and maximum. */
  record Stats(double mean, double std, double min, double max) {
    static Stats of(List<Double> v) {
      double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double var = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).average().orElse(Double.NaN);
      return new Stats(mean, Math.sqrt(var), v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
          v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    String cell() {
      return Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f (%.4f-%.4f)", mean, std, min, max);
    }
  }

  public static Result run(Config config) {
    PrintStream out = config.out();
    Model modelA = OnnxImporter.read(config.onnxModels().resolve("pretrained_fashion_cnn_A").resolve("model.onnx"))
        .model();
    TransferLearning.Task task = TransferLearning.taskB(FashionMnist.load(config.data()),
        config.onnxModels().resolve("transfer_task_B"));
    Tensor trainX = task.train().features().reshape(task.train().size(), 1, 28, 28);
    Tensor testX = task.test().features().reshape(task.test().size(), 1, 28, 28);
    Tensor trainY = task.train().labels();
    Tensor testY = task.test().labels();
    out.printf(Locale.ROOT, "Task B: %d training and %d test images (1 = Shirt, 0 = Sandal); seeds %s%n",
        task.train().size(), task.test().size(), config.seeds());

    List<Double> scratch = new ArrayList<>();
    List<Double> onA = new ArrayList<>();
    List<Double> denseScratch = new ArrayList<>();
    List<Double> denseOnA = new ArrayList<>();
    Model backbone = modelA.cutAt(CUT);
    for (long seed : config.seeds()) {
      Model fromScratch = residualCnn(1000 + seed);
      compile(fromScratch, 0.01);
      fromScratch.fit(trainX, trainY, fit(config.scratchEpochs(), 2000 + seed));
      scratch.add(accuracy(fromScratch, testX, testY));

      // B on A: A's backbone (copied), a new head; frozen (BN in inference mode), then unfrozen with a new optimizer.
      Model b = backbone.copy();
      Model bOnA = Model.of(3000 + seed, b.input(), Dense.builder(1).activation(SIGMOID)
          .kernelInitializer(Initializers.glorotUniform()).name("head").apply(b.output()));
      bOnA.freeze(FinetuneCommand.quoted(b.layers().stream().map(l -> l.name()).toList()));
      compile(bOnA, 0.01);
      bOnA.fit(trainX, trainY, fit(config.frozenEpochs(), 4000 + seed));
      double afterFrozen = accuracy(bOnA, testX, testY);
      bOnA.unfreeze(".*");
      compile(bOnA, 0.001);
      bOnA.fit(trainX, trainY, fit(config.frozenEpochs() + config.unfrozenEpochs(), 4000 + seed)
          .initialEpoch(config.frozenEpochs()));
      onA.add(accuracy(bOnA, testX, testY));

      String dense = "";
      if (config.dense()) {
        TransferLearning.Result d = TransferLearning.run(TransferLearning.Config.of(config.onnxModels(), config.data(),
            seed).out(new PrintStream(OutputStream.nullOutputStream())));
        denseScratch.add(d.fromScratch());
        denseOnA.add(d.bOnA());
        dense = String.format(Locale.ROOT, "; dense: scratch %.4f, on A %.4f", d.fromScratch(), d.bOnA());
      }
      out.printf(Locale.ROOT, "seed %d: CNN scratch %.4f, CNN on A %.4f (after the frozen phase %.4f)%s%n", seed,
          scratch.get(scratch.size() - 1), onA.get(onA.size() - 1), afterFrozen, dense);
    }
    Result r = new Result(scratch, onA, denseScratch, denseOnA);
    report(r, config, out);
    if (config.plot() != null) {
      plot(r, config);
      out.println("Plot: " + config.plot());
    }
    return r;
  }

  private static void report(Result r, Config config, PrintStream out) {
    Stats cs = Stats.of(r.cnnScratch());
    Stats ca = Stats.of(r.cnnOnA());
    Stats ds = Stats.of(r.denseScratch());
    Stats da = Stats.of(r.denseOnA());
    out.printf(Locale.ROOT, "%nTask B test accuracy over %d seed(s): mean ± std (min-max)%n", config.seeds().size());
    out.printf(Locale.ROOT, "  %-20s %-34s %-34s %s%n", "", "CNN (Lamina)", "dense (Lamina)", "PyTorch: CNN / dense");
    out.printf(Locale.ROOT, "  %-20s %-34s %-34s %s%n", "B from scratch", cs.cell(), ds.cell(), "0.9922 / 0.9922");
    out.printf(Locale.ROOT, "  %-20s %-34s %-34s %s%n", "B on A", ca.cell(), da.cell(), "0.9982 / 0.9951");
    out.printf(Locale.ROOT, "  %-20s %-34s %-34s %s%n", "gain from transfer", gain(ca, cs), gain(da, ds),
        "+0.60 / +0.29 points");
    out.printf(Locale.ROOT, "CNN recipe: scratch %d epochs at 0.01; on A %d frozen at 0.01 + %d unfrozen at 0.001."
        + " Dense recipe (TransferLearning): scratch 20 epochs at 1e-3; on A 4 frozen at 1e-3 + 16 at 1e-4."
        + " SGD momentum 0.9, batch 32.%n", config.scratchEpochs(), config.frozenEpochs(), config.unfrozenEpochs());
  }

  private static String gain(Stats onA, Stats scratch) {
    return Double.isNaN(onA.mean()) ? "-" : String.format(Locale.ROOT, "%+.2f points", 100 * (onA.mean() - scratch.mean()));
  }

  private static void plot(Result r, Config config) {
    List<String> groups = new ArrayList<>();
    config.seeds().forEach(s -> groups.add("seed " + s));
    groups.add("mean");
    Map<String, double[]> values = new LinkedHashMap<>();
    values.put("CNN from scratch", withMean(r.cnnScratch()));
    values.put("CNN on A", withMean(r.cnnOnA()));
    if (!r.denseScratch().isEmpty()) {
      values.put("dense from scratch", withMean(r.denseScratch()));
      values.put("dense on A", withMean(r.denseOnA()));
    }
    Plots.perLayer(config.plot(), new Labels("Task B (Shirt vs Sandal, 200 images): test error, lower is better", "seed",
        "test error (%)"), groups, values, Scale.LINEAR);
  }

  /** The test errors in percent (accuracies near 1 would give bars of equal height), then their mean. */
  private static double[] withMean(List<Double> v) {
    double[] a = Arrays.copyOf(v.stream().mapToDouble(x -> 100 * (1 - x)).toArray(), v.size() + 1);
    a[v.size()] = 100 * (1 - Stats.of(v).mean());
    return a;
  }

  /**
   * Model A's architecture with a 1-unit sigmoid head: Conv 3x3 (1 → 8, no bias) → BN → ReLU, three
   * BasicBlocks (8 → 8; 8 → 16 stride 2; 16 → 32 stride 2, with 1x1 BN projections), global average
   * pooling; he_normal convolutions, glorot_uniform head, BN epsilon 1e-3 and Keras momentum 0.9
   * (the manifest's).
   */
  static Model residualCnn(long seed) {
    Input x = Input.of(1, 28, 28);
    SymbolicTensor h = new ActivationLayer.Spec(RELU, null).apply(bn(conv(8, 3, 1).apply(x)));
    h = block(h, 8, 8, 1);
    h = block(h, 8, 16, 2);
    h = block(h, 16, 32, 2);
    h = new Flatten.Spec(null).apply(new GlobalAveragePooling2D.Spec().apply(h));
    return Model.of(seed, x, Dense.builder(1).activation(SIGMOID).kernelInitializer(Initializers.glorotUniform())
        .apply(h));
  }

  private static SymbolicTensor block(SymbolicTensor x, int in, int out, int stride) {
    SymbolicTensor y = new ActivationLayer.Spec(RELU, null).apply(bn(conv(out, 3, stride).apply(x)));
    y = bn(conv(out, 3, 1).apply(y));
    SymbolicTensor shortcut = stride == 1 && in == out ? x : bn(conv(out, 1, stride).apply(x));
    return new ActivationLayer.Spec(RELU, null).apply(new Add.Spec(null).apply(y, shortcut));
  }

  private static Conv2D.Builder conv(int filters, int kernel, int stride) {
    return Conv2D.builder(filters, kernel).strides(stride).padding(kernel / 2) // torch's symmetric padding
        .useBias(false).kernelInitializer(Initializers.heNormal());
  }

  private static SymbolicTensor bn(SymbolicTensor x) {
    return new BatchNormalization.Spec().epsilon(1e-3).momentum(0.9).apply(x);
  }

  private static void compile(Model model, double learningRate) {
    model.compile(Losses.binaryCrossentropy(), Optimizers.sgd().learningRate(learningRate).momentum(0.9).build(),
        Metrics.accuracy());
  }

  private static FitOptions fit(int epochs, long seed) {
    return FitOptions.defaults().epochs(epochs).batchSize(32).seed(seed).verbose(false).cacheFrozenLayers(true);
  }

  private static double accuracy(Model model, Tensor x, Tensor y) {
    return model.evaluate(x, y).get("accuracy");
  }

  /** {@code TransferLearningCnn [ONNX_MODELS_DIR [FASHION_MNIST_DIR [PLOT.png]]]}. */
  public static void main(String[] args) {
    Path models = Path.of(args.length > 0 ? args[0] : "../shared/reference/onnx-models");
    Path data = args.length > 1 ? Path.of(args[1]) : FashionMnist.locate(null).orElseThrow(
        () -> new IllegalArgumentException("Fashion-MNIST not found: pass its folder, or set LAMINA_DATA"));
    Config c = Config.of(models, data);
    run(args.length > 2 ? c.plot(Path.of(args[2])) : c);
  }
}

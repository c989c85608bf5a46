// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.SOFTMAX;

import dev.lamina.callbacks.ProgressSink;
import dev.lamina.data.Dataset;
import dev.lamina.data.Split;
import dev.lamina.io.AtomicFiles;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Layer;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.math.WorkerPool;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxExportOptions;
import dev.lamina.onnx.OnnxExporter;
import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.onnx.OnnxRuntimeCheck;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Plots;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina finetune}: fine-tunes a pretrained ONNX model on the user's labelled data (a folder
 * of images with one subfolder per class, a CSV file, or IDX files). The model is cut at a named
 * layer (the backbone), a new dense softmax head for the classes found in the data goes on top;
 * the head trains with the backbone frozen (its batch normalisation in inference mode, Keras'
 * rule; the frozen part's outputs computed once, the frozen-layer cache), then the layers matching
 * {@code --unfreeze} train with it under a new optimizer at a lower learning rate. The result is
 * written as ONNX with its provenance, checked in ONNX Runtime, with {@code classes.txt} and a
 * learning-curve PNG beside it.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {
    "fine-tunes a pretrained ONNX model on your labelled data; writes the fine-tuned ONNX model",
    "",
    "Cuts the model at a layer (--cut; the backbone), puts a new dense softmax head for the classes found",
    "in the data on it, trains the head with the backbone frozen, then the layers matching --unfreeze too",
    "with a new optimizer at a lower learning rate (SGD, momentum 0.9; defaults: the reference recipe,",
    "5 epochs at 0.01 then 15 at 0.001). Writes the model as ONNX (checked in ONNX Runtime, with the base",
    "model's SHA-256, the cut and the classes in its metadata), classes.txt beside it, and a learning-curve",
    "PNG. Images: converted to the model's channels, resized to its input size, then",
    "(pixel x scale - mean) / std."},
    footer = {"", "Exit status: 0 on success; 1 when the written model's ONNX Runtime check differs by more than",
        CheckCommand.ATOL + " (the model is still written); 2 on any error (one line on standard error)."})
public final class FinetuneCommand implements Callable<Integer> {
  /** The reference recipe (transfer_task_B_cnn's manifest): 5 frozen epochs at 0.01, 15 at 0.001, batch 32, momentum 0.9. */
  static final int FROZEN_EPOCHS = 5;
  static final int UNFROZEN_EPOCHS = 15;
  static final double LEARNING_RATE = 0.01;
  static final double FINE_TUNE_LEARNING_RATE = 0.001;
  static final double MOMENTUM = 0.9;
  /** Keras' usual hold-out in its fine-tuning guides. */
  static final double VALIDATION_SPLIT = 0.2;
  /** The name of the new output layer (a suffix is added if the base model has a layer of that name). */
  static final String HEAD = "finetune_head";

  @ParentCommand
  Main main;

  @Option(names = "--model", paramLabel = "FILE", description = "the pretrained ONNX model (required)")
  @Nullable Path model;

  @Option(names = "--output", paramLabel = "FILE", description = "where to write the fine-tuned model (required)")
  @Nullable Path output;

  /** Exactly one source of data. */
  static final class Source {
    @Option(names = "--images", paramLabel = "DIR", description = "a folder with one subfolder of images per class "
        + "(PNG, JPEG, BMP, GIF)")
    @Nullable Path images;

    @Option(names = "--csv", paramLabel = "FILE", description = "a CSV file of numbers: a label column, every other "
        + "column an input value (used as they are unless --scale/--mean/--std)")
    @Nullable Path csv;

    @Option(names = "--idx-images", paramLabel = "FILE", description = "an IDX file of images (pixels 0-255), with "
        + "--idx-labels")
    @Nullable Path idxImages;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--idx-labels", paramLabel = "FILE", description = "the IDX file of the labels of --idx-images")
  @Nullable Path idxLabels;

  @Option(names = "--label-column", paramLabel = "N", description = "CSV: the label's column from 0, negative from the "
      + "end (default: ${DEFAULT-VALUE}, the last)")
  int labelColumn = -1;

  @Option(names = "--header", description = "CSV: the first line holds column names")
  boolean header;

  @Option(names = "--classes", paramLabel = "A,B,...", split = ",", description = "only these classes, in this order "
      + "(default: every class found, sorted)")
  List<String> classes = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "only the first N examples (of those classes) (default: all)")
  int limit = 0;

  @Option(names = "--cut", paramLabel = "LAYER", description = "the layer (ONNX node name) whose output the new head "
      + "reads; it and everything before it are the backbone (default: the input of the last layer with weights)")
  @Nullable String cut;

  @Option(names = "--scale", paramLabel = "S", description = "images: pixel (0-255) multiplier (default: the model's "
      + "metadata, or its normalisation layer, else 1/255)")
  @Nullable Double scale;

  @Option(names = "--mean", paramLabel = "M,...", description = "images: per-channel mean subtracted after --scale (default: 0)")
  @Nullable String mean;

  @Option(names = "--std", paramLabel = "S,...", description = "images: per-channel divisor after the mean (default: 1)")
  @Nullable String std;

  @Option(names = {"--frozen-epochs", "--freeze-epochs"}, paramLabel = "N", description = "epochs with the backbone "
      + "frozen (default: " + FROZEN_EPOCHS + ")")
  int frozenEpochs = FROZEN_EPOCHS;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs after unfreezing (default: " + UNFROZEN_EPOCHS + ")")
  int epochs = UNFROZEN_EPOCHS;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "while frozen (default: " + LEARNING_RATE + ")")
  double learningRate = LEARNING_RATE;

  @Option(names = "--fine-tune-learning-rate", paramLabel = "LR", description = "after unfreezing, a new optimizer "
      + "(default: " + FINE_TUNE_LEARNING_RATE + ")")
  double fineTuneLearningRate = FINE_TUNE_LEARNING_RATE;

  @Option(names = "--unfreeze", paramLabel = "REGEX", description = "the backbone layers to unfreeze, by name (whole "
      + "name; default: all), e.g. '/backbone/blocks/blocks\\.2/.*' for the top block")
  @Nullable String unfreeze;

  @Option(names = "--backbone-rate-multiplier", paramLabel = "M", description = "learning-rate multiplier of the "
      + "unfrozen backbone layers, below 1 to move them less than the head (default: ${DEFAULT-VALUE})")
  double backboneRateMultiplier = 1;

  @Option(names = "--validation-split", paramLabel = "F", description = "fraction held out for validation, stratified "
      + "(default: " + VALIDATION_SPLIT + ")")
  double validationSplit = VALIDATION_SPLIT;

  @Option(names = "--batch-size", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  int batchSize = 32;

  @Option(names = "--seed", paramLabel = "N", description = "seeds the head, the split and shuffling (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--threads", paramLabel = "N", description = "threads for training (default: the processors)")
  int threads = WorkerPool.DEFAULT_THREADS;

  @Option(names = "--plot", paramLabel = "FILE", description = "the learning-curve PNG (default: beside --output, "
      + "NAME-curves.png)")
  @Nullable Path plot;

  @Option(names = "--cache-benchmark", paramLabel = "ROUNDS", description = "instead of fine-tuning (no --output): run the "
      + "frozen epochs ROUNDS times with and without the frozen-layer cache, alternating, and print the epoch times and "
      + "their ratio (round 1 warms up, uncounted)")
  int cacheBenchmarkRounds = 0;

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
    checkOptions();
    PrintStream out = main.out;
    Path base = SummaryCommand.existing(model);
    OnnxImport imported = OnnxImporter.read(base);
    imported.notes().forEach(n -> out.println("import note: " + n));
    Model pretrained = imported.model();
    if (pretrained.inputs().size() != 1 || pretrained.outputs().size() != 1) {
      throw new IllegalArgumentException(base + " has " + pretrained.inputs().size() + " inputs and "
          + pretrained.outputs().size() + " outputs; finetune takes a model of one input and one output");
    }
    String cutAt = cut != null ? cut : defaultCut(pretrained, base);
    PixelScaling scaling = PixelScaling.of(scale, mean == null ? null : PixelScaling.numbers(mean),
        std == null ? null : PixelScaling.numbers(std), imported.metadata(), pretrained);
    LabelledData data = data(pretrained.input().shape(), base.toString(), scaling).select(classes, limit);
    out.printf(Locale.ROOT, "Data: %d examples of %d classes %s from %s%n", data.size(), data.classes().size(),
        counts(data), data.source());
    if (source.images != null || source.idxImages != null || scale != null || mean != null || std != null) {
      out.println("Input scaling: " + scaling.describe());
    }
    Split split = validationSplit > 0 ? Split.stratified(new Dataset(data.x(), data.y()), validationSplit, seed) : null;
    Dataset train = split == null ? new Dataset(data.x(), data.y()) : split.train();
    Dataset validation = split == null ? null : split.validation();

    Model backbone = pretrained.cutAt(cutAt);
    List<String> backboneLayers = backbone.layers().stream().map(Layer::name).toList();
    String headName = headName(backboneLayers);
    Model model = withHead(backbone, data.classes().size(), headName, seed);
    model.freeze(quoted(backboneLayers));
    out.printf(Locale.ROOT, "Backbone: %d layers of %s up to '%s' (output %s), frozen; new head: %s%n",
        backboneLayers.size(), base.getFileName(), cutAt, Arrays.toString(backbone.output().shape()),
        backbone.output().shape().length > 1 ? "Flatten, Dense(" + data.classes().size() + ", softmax)"
            : "Dense(" + data.classes().size() + ", softmax)");

    FitOptions frozenOptions = fitOptions(validation).epochs(frozenEpochs);
    if (cacheBenchmarkRounds > 0) {
      CacheBenchmark.run(() -> {
        Model m = withHead(backbone, data.classes().size(), headName, seed);
        m.freeze(quoted(backboneLayers));
        compile(m, learningRate);
        return m;
      }, train.features(), train.labels(), frozenOptions, cacheBenchmarkRounds, out);
      return 0;
    }

    Map<String, List<Double>> curves = new LinkedHashMap<>();
    if (frozenEpochs > 0) {
      compile(model, learningRate);
      record(curves, model.fit(train.features(), train.labels(), frozenOptions.progress(progress(out))));
    }
    List<String> unfrozen = List.of();
    if (epochs > 0) {
      unfrozen = unfreeze == null ? model.unfreeze(quoted(backboneLayers)) : unfreezeBackbone(model, backboneLayers);
      if (backboneRateMultiplier != 1) {
        model.learningRateMultiplier(quoted(unfrozen), backboneRateMultiplier);
      }
      out.printf(Locale.ROOT, "Unfrozen: %d layer(s)%s, learning rate %s%s%n", unfrozen.size(),
          unfreeze == null ? " (the whole backbone)" : " matching '" + unfreeze + "'", fineTuneLearningRate,
          backboneRateMultiplier != 1 ? " (x " + backboneRateMultiplier + " for them)" : "");
      compile(model, fineTuneLearningRate); // a new optimizer, as Keras' re-compile: momentum starts at 0
      record(curves, model.fit(train.features(), train.labels(), fitOptions(validation)
          .epochs(frozenEpochs + epochs).initialEpoch(frozenEpochs).progress(progress(out))));
    }
    model.unfreeze(".*");
    double trainAccuracy = model.evaluate(train.features(), train.labels()).get("accuracy");
    Double validationAccuracy = validation == null ? null
        : model.evaluate(validation.features(), validation.labels()).get("accuracy");
    out.printf(Locale.ROOT, "Accuracy: training %.4f (%d examples)%s; chance %.4f%n", trainAccuracy, train.size(),
        validationAccuracy == null ? "" : String.format(Locale.ROOT, ", validation %.4f (%d examples)",
            validationAccuracy, validation.size()), chance(data));

    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put(FineTunedModel.BASE_MODEL, base.getFileName().toString());
    provenance.put(FineTunedModel.BASE_SHA256, sha256(base));
    provenance.put(FineTunedModel.CUT, cutAt);
    provenance.put(FineTunedModel.CLASSES, FineTunedModel.joinClasses(data.classes()));
    provenance.putAll(scaling.metadata());
    provenance.put("data", data.source() + " (" + data.size() + " examples)");
    provenance.put("loss", "sparse_categorical_crossentropy");
    provenance.put("optimizer", "SGD(lr=" + learningRate + " frozen, then " + fineTuneLearningRate + ", momentum="
        + MOMENTUM + ")");
    provenance.put("epochs", frozenEpochs + " frozen + " + epochs + " unfrozen (" + unfrozen.size() + " backbone layers"
        + (backboneRateMultiplier != 1 ? ", rate x " + backboneRateMultiplier : "") + ")");
    provenance.put("batch_size", Integer.toString(batchSize));
    provenance.put("seed", Long.toString(seed));
    if (validationAccuracy != null) {
      provenance.put("validation_accuracy", String.format(Locale.ROOT, "%.4f", validationAccuracy));
    }
    Path target = output;
    OnnxExporter.write(model, target, OnnxExportOptions.defaults().trainingConfiguration(provenance));
    Path classesFile = target.toAbsolutePath().resolveSibling("classes.txt");
    writeAtomically(classesFile, String.join("\n", data.classes()) + "\n");
    Path curvesFile = plot != null ? plot : target.toAbsolutePath().resolveSibling(stem(target) + "-curves.png");
    if (!curves.isEmpty()) {
      Plots.learningCurves(curves, curvesFile);
    }
    Tensor checkInputs = (validation != null ? validation : train).features();
    double diff = OnnxRuntimeCheck.compare(model, bytes(target), first(checkInputs, 256)).maxAbsDiff();
    out.println("Wrote " + target + ", " + classesFile + (curves.isEmpty() ? "" : ", " + curvesFile));
    out.printf(Locale.ROOT, "ONNX Runtime check: max |Lamina - ONNX Runtime| = %.3e on %d examples%n", diff,
        Math.min(256, checkInputs.samples()));
    return verdict(diff, target, main.err);
  }

  private void checkOptions() {
    atLeast("--frozen-epochs", frozenEpochs, 0);
    atLeast("--epochs", epochs, 0);
    atLeast("--batch-size", batchSize, 1);
    atLeast("--threads", threads, 1);
    atLeast("--limit", limit, 0);
    positive("--learning-rate", learningRate);
    positive("--fine-tune-learning-rate", fineTuneLearningRate);
    if (!(backboneRateMultiplier >= 0) || Double.isInfinite(backboneRateMultiplier)) {
      throw new IllegalArgumentException("--backbone-rate-multiplier must be a number >= 0, but was " + backboneRateMultiplier);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("--validation-split must be in [0, 1), but was " + validationSplit);
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required: the pretrained ONNX model to fine-tune");
    }
    if (cacheBenchmarkRounds != 0) {
      atLeast("--cache-benchmark", cacheBenchmarkRounds, 2);
      if (output != null) {
        throw new IllegalArgumentException("--output is not used with --cache-benchmark, which writes no model");
      }
      if (frozenEpochs < 2) {
        throw new IllegalArgumentException("--cache-benchmark needs --frozen-epochs of at least 2 (epoch 1 fills the "
            + "cache), but it was " + frozenEpochs);
      }
    } else if (output == null) {
      throw new IllegalArgumentException("--output is required: where to write the fine-tuned ONNX model");
    }
    if (frozenEpochs + epochs == 0) {
      throw new IllegalArgumentException("--frozen-epochs and --epochs are both 0: nothing to train");
    }
    if (output != null && output.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--output must differ from --model, but both were '" + output + "'");
    }
    if ((source.idxImages == null) != (idxLabels == null)) {
      throw new IllegalArgumentException("--idx-images and --idx-labels go together: the images and their labels");
    }
  }

  private LabelledData data(int[] inputShape, String modelName, PixelScaling scaling) {
    if (source.images != null) {
      return LabelledData.images(source.images, inputShape, modelName, scaling);
    }
    if (source.csv != null) {
      return LabelledData.csv(file("--csv", source.csv), labelColumn, header, inputShape, scaling,
          scale != null || mean != null || std != null);
    }
    return LabelledData.idx(file("--idx-images", source.idxImages), file("--idx-labels", idxLabels), inputShape,
        scaling);
  }

  /** {@code path}, checked to be a file. */
  static Path file(String option, Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(option + " must be a file, but '" + path + "' "
          + (Files.isDirectory(path) ? "is a folder" : "does not exist"));
    }
    return path;
  }

  /**
   * Where the new head goes by default: the input of the last layer with weights (the old
   * classifier), which must be the output of a layer.
   */
  static String defaultCut(Model model, Path file) {
    List<Layer> layers = model.layers();
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer l = layers.get(i);
      if (!l.parameters().isEmpty()) {
        Layer before = l.nodes().get(0).inputs().get(0).layer();
        if (before == null) {
          throw new IllegalArgumentException(file + ": its last layer with weights, '" + l.name() + "', reads the model's "
              + "input, so nothing is left to reuse before it; name a layer with --cut");
        }
        return before.name();
      }
    }
    throw new IllegalArgumentException(file + " has no layer with weights; nothing to fine-tune");
  }

  /** A copy of nothing: the backbone's layers are shared, the head is new, initialised from {@code seed}. */
  static Model withHead(Model backbone, int classes, String name, long seed) {
    SymbolicTensor features = backbone.output();
    if (features.shape().length > 1) {
      features = new Flatten.Spec(name + "_flatten").apply(features);
    }
    return Model.of(seed, backbone.input(), Dense.builder(classes).activation(SOFTMAX).name(name).apply(features));
  }

  private static String headName(List<String> taken) {
    String name = HEAD;
    for (int k = 1; taken.contains(name) || taken.contains(name + "_flatten"); k++) {
      name = HEAD + "_" + k;
    }
    return name;
  }

  private List<String> unfreezeBackbone(Model model, List<String> backboneLayers) {
    Pattern p;
    try {
      p = Pattern.compile(unfreeze);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("--unfreeze must be a regular expression, but '" + unfreeze + "' is not: "
          + e.getDescription());
    }
    List<String> matches = backboneLayers.stream().filter(n -> p.matcher(n).matches()).toList();
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("--unfreeze '" + unfreeze + "' matches no backbone layer; they are "
          + backboneLayers);
    }
    return model.unfreeze(quoted(matches));
  }

  static String quoted(List<String> names) {
    return names.stream().map(Pattern::quote).collect(Collectors.joining("|"));
  }

  private static void compile(Model model, double learningRate) {
    model.compile(Losses.sparseCategoricalCrossentropy(),
        Optimizers.sgd().learningRate(learningRate).momentum(MOMENTUM).build(), Metrics.accuracy());
  }

  private FitOptions fitOptions(@Nullable Dataset validation) {
    FitOptions o = FitOptions.defaults().batchSize(batchSize).seed(seed).threads(threads).cacheFrozenLayers(true);
    return validation == null ? o : o.validationData(validation.features(), validation.labels());
  }

  /** The bar redrawn on a terminal for the real standard output; lines on any other stream (a test's). */
  private static ProgressSink progress(PrintStream out) {
    return out == System.out ? ProgressSink.console() : ProgressSink.of(out);
  }

  private static void record(Map<String, List<Double>> curves, History h) {
    h.asMap().forEach((k, v) -> curves.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
  }

  private static String counts(LabelledData data) {
    int[] n = new int[data.classes().size()];
    for (float y : data.y().data()) {
      n[(int) y]++;
    }
    List<String> parts = new ArrayList<>();
    for (int c = 0; c < n.length; c++) {
      parts.add(data.classes().get(c) + ": " + n[c]);
    }
    return "(" + String.join(", ", parts) + ")";
  }

  /** The accuracy of always answering the most frequent class. */
  private static double chance(LabelledData data) {
    int[] n = new int[data.classes().size()];
    for (float y : data.y().data()) {
      n[(int) y]++;
    }
    return (double) Arrays.stream(n).max().orElse(0) / Math.max(1, data.size());
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static void writeAtomically(Path file, String text) {
    try {
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back " + file + ": " + e.getMessage(), e);
    }
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
  }

  private static Tensor first(Tensor x, int n) {
    if (x.samples() <= n) {
      return x;
    }
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    return new Dataset(x, Tensor.zeros(x.samples())).select(indices).features();
  }

  /** 0 when {@code diff} ≤ {@link CheckCommand#ATOL}; else 1, after saying so on {@code err}. */
  static int verdict(double diff, Path output, PrintStream err) {
    if (diff <= CheckCommand.ATOL) {
      return 0;
    }
    err.println(String.format(Locale.ROOT, "lamina finetune: %s was written, but ONNX Runtime computes something else: "
        + "max |Lamina - ONNX Runtime| = %.3e > tolerance %s", output, diff, CheckCommand.ATOL));
    return 1;
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

package dev.lamina.model;

import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Parameter;
import dev.lamina.losses.Loss;
import dev.lamina.math.WorkerPool;
import dev.lamina.metrics.Accuracy;
import dev.lamina.metrics.Metric;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Shapes;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A stack of layers, each feeding the next (Keras {@code Sequential}). Created with its weights
 * initialised from a seed, then {@link #compile}d and {@link #fit}ted.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(42, Input.of(28, 28),
 *     Layers.flatten(), Layers.dense(300).activation(ELU), Layers.dense(10).activation(SOFTMAX));
 * model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().momentum(0.9).build(),
 *     Metrics.accuracy());
 * History h = model.fit(x, y, FitOptions.defaults().epochs(3));
 * }</pre>
 *
 * <p>One seed makes everything reproducible: the same seed and data on the same machine give
 * bit-identical weights. Training draws its random numbers (shuffling, dropout masks, RReLU
 * slopes) from generators reseeded at every epoch from (seed, epoch), so training resumed from a
 * {@linkplain #saveCheckpoint checkpoint} gives the same weights as training without a break.
 *
 * <p>Not thread-safe: the layers keep their activations and gradients in buffers of their own, so
 * a model, its {@link #predictor() predictors}, {@code fit}, {@code evaluate} and {@code predict}
 * are used by one thread at a time (the work of one call is shared among {@code threads} threads
 * by Lamina itself). To serve requests from several threads, give each its own {@link #copy()}.
 */
public final class Sequential {
  private long seed;
  private final Input input;
  private final List<Layer> layers;
  private @Nullable Compiled compiled;
  private @Nullable String stopReason;

  private Sequential(long seed, Input input, List<? extends LayerSpec> specs) {
    this.seed = seed;
    this.input = Objects.requireNonNull(input, "input");
    this.layers = createLayers(specs);
    SplittableRandom random = new SplittableRandom(seed);
    int[] shape = input.shape();
    for (Layer layer : layers) {
      shape = layer.build(shape, random.split());
    }
  }

  /** A model initialised from {@code seed}. */
  public static Sequential of(long seed, Input input, LayerSpec... layers) {
    return new Sequential(seed, input, List.of(layers));
  }

  /** A model initialised from {@code seed}. */
  public static Sequential of(long seed, Input input, List<? extends LayerSpec> layers) {
    return new Sequential(seed, input, List.copyOf(layers));
  }

  /** A model initialised from a fresh random seed, reported by {@link #seed()}. */
  public static Sequential of(Input input, LayerSpec... layers) {
    return new Sequential(new SplittableRandom().nextLong(), input, List.of(layers));
  }

  /** A model initialised from a fresh random seed, reported by {@link #seed()}. */
  public static Sequential of(Input input, List<? extends LayerSpec> layers) {
    return new Sequential(new SplittableRandom().nextLong(), input, List.copyOf(layers));
  }

  private static List<Layer> createLayers(List<? extends LayerSpec> specs) {
    Set<String> names = new HashSet<>();
    for (LayerSpec spec : specs) {
      String name = Objects.requireNonNull(spec, "layer spec").name();
      if (name != null && !names.add(name)) {
        throw new IllegalArgumentException("Sequential: layer names must be unique, but '" + name + "' was given twice");
      }
    }
    Map<String, Integer> counters = new HashMap<>();
    List<Layer> layers = new ArrayList<>();
    for (LayerSpec spec : specs) {
      String name = spec.name();
      while (name == null) {
        int k = counters.merge(spec.baseName(), 1, Integer::sum) - 1;
        String candidate = k == 0 ? spec.baseName() : spec.baseName() + "_" + k;
        name = names.add(candidate) ? candidate : null;
      }
      layers.add(spec.create(name));
    }
    return List.copyOf(layers);
  }

  /**
   * The seed the weights were initialised from, from which training derives its random numbers;
   * {@link #loadCheckpoint} sets it to the checkpoint's.
   */
  public long seed() {
    return seed;
  }

  /** The per-sample input shape. */
  public Input input() {
    return input;
  }

  /** The layers, first to last. */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * The layer called {@code name} ({@code model["dense_1"]} in Kotlin).
   *
   * @throws IllegalArgumentException if there is none
   */
  public Layer get(String name) {
    for (Layer l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("Sequential: no layer named '" + name + "'; layers are " + layerNames());
  }

  /** The per-sample output shape. */
  public int[] outputShape() {
    return layers.isEmpty() ? input.shape() : layers.get(layers.size() - 1).outputShape();
  }

  /** Every parameter, layer by layer. */
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    layers.forEach(l -> all.addAll(l.parameters()));
    return all;
  }

  /** The Keras-style table of layers, output shapes and parameter counts. */
  public String summary() {
    return Summary.of(this);
  }

  /**
   * Sets the loss, the optimizer and the metrics for {@link #fit} and {@link #evaluate}.
   * {@link dev.lamina.metrics.Metrics#accuracy()} is resolved to the variant the loss implies.
   */
  public void compile(Loss loss, Optimizer optimizer, Metric... metrics) {
    compile(loss, optimizer, List.of(metrics));
  }

  /** As {@link #compile(Loss, Optimizer, Metric...)}. */
  public void compile(Loss loss, Optimizer optimizer, List<? extends Metric> metrics) {
    int units = Math.toIntExact(Shapes.size(outputShape()));
    List<Metric> resolved = new ArrayList<>();
    for (Metric m : metrics) {
      resolved.add(m instanceof Accuracy a ? a.resolve(loss, units) : m);
    }
    compiled = new Compiled(Objects.requireNonNull(loss, "loss"), Objects.requireNonNull(optimizer, "optimizer"),
        List.copyOf(resolved));
  }

  /** Whether {@link #compile} has been called. */
  public boolean isCompiled() {
    return compiled != null;
  }

  /**
   * The loss set by {@link #compile} (Keras {@code model.loss}).
   *
   * @throws IllegalStateException if the model is not compiled
   */
  public Loss loss() {
    return compiled().loss();
  }

  /**
   * The optimizer set by {@link #compile} (Keras {@code model.optimizer}).
   *
   * @throws IllegalStateException if the model is not compiled
   */
  public Optimizer optimizer() {
    return compiled().optimizer();
  }

  /**
   * Asks the running {@link #fit} to stop after the current batch (Keras
   * {@code model.stop_training = True}); the epoch still ends with its callbacks, and the reason
   * is reported by {@link History#stopReason()}. For callbacks; the next fit starts afresh.
   */
  public void stopTraining(String reason) {
    this.stopReason = Objects.requireNonNull(reason, "reason");
  }

  @Nullable String stopReason() {
    return stopReason;
  }

  void clearStop() {
    stopReason = null;
  }

  /** Trains for {@code epochs} epochs with the other {@link FitOptions#defaults()}. */
  public History fit(Tensor x, Tensor y, int epochs) {
    return fit(x, y, FitOptions.defaults().epochs(epochs));
  }

  /**
   * Trains the model on inputs {@code x} [samples, …input shape] and targets {@code y} (class
   * indices [samples] for sparse losses, otherwise [samples, …output shape]).
   *
   * <p>Before the first batch, fit checks the data once, so that bad data fail with a message
   * naming what is wrong, the value and where (the row, training or validation data) before any
   * weight changes: the input shapes (exactly the model's input shape: inputs of another shape are
   * not reshaped), the target shapes for the loss, that neither the training nor the validation
   * data is empty, that every input is finite (a NaN or an infinity would make the loss NaN), and,
   * for sparse categorical cross-entropy, that every label is a class index. This is one pass over
   * the inputs and labels per call, nothing per batch.
   *
   * @throws IllegalStateException if the model is not compiled
   * @throws IllegalArgumentException if the data do not fit the model or the loss, are empty, or
   *     hold a non-finite input
   */
  public History fit(Tensor x, Tensor y, FitOptions options) {
    Trainer trainer = new Trainer(this, compiled(), options);
    return WorkerPool.of(options.threads()).call(() -> trainer.fit(x, y));
  }

  /** Loss and metrics on {@code x, y} in inference mode, in batches of 32. */
  public Evaluation evaluate(Tensor x, Tensor y) {
    return evaluate(x, y, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Loss and metrics on {@code x, y} in inference mode.
   *
   * @throws IllegalArgumentException if batchSize is not positive, there are no samples, or the data
   *     do not fit the model
   */
  public Evaluation evaluate(Tensor x, Tensor y, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Sequential: evaluate needs batchSize > 0, but got " + batchSize);
    }
    Trainer trainer = new Trainer(this, compiled(), FitOptions.defaults().batchSize(batchSize));
    return WorkerPool.of(WorkerPool.DEFAULT_THREADS).call(() -> trainer.evaluate(x, y));
  }

  /** The outputs for {@code x} in inference mode, computed in batches of 32. */
  public Tensor predict(Tensor x) {
    return predict(x, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /** The outputs for {@code x} [samples, …input shape], in inference mode: [samples, …output shape]. */
  public Tensor predict(Tensor x, int batchSize) {
    return predict(x, batchSize, WorkerPool.DEFAULT_THREADS);
  }

  /**
   * As {@link #predict(Tensor, int)}, with the products shared by {@code threads} threads (the
   * outputs are bit-identical for every thread count).
   *
   * @throws IllegalArgumentException if batchSize or threads is not positive, or x does not fit
   */
  public Tensor predict(Tensor x, int batchSize, int threads) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Sequential: predict needs batchSize > 0, but got " + batchSize);
    }
    return WorkerPool.of(threads).call(() -> predictInScope(x, batchSize));
  }

  /**
   * A reusable single-sample inference path that allocates nothing per call, for serving one
   * request at a time. See {@link Predictor}. Every predictor of a model shares the model's layer
   * buffers: one thread at a time for all of them (for more threads, predictors of copies).
   */
  public Predictor predictor() {
    return new Predictor(this);
  }

  private Tensor predictInScope(Tensor x, int batchSize) {
    int features = checkInputs(x);
    int samples = x.samples();
    int outputs = Math.toIntExact(Shapes.size(outputShape()));
    float[] result = new float[samples * outputs];
    // One batch: the layers read the inputs in place (inference writes only the layers' own
    // buffers), which saves allocating and filling a copy (measured: 10% of batch-1024 inference).
    boolean inPlace = samples <= batchSize && x.data().length == samples * features;
    Matrix batch = inPlace ? Matrix.wrap(x.data(), samples, features)
        : new Matrix(Math.min(batchSize, Math.max(samples, 1)), features);
    for (int start = 0; start < samples; start += batchSize) {
      int rows = Math.min(batchSize, samples - start);
      if (!inPlace) {
        batch.reshape(rows, features);
        System.arraycopy(x.data(), start * features, batch.data(), 0, rows * features);
      }
      Matrix out = forward(batch, Mode.INFER);
      System.arraycopy(out.data(), 0, result, start * outputs, rows * outputs);
    }
    int[] shape = new int[outputShape().length + 1];
    shape[0] = samples;
    System.arraycopy(outputShape(), 0, shape, 1, shape.length - 1);
    return Tensor.of(result, shape);
  }

  /** As {@link #predictMonteCarlo(Tensor, int, int)} in batches of 32. */
  public MonteCarloPrediction predictMonteCarlo(Tensor x, int passes) {
    return predictMonteCarlo(x, passes, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Monte Carlo dropout (Gal &amp; Ghahramani, 2016, https://arxiv.org/abs/1506.02142): runs
   * {@code passes} forward passes in {@link Mode#MONTE_CARLO}, where dropout layers drop as in
   * training and every other layer (batch normalisation included) behaves as in inference, and
   * returns the mean and standard deviation of the outputs. The masks come from the layers' seeded
   * generators, so a fresh model with the same seed repeats the result.
   *
   * <pre>{@code
   * MonteCarloPrediction p = model.predictMonteCarlo(xTest, 100);
   * Tensor probabilities = p.mean(), uncertainty = p.standardDeviation();
   * }</pre>
   *
   * @param passes the number of stochastic forward passes, > 0 (Géron uses 100)
   * @throws IllegalArgumentException if passes or batchSize is not positive, or x does not fit
   */
  public MonteCarloPrediction predictMonteCarlo(Tensor x, int passes, int batchSize) {
    if (passes <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException("Sequential: predictMonteCarlo needs passes > 0 and batchSize > 0, but got passes="
          + passes + ", batchSize=" + batchSize);
    }
    return WorkerPool.of(WorkerPool.DEFAULT_THREADS).call(() -> monteCarlo(x, passes, batchSize));
  }

  private MonteCarloPrediction monteCarlo(Tensor x, int passes, int batchSize) {
    int features = checkInputs(x);
    int samples = x.samples();
    int outputs = Math.toIntExact(Shapes.size(outputShape()));
    float[] mean = new float[samples * outputs];
    float[] std = new float[samples * outputs];
    Matrix batch = new Matrix(Math.min(batchSize, Math.max(samples, 1)), features);
    double[] m = new double[batch.rows() * outputs];
    double[] m2 = new double[m.length];
    for (int start = 0; start < samples; start += batchSize) {
      int rows = Math.min(batchSize, samples - start);
      int n = rows * outputs;
      System.arraycopy(x.data(), start * features, batch.reshape(rows, features).data(), 0, rows * features);
      Arrays.fill(m, 0);
      Arrays.fill(m2, 0);
      for (int pass = 1; pass <= passes; pass++) { // Welford's running mean and sum of squared deviations
        float[] out = forward(batch, Mode.MONTE_CARLO).data();
        for (int k = 0; k < n; k++) {
          double delta = out[k] - m[k];
          m[k] += delta / pass;
          m2[k] += delta * (out[k] - m[k]);
        }
      }
      for (int k = 0; k < n; k++) {
        mean[start * outputs + k] = (float) m[k];
        std[start * outputs + k] = (float) Math.sqrt(m2[k] / passes);
      }
    }
    int[] shape = new int[outputShape().length + 1];
    shape[0] = samples;
    System.arraycopy(outputShape(), 0, shape, 1, shape.length - 1);
    return new MonteCarloPrediction(Tensor.of(mean, shape), Tensor.of(std, shape.clone()), passes);
  }

  Matrix forward(Matrix x, Mode mode) {
    return forward(x, mode, 0, layers.size());
  }

  /** Runs layers {@code from} (inclusive) to {@code to} (exclusive) on {@code x}. */
  Matrix forward(Matrix x, Mode mode, int from, int to) {
    Matrix h = x;
    for (int i = from; i < to; i++) { // indexed: no iterator per batch
      h = layers.get(i).forward(h, mode);
    }
    return h;
  }

  /** Checks that {@code x} holds samples of the input shape; returns the features per sample. */
  int checkInputs(Tensor x) {
    return checkInputs(x, "inputs");
  }

  /**
   * Checks that {@code x} holds samples of the input shape exactly (as Keras: inputs of another
   * shape are not reshaped, even when the sizes agree); returns the features per sample.
   *
   * @param what the data named in the message: "inputs", "validation inputs"
   */
  int checkInputs(Tensor x, String what) {
    int[] expected = input.shape();
    int features = Math.toIntExact(Shapes.size(expected));
    if (!Arrays.equals(x.sampleShape(), expected)) {
      String shape = Arrays.toString(expected).replaceAll("[\\[\\]]", "");
      String hint = x.rank() >= 1 && x.size() == (long) x.samples() * features
          ? " (the same number of values per sample: reshape them to [" + x.samples() + ", " + shape
              + "], or give the model that input shape, adding a Flatten layer if it needs one)"
          : "";
      throw new IllegalArgumentException("Sequential: " + what + " must have shape [samples, " + shape + "], but had "
          + Arrays.toString(x.shape()) + hint);
    }
    return features;
  }

  // ---- weights ---------------------------------------------------------------------------

  /** Copies of the weights of one layer, in {@link Layer#parameters()} order (Keras {@code get_weights}). */
  public List<Tensor> getWeights(String layer) {
    return get(layer).parameters().stream().map(Parameter::toTensor).toList();
  }

  /**
   * Sets the weights of one layer, in {@link Layer#parameters()} order.
   *
   * @throws IllegalArgumentException if the count or a shape differs
   */
  public void setWeights(String layer, List<Tensor> weights) {
    List<Parameter> ps = get(layer).parameters();
    if (ps.size() != weights.size()) {
      throw new IllegalArgumentException("Sequential: layer '" + layer + "' has " + ps.size()
          + " weights, but " + weights.size() + " were given");
    }
    for (int i = 0; i < ps.size(); i++) {
      ps.get(i).set(weights.get(i));
    }
  }

  /**
   * Copies of every weight, trainable or not (moving statistics included), in
   * {@link #parameters()} order (Keras {@code model.get_weights()}).
   */
  public List<Tensor> getWeights() {
    return parameters().stream().map(Parameter::toTensor).toList();
  }

  /**
   * Sets every weight, in {@link #parameters()} order (Keras {@code model.set_weights}).
   *
   * @throws IllegalArgumentException if the count or a shape differs
   */
  public void setWeights(List<Tensor> weights) {
    List<Parameter> ps = parameters();
    if (ps.size() != weights.size()) {
      throw new IllegalArgumentException("Sequential: the model has " + ps.size() + " weights, but " + weights.size()
          + " were given");
    }
    for (int i = 0; i < ps.size(); i++) {
      ps.get(i).set(weights.get(i));
    }
  }

  /**
   * Writes a checkpoint: every weight (moving statistics included), the optimizer's state (slots,
   * step count, scalars such as Nadam's momentum product, a learning rate set by callbacks), the
   * seed and {@code epochs}, the number of epochs done. The file is written next to {@code path}
   * under a temporary name, then renamed into place atomically, so a crash leaves the old
   * checkpoint or the new one, never half of one. The format is Lamina's own, versioned binary
   * format: a header, then names, shapes and float values, and a CRC-32 trailer. No generator state
   * is needed: training reseeds its generators at every epoch from (seed, epoch).
   *
   * @param epochs the number of epochs done, ≥ 0, which {@link #loadCheckpoint} returns
   * @throws IllegalArgumentException if epochs is negative
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public void saveCheckpoint(Path path, int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException("Sequential: saveCheckpoint needs epochs >= 0, but was " + epochs);
    }
    Checkpoint.write(path, this, compiled == null ? null : compiled.optimizer(), epochs);
  }

  /**
   * Restores what {@link #saveCheckpoint} wrote into this model, which must have the same layers,
   * and into its compiled optimizer, which must be of the same kind; takes the checkpoint's seed.
   * Nothing changes if the file is rejected. Continue with
   * {@code fit(x, y, options.initialEpoch(returned value))}.
   *
   * <pre>{@code
   * Sequential model = Sequential.of(seed, input, layers);   // as before
   * model.compile(loss, Optimizers.adam().build(), metrics);   // a fresh optimizer, same configuration
   * int done = model.loadCheckpoint(Path.of("run.ckpt"));
   * model.fit(x, y, FitOptions.defaults().epochs(20).initialEpoch(done));
   * }</pre>
   *
   * @return the number of epochs done when it was saved
   * @throws IllegalStateException if the checkpoint holds optimizer state and the model is not compiled
   * @throws IllegalArgumentException if the layers or the optimizer do not match
   * @throws java.io.UncheckedIOException if the file cannot be read, or is truncated or corrupt
   *     (the message names the file and the offset)
   */
  public int loadCheckpoint(Path path) {
    return Checkpoint.load(path, this, compiled == null ? null : compiled.optimizer());
  }

  void setSeed(long seed) {
    this.seed = seed;
  }

  /** Every weight by parameter name ({@code "dense/kernel"}), copied. */
  public Map<String, Tensor> weights() {
    Map<String, Tensor> all = new LinkedHashMap<>();
    parameters().forEach(p -> all.put(p.name(), p.toTensor()));
    return all;
  }

  /**
   * Copies the weights of every layer of {@code source} into the layer of the same name here.
   *
   * @throws IllegalArgumentException if a layer is missing or a shape differs
   */
  public void copyWeightsFrom(Sequential source) {
    for (Layer l : source.layers) {
      setWeights(l.name(), source.getWeights(l.name()));
    }
  }

  // ---- transfer learning -----------------------------------------------------------------

  /**
   * A new model made of copies of the first {@code count} layers, with their weights, trainable
   * flags and learning-rate multipliers, not compiled (Keras {@code Sequential(model.layers[:count])},
   * but copied: training the new model leaves this one unchanged).
   *
   * @throws IllegalArgumentException unless 0 &lt; count &le; the number of layers
   */
  public Sequential firstLayers(int count) {
    if (count <= 0 || count > layers.size()) {
      throw new IllegalArgumentException("Sequential.firstLayers: count must be in [1, " + layers.size() + "], but was "
          + count);
    }
    return copyOf(layers.subList(0, count), List.of(), seed);
  }

  /**
   * A new model made of copies of these layers (with weights, trainable flags and learning-rate
   * multipliers) followed by new layers initialised from {@code seed}: the way to put a new head on
   * a pretrained body.
   *
   * <pre>{@code
   * Sequential bOnA = modelA.firstLayers(modelA.layers().size() - 1).append(42, Layers.dense(1, SIGMOID));
   * bOnA.freeze("dense(_[0-3])?");
   * }</pre>
   */
  public Sequential append(long seed, LayerSpec... newLayers) {
    return append(seed, List.of(newLayers));
  }

  /** As {@link #append(long, LayerSpec...)}. */
  public Sequential append(long seed, List<? extends LayerSpec> newLayers) {
    return copyOf(layers, newLayers, seed);
  }

  private Sequential copyOf(List<Layer> kept, List<? extends LayerSpec> added, long newSeed) {
    List<LayerSpec> specs = new ArrayList<>();
    kept.forEach(l -> specs.add(l.spec()));
    specs.addAll(added);
    Sequential copy = new Sequential(newSeed, input, specs);
    for (Layer l : kept) {
      copy.setWeights(l.name(), getWeights(l.name()));
    }
    copy.copyTrainingFlags(kept);
    return copy;
  }

  /**
   * Gives the layers here of the same names as {@code source}'s layers their trainable flags, and
   * their parameters the learning-rate multipliers of theirs: not every spec holds the flag
   * (Dropout, Flatten, activations), and none holds the multipliers.
   */
  private void copyTrainingFlags(List<Layer> source) {
    for (Layer l : source) {
      Layer copy = get(l.name());
      copy.setTrainable(l.isTrainable());
      List<Parameter> from = l.parameters();
      List<Parameter> to = copy.parameters();
      for (int i = 0; i < from.size(); i++) {
        to.get(i).setLearningRateMultiplier(from.get(i).learningRateMultiplier());
      }
    }
  }

  /**
   * Freezes every layer whose name matches the regular expression (the whole name, as
   * {@code "dense_[0-2]"} or {@code "hidden[123]"}).
   *
   * @return the names of the layers frozen
   * @throws IllegalArgumentException if no layer matches
   */
  public List<String> freeze(String namePattern) {
    return LayerPattern.of(namePattern, this).apply(l -> l.setTrainable(false));
  }

  /**
   * Unfreezes every layer whose name matches the regular expression.
   *
   * @return the names of the layers unfrozen
   * @throws IllegalArgumentException if no layer matches
   */
  public List<String> unfreeze(String namePattern) {
    return LayerPattern.of(namePattern, this).apply(l -> l.setTrainable(true));
  }

  /**
   * Multiplies the optimizer's learning rate by {@code multiplier} for the parameters of every
   * layer whose name matches (discriminative fine-tuning: e.g. 0.1 for reused layers).
   *
   * @return the names of the layers changed
   * @throws IllegalArgumentException if no layer matches or the multiplier is negative
   */
  public List<String> learningRateMultiplier(String namePattern, double multiplier) {
    return LayerPattern.of(namePattern, this)
        .apply(l -> l.parameters().forEach(p -> p.setLearningRateMultiplier(multiplier)));
  }

  /**
   * Copies the weights of the layers of {@code source} whose name matches the regular expression
   * into the layers of the same name here (TF1's "restore hidden[123]").
   *
   * @return the names of the layers copied
   * @throws IllegalArgumentException if no layer matches, a layer is missing here or a shape differs
   */
  public List<String> copyWeightsFrom(Sequential source, String namePattern) {
    return LayerPattern.of(namePattern, source).apply(l -> setWeights(l.name(), source.getWeights(l.name())));
  }

  /**
   * A new model with the same layers (names, configuration, trainable flags, learning-rate
   * multipliers) and freshly initialised weights, not compiled (Keras {@code clone_model}).
   */
  public Sequential cloneArchitecture(long seed) {
    Sequential clone = new Sequential(seed, input, layers.stream().map(Layer::spec).toList());
    clone.copyTrainingFlags(layers);
    return clone;
  }

  /**
   * A new model with the same layers (trainable flags and learning-rate multipliers included) and a
   * copy of the weights; training it leaves this one unchanged.
   */
  public Sequential copy() {
    Sequential clone = cloneArchitecture(seed);
    clone.copyWeightsFrom(this);
    return clone;
  }

  private List<String> layerNames() {
    return layers.stream().map(Layer::name).toList();
  }

  private Compiled compiled() {
    if (compiled == null) {
      throw new IllegalStateException("Sequential: call compile(loss, optimizer, metrics) before fit or evaluate");
    }
    return compiled;
  }

  /** The training configuration set by {@link #compile}. */
  record Compiled(Loss loss, Optimizer optimizer, List<Metric> metrics) {}
}

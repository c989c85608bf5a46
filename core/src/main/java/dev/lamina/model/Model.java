// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Executor;
import dev.lamina.layers.Graph;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Node;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Loss;
import dev.lamina.math.WorkerPool;
import dev.lamina.metrics.Metric;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.tensor.Shapes;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A trainable network: layers connected from one or more inputs to one or more outputs (Keras'
 * {@code keras.Model}). Made with the functional API, {@link #of(long, List, List)}, or as a
 * {@link Sequential} stack; either way it is then {@link #compile}d and {@link #fit}ted.
 *
 * <pre>{@code
 * Input x = Input.of(784);
 * SymbolicTensor h = dense(64).activation(RELU).apply(x);
 * SymbolicTensor y = dense(64).apply(h);
 * SymbolicTensor out = dense(10).activation(SOFTMAX).apply(activation(RELU).apply(Layers.add().apply(h, y)));
 * Model model = Model.of(42, x, out);
 * model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build(), Metrics.accuracy());
 * }</pre>
 *
 * <p>One seed makes everything reproducible: the same seed and data on the same machine give
 * bit-identical weights for any thread count. Training draws its random numbers (shuffling,
 * dropout masks) from generators reseeded at every epoch from (seed, epoch), so training resumed
 * from a {@linkplain #saveCheckpoint checkpoint} gives the same weights as training without a break.
 *
 * <p>Threads: inference ({@link #predict}, {@link #evaluate}, {@link #predictor() predictors}) may
 * run from any number of threads at once, each call with buffers of its own, and gives the same
 * results as one at a time. {@code predict} keeps the buffers of finished calls for the next ones,
 * as many sets as calls ever ran at once, so that it allocates only its result; for serving,
 * {@link #predictorPool()} allocates nothing at all per call. Training is exclusive: inference
 * from another thread while the model trains, or {@code fit} while inference runs, throws
 * {@link IllegalStateException}; train a {@link #copy()} to keep serving meanwhile. Changing
 * weights or trainable flags while another thread uses the model is not supported.
 */
public class Model {
  private long seed;
  private final Graph graph;
  private @Nullable Compiled compiled;
  private volatile @Nullable String stopReason;
  final Usage usage = new Usage();
  /** The callbacks of the running fit, whose state checkpoints saved meanwhile hold; null outside fit. */
  @Nullable List<dev.lamina.callbacks.Callback> runningCallbacks;
  /** The callback states of the checkpoint loaded last, for the fit that resumes from it; taken by that fit. */
  CallbackState.@Nullable Saved resumedCallbacks;
  /**
   * The executors of inference calls, kept with their buffers for the next calls, as many as calls
   * ever ran at once: a {@code predict} then allocates only its result, from any number of threads
   * (a fresh executor for batch-1024 inference costs its 6 MB of buffers, measured 13% of the call).
   */
  final Pool<Executor> executors = new Pool<>(() -> new Executor(graph(), true), Executor::release);

  Model(long seed, Graph graph) {
    this.seed = seed;
    this.graph = graph;
    graph.initialize(seed);
  }

  /** A model from {@code input} to {@code output} whose new layers are initialised from {@code seed}. */
  public static Model of(long seed, Input input, SymbolicTensor output) {
    return of(seed, List.of(input), List.of(output));
  }

  /**
   * A model from {@code inputs} to {@code outputs} (Keras {@code keras.Model(inputs, outputs)}).
   * Layers not initialised before are initialised from {@code seed}; layers shared with another
   * model (a sub-model, a new head on a trained body) keep their weights and stay shared.
   *
   * @throws IllegalArgumentException if an output needs a value no input leads to, or names clash
   */
  public static Model of(long seed, List<Input> inputs, List<? extends SymbolicTensor> outputs) {
    return new Model(seed, Graph.of(inputs, outputs));
  }

  /** As {@link #of(long, Input, SymbolicTensor)} with a fresh random seed ({@link #seed()} tells it). */
  public static Model of(Input input, SymbolicTensor output) {
    return of(new SplittableRandom().nextLong(), input, output);
  }

  /** As {@link #of(long, List, List)} with a fresh random seed. */
  public static Model of(List<Input> inputs, List<? extends SymbolicTensor> outputs) {
    return of(new SplittableRandom().nextLong(), inputs, outputs);
  }

  // ---- structure --------------------------------------------------------------------------

  /** The seed of the weights, from which training derives its random numbers. */
  public long seed() {
    return seed;
  }

  void setSeed(long seed) {
    this.seed = seed;
  }

  /** How the layers connect. */
  public Graph graph() {
    return graph;
  }

  /** The inputs, in the order {@code fit} and {@code predict} take their data. */
  public List<Input> inputs() {
    return graph.inputs();
  }

  /**
   * The only input.
   *
   * @throws IllegalStateException if the model has several
   */
  public Input input() {
    if (inputs().size() != 1) {
      throw new IllegalStateException(kind() + ": has " + inputs().size() + " inputs; use inputs()");
    }
    return inputs().get(0);
  }

  /** The outputs, in the order {@code predict} returns them. */
  public List<SymbolicTensor> outputs() {
    return graph.outputs();
  }

  /**
   * The only output: where a new head goes on a model {@linkplain #cutAt cut} for transfer learning.
   *
   * @throws IllegalStateException if the model has several
   */
  public SymbolicTensor output() {
    if (outputs().size() != 1) {
      throw new IllegalStateException(kind() + ": has " + outputs().size() + " outputs; use outputs()");
    }
    return outputs().get(0);
  }

  /** The names of the outputs: the names of the layers that produce them ({@code head} or {@code head[1]}). */
  public List<String> outputNames() {
    return outputs().stream().map(SymbolicTensor::label).toList();
  }

  /** Every layer once, in the order it is first applied. */
  public List<Layer> layers() {
    return graph.layers();
  }

  /**
   * The layer called {@code name} ({@code model["dense_1"]} in Kotlin; Keras {@code get_layer}).
   *
   * @throws IllegalArgumentException if there is none
   */
  public Layer get(String name) {
    Layer l = graph.layer(name);
    if (l == null) {
      throw new IllegalArgumentException(kind() + ": no layer named '" + name + "'; layers are "
          + layers().stream().map(Layer::name).toList());
    }
    return l;
  }

  /**
   * The per-sample shape of the only output.
   *
   * @throws IllegalStateException if the model has several
   */
  public int[] outputShape() {
    if (outputs().size() != 1) {
      throw new IllegalStateException(kind() + ": has " + outputs().size() + " outputs; use outputs()");
    }
    return outputs().get(0).shape();
  }

  /** Every parameter, layer by layer. */
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    layers().forEach(l -> all.addAll(l.parameters()));
    return all;
  }

  /** The Keras-style table of layers, output shapes, parameter counts (and, for graphs, connections). */
  public String summary() {
    return Summary.of(this);
  }

  /** "Sequential" or "Model": the start of error messages. */
  String kind() {
    return "Model";
  }

  // ---- compile ----------------------------------------------------------------------------

  /**
   * Sets the loss, the optimizer and the metrics for {@link #fit} and {@link #evaluate}; a model
   * of several outputs applies the same loss and metrics to each (weight 1).
   * {@link dev.lamina.metrics.Metrics#accuracy()} is resolved to the variant the loss implies.
   */
  public void compile(Loss loss, Optimizer optimizer, Metric... metrics) {
    compile(loss, optimizer, List.of(metrics));
  }

  /** As {@link #compile(Loss, Optimizer, Metric...)}. */
  public void compile(Loss loss, Optimizer optimizer, List<? extends Metric> metrics) {
    Objects.requireNonNull(loss, "loss");
    List<Objective> objectives = new ArrayList<>();
    for (String name : outputNames()) {
      objectives.add(new Objective(name, loss, Objective.DEFAULT_WEIGHT, List.copyOf(metrics)));
    }
    compile(optimizer, objectives);
  }

  /**
   * Sets the optimizer and, per output, the loss, its weight and the metrics (Keras
   * {@code compile(loss={...}, loss_weights={...}, metrics={...})}). Outputs without an objective
   * are not trained (their loss is 0).
   *
   * @throws IllegalArgumentException if an objective names no output, or two name the same
   */
  public void compile(Optimizer optimizer, Objective... objectives) {
    compile(optimizer, List.of(objectives));
  }

  /** As {@link #compile(Optimizer, Objective...)}. */
  public void compile(Optimizer optimizer, List<Objective> objectives) {
    compiled = Compiled.of(this, Objects.requireNonNull(optimizer, "optimizer"), objectives);
  }

  /** Whether {@link #compile} has been called. */
  public boolean isCompiled() {
    return compiled != null;
  }

  /**
   * The loss of the only output set by {@link #compile} (Keras {@code model.loss}).
   *
   * @throws IllegalStateException if the model is not compiled
   */
  public Loss loss() {
    Compiled c = compiled();
    Objective first = c.objectives()[0];
    if (first == null) {
      throw new IllegalStateException(kind() + ": the first output has no loss");
    }
    return first.loss();
  }

  /** The objectives set by {@link #compile}, one per output (null where an output has none). */
  public List<@Nullable Objective> objectives() {
    return Arrays.asList(compiled().objectives().clone());
  }

  /**
   * The optimizer set by {@link #compile} (Keras {@code model.optimizer}).
   *
   * @throws IllegalStateException if the model is not compiled
   */
  public Optimizer optimizer() {
    return compiled().optimizer();
  }

  Compiled compiled() {
    Compiled c = compiled;
    if (c == null) {
      throw new IllegalStateException(kind() + ": call compile(loss, optimizer, metrics) before fit or evaluate");
    }
    return c;
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

  // ---- training and inference -------------------------------------------------------------

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
   * @throws IllegalStateException if the model is not compiled, or is in use on another thread
   * @throws IllegalArgumentException if the data do not fit the model or the loss, are empty, or
   *     hold a non-finite input
   */
  public History fit(Tensor x, Tensor y, FitOptions options) {
    return fit(List.of(x), List.of(y), options);
  }

  /**
   * Trains a model of several inputs or outputs: one tensor per input, in {@link #inputs()} order,
   * and one target per output, in {@link #outputs()} order (Keras {@code fit([x1, x2], [y1, y2])}).
   * Validation data, if given, has the same form ({@link FitOptions#validationData(List, List)});
   * {@code validationSplit} holds out the last samples of every tensor.
   */
  public History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
    Trainer trainer = new Trainer(this, compiled(), options);
    usage.beginTraining();
    try {
      return WorkerPool.of(options.threads()).call(() -> trainer.fit(x, y));
    } finally {
      usage.endTraining();
    }
  }

  /**
   * Trains with the batches of each epoch run by {@code epochs} (on a cluster, say) and everything
   * else as {@link #fit(List, List, FitOptions)}: the callbacks, validation on the data of
   * {@code options} at the end of each epoch, progress, stopping and the {@link History}. See
   * {@link EpochTraining} for what the callbacks see.
   *
   * @throws IllegalArgumentException if options has a validationSplit (split the data before:
   *     this model does not see the training data), or its validation data do not fit the model
   * @throws IllegalStateException if the model is not compiled, or is in use on another thread
   */
  public History fit(EpochTraining epochs, FitOptions options) {
    Trainer trainer = new Trainer(this, compiled(), options);
    usage.beginTraining();
    try {
      return WorkerPool.of(options.threads()).call(() -> trainer.fit(epochs));
    } finally {
      usage.endTraining();
    }
  }

  /**
   * Training steps on samples chosen by the caller, for trainers that share an epoch's batches out
   * among workers: see {@link TrainingSteps}. Close it when done.
   *
   * @throws IllegalArgumentException if the data do not fit the model (shapes only: unlike fit, no
   *     pass over the values; check them once where the data are made)
   * @throws IllegalStateException if the model is not compiled, or is in use on another thread
   */
  public TrainingSteps trainingSteps(List<Tensor> x, List<Tensor> y, FitOptions options) {
    return new TrainingSteps(this, new Trainer(this, compiled(), options), x, y, options);
  }

  /**
   * As {@link #fit(List, List, FitOptions)}, with the data by name: inputs by input name, targets
   * by output name (Keras {@code fit({"x1": ..., "x2": ...}, {"head": ...})}).
   *
   * @throws IllegalArgumentException if a name is missing or unknown
   */
  public History fit(Map<String, Tensor> x, Map<String, Tensor> y, FitOptions options) {
    return fit(byName(x, inputs().stream().map(Input::name).toList(), "input"),
        byName(y, outputNames(), "output"), options);
  }

  static List<Tensor> byName(Map<String, Tensor> data, List<String> names, String what) {
    for (String key : data.keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("Model: no " + what + " is named '" + key + "'; " + what + "s are " + names);
      }
    }
    List<Tensor> list = new ArrayList<>();
    for (String n : names) {
      Tensor t = data.get(n);
      if (t == null) {
        throw new IllegalArgumentException("Model: no data for " + what + " '" + n + "'; given " + data.keySet());
      }
      list.add(t);
    }
    return list;
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
    return evaluate(List.of(x), List.of(y), batchSize);
  }

  /** As {@link #evaluate(Tensor, Tensor, int)} for a model of several inputs or outputs. */
  public Evaluation evaluate(List<Tensor> x, List<Tensor> y, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException(kind() + ": evaluate needs batchSize > 0, but got " + batchSize);
    }
    Trainer trainer = new Trainer(this, compiled(), FitOptions.defaults().batchSize(batchSize));
    return inference(() -> WorkerPool.of(WorkerPool.DEFAULT_THREADS).call(() -> trainer.evaluate(x, y)));
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
   * @throws IllegalStateException if the model has several inputs or outputs
   */
  public Tensor predict(Tensor x, int batchSize, int threads) {
    input();
    outputShape();
    return predict(List.of(x), batchSize, threads).get(0);
  }

  /** The outputs, in {@link #outputs()} order, for one tensor per input; inference mode. */
  public List<Tensor> predict(List<Tensor> x, int batchSize, int threads) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException(kind() + ": predict needs batchSize > 0, but got " + batchSize);
    }
    WorkerPool pool = WorkerPool.of(threads);
    return inference(() -> pool.call(() -> Prediction.predict(this, x, batchSize)));
  }

  /**
   * A reusable single-sample inference path that allocates nothing per call, for serving one
   * request at a time per predictor. See {@link Predictor}; give each serving thread its own, or
   * share a {@link #predictorPool()}.
   */
  public Predictor predictor() {
    return new Predictor(this);
  }

  /**
   * Thread-safe single-sample inference that allocates nothing per call once warm, for a server's
   * request threads to share: see {@link PredictorPool}.
   *
   * @throws IllegalStateException if the model has several inputs or outputs
   */
  public PredictorPool predictorPool() {
    return new PredictorPool(this);
  }

  /** As {@link #predictMonteCarlo(Tensor, int, int)} in batches of 32. */
  public MonteCarloPrediction predictMonteCarlo(Tensor x, int passes) {
    return predictMonteCarlo(x, passes, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Monte Carlo dropout (Gal &amp; Ghahramani, 2016, https://arxiv.org/abs/1506.02142): runs
   * {@code passes} forward passes in {@link dev.lamina.layers.Mode#MONTE_CARLO}, where dropout
   * layers drop as in training and every other layer (batch normalisation included) behaves as in
   * inference, and returns the mean and standard deviation of the outputs. The masks come from
   * generators seeded from the model's seed, so the same model and inputs repeat the result.
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
      throw new IllegalArgumentException(kind() + ": predictMonteCarlo needs passes > 0 and batchSize > 0, but got passes="
          + passes + ", batchSize=" + batchSize);
    }
    input();
    outputShape();
    return inference(() -> WorkerPool.of(WorkerPool.DEFAULT_THREADS)
        .call(() -> Prediction.monteCarlo(this, x, passes, batchSize)));
  }

  /** Runs an inference call under {@link Usage}'s rules. */
  <T> T inference(java.util.function.Supplier<T> call) {
    boolean counted = usage.beginInference();
    try {
      return call.get();
    } finally {
      if (counted) {
        usage.endInference();
      }
    }
  }

  /**
   * Checks that {@code x} holds samples of input {@code i}'s shape exactly (as Keras: inputs of
   * another shape are not reshaped, even when the sizes agree); returns the features per sample.
   *
   * @param what the data named in the message: "inputs", "validation inputs"
   */
  int checkInput(int i, Tensor x, String what) {
    int[] expected = inputs().get(i).shape();
    int features = Math.toIntExact(Shapes.size(expected));
    if (!Arrays.equals(x.sampleShape(), expected)) {
      String shape = Arrays.toString(expected).replaceAll("[\\[\\]]", "");
      String hint = x.rank() >= 1 && x.size() == (long) x.samples() * features
          ? " (the same number of values per sample: reshape them to [" + x.samples() + ", " + shape
              + "], or give the model that input shape, adding a Flatten layer if it needs one)"
          : "";
      String name = inputs().size() == 1 ? what : what + " '" + inputs().get(i).name() + "'";
      throw new IllegalArgumentException(kind() + ": " + name + " must have shape [samples, " + shape + "], but had "
          + Arrays.toString(x.shape()) + hint);
    }
    return features;
  }

  /** Checks the number and shapes of input tensors and that they have the same number of samples. */
  void checkInputs(List<Tensor> x, String what) {
    if (x.size() != inputs().size()) {
      throw new IllegalArgumentException(kind() + ": the model has " + inputs().size() + " inputs, but " + x.size()
          + " tensors were given as " + what);
    }
    for (int i = 0; i < x.size(); i++) {
      checkInput(i, x.get(i), what);
      if (x.get(i).samples() != x.get(0).samples()) {
        throw new IllegalArgumentException(kind() + ": every input needs the same number of samples, but " + what + " had "
            + x.stream().map(Tensor::samples).toList());
      }
    }
  }

  // ---- weights ----------------------------------------------------------------------------

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
      throw new IllegalArgumentException(kind() + ": layer '" + layer + "' has " + ps.size() + " weights, but "
          + weights.size() + " were given");
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
      throw new IllegalArgumentException(kind() + ": the model has " + ps.size() + " weights, but " + weights.size()
          + " were given");
    }
    for (int i = 0; i < ps.size(); i++) {
      ps.get(i).set(weights.get(i));
    }
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
  public void copyWeightsFrom(Model source) {
    for (Layer l : source.layers()) {
      setWeights(l.name(), source.getWeights(l.name()));
    }
  }

  /**
   * Copies the weights of the layers of {@code source} whose name matches the regular expression
   * into the layers of the same name here (TF1's "restore hidden[123]").
   *
   * @return the names of the layers copied
   * @throws IllegalArgumentException if no layer matches, a layer is missing here or a shape differs
   */
  public List<String> copyWeightsFrom(Model source, String namePattern) {
    return LayerPattern.of(namePattern, source).apply(l -> setWeights(l.name(), source.getWeights(l.name())));
  }

  /**
   * Writes a checkpoint: every weight (moving statistics included), the optimizer's state (slots,
   * step count, scalars such as Nadam's momentum product, a learning rate set by callbacks), the
   * seed and {@code epochs}, the number of epochs done; saved during fit (by
   * {@link dev.lamina.callbacks.ModelCheckpoint}), also what the callbacks carry into resumed
   * training ({@link dev.lamina.callbacks.Callback#resumeState()}: EarlyStopping's count of epochs
   * without improvement). The file is written next to {@code path}
   * under a temporary name, then renamed into place atomically, so a crash leaves the old
   * checkpoint or the new one, never half of one. The format is Lamina's own, versioned binary
   * format: a header, then names, shapes and float values, and a CRC-32 trailer.
   *
   * @param epochs the number of epochs done, ≥ 0, which {@link #loadCheckpoint} returns
   * @throws IllegalArgumentException if epochs is negative
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public void saveCheckpoint(Path path, int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException(kind() + ": saveCheckpoint needs epochs >= 0, but was " + epochs);
    }
    Checkpoint.write(path, this, compiled == null ? null : compiled.optimizer(), epochs);
  }

  /**
   * Restores what {@link #saveCheckpoint} wrote into this model, which must have the same layers,
   * and into its compiled optimizer, which must be of the same kind; takes the checkpoint's seed.
   * Nothing changes if the file is rejected. Continue with
   * {@code fit(x, y, options.initialEpoch(returned value))}.
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

  /**
   * The bytes of the checkpoint {@link #saveCheckpoint} would write: the whole training state, for
   * sending it elsewhere (a distributed trainer broadcasts it to its workers) rather than to a file.
   *
   * @throws IllegalArgumentException if epochs is negative
   */
  public byte[] checkpoint(int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException(kind() + ": checkpoint needs epochs >= 0, but was " + epochs);
    }
    return Checkpoint.bytes(this, compiled == null ? null : compiled.optimizer(), epochs);
  }

  /**
   * As {@link #loadCheckpoint(Path)} from the bytes {@link #checkpoint(int)} made; messages name the
   * source "(in memory)".
   */
  public int loadCheckpoint(byte[] checkpoint) {
    return Checkpoint.load("(in memory)", checkpoint, this, compiled == null ? null : compiled.optimizer());
  }

  // ---- transfer learning ------------------------------------------------------------------

  /**
   * A new model from the inputs to the output of the layer called {@code layerName}, made of copies
   * of the layers that output needs (weights and moving statistics, trainable flags, learning-rate
   * multipliers), not compiled: the backbone for transfer learning, on which a new head goes
   * (Keras {@code keras.Model(base.input, base.get_layer(name).output)}, but copied: training the
   * backbone leaves this model unchanged). Inputs the cut does not need are dropped.
   *
   * <pre>{@code
   * Model backbone = pretrained.cutAt("/backbone/flatten/Flatten");
   * Model model = Model.of(42, backbone.input(), dense(3).activation(SOFTMAX).name("head").apply(backbone.output()));
   * model.freeze("/backbone/.*");          // frozen BatchNormalization layers run in inference mode
   * }</pre>
   *
   * @throws IllegalArgumentException if there is no such layer, or it was applied more than once
   *     (its output would be ambiguous)
   */
  public Model cutAt(String layerName) {
    Layer layer = get(layerName);
    if (layer.nodes().size() != 1) {
      throw new IllegalArgumentException(kind() + ": cannot cut at layer '" + layerName + "': it is applied "
          + layer.nodes().size() + " times, so it has no single output to cut at");
    }
    SymbolicTensor end = layer.output();
    Graph needed = Graph.of(inputs(), List.of(end));
    List<Input> used = inputs().stream()
        .filter(in -> needed.nodes().stream().anyMatch(n -> n.inputs().contains(in))).toList();
    return new Model(seed, Graph.of(used, List.of(end))).copy();
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
   * A new model with the same layers (names, configuration, trainable flags, learning-rate
   * multipliers) connected the same way, and freshly initialised weights, not compiled (Keras
   * {@code clone_model}).
   *
   * @throws UnsupportedOperationException if a user layer does not implement {@link Layer#spec()}
   */
  public Model cloneArchitecture(long seed) {
    Map<SymbolicTensor, SymbolicTensor> map = new IdentityHashMap<>();
    List<Input> newInputs = new ArrayList<>();
    for (Input in : inputs()) {
      Input copy = Input.named(in.name(), in.shape());
      map.put(in, copy);
      newInputs.add(copy);
    }
    Map<Layer, Layer> layers = new IdentityHashMap<>();
    for (Node n : graph.nodes()) {
      Layer copy = layers.computeIfAbsent(n.layer(), l -> l.spec().create());
      map.put(n.output(), copy.apply(n.inputs().stream().map(map::get).toList()));
    }
    Model clone = new Model(seed, Graph.of(newInputs, outputs().stream().map(map::get).toList()));
    clone.copyTrainingFlags(layers());
    return clone;
  }

  /**
   * A new model with the same layers (trainable flags and learning-rate multipliers included) and a
   * copy of the weights; training it leaves this one unchanged.
   */
  public Model copy() {
    Model clone = cloneArchitecture(seed);
    clone.copyWeightsFrom(this);
    return clone;
  }

  /**
   * Gives the layers here of the same names as {@code source}'s layers their trainable flags, and
   * their parameters the learning-rate multipliers of theirs: not every spec holds the flag
   * (Dropout, Flatten, activations), and none holds the multipliers.
   */
  final void copyTrainingFlags(List<Layer> source) {
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

  @Override
  public String toString() {
    return kind() + "(" + inputs() + " -> " + outputNames() + ", " + layers().size() + " layers)";
  }
}

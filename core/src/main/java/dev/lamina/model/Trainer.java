// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Activated;
import dev.lamina.layers.Executor;
import dev.lamina.layers.Frame;
import dev.lamina.layers.Graph;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Node;
import dev.lamina.layers.Parameter;
import dev.lamina.losses.ProbabilisticLoss;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.ProgressBar;
import dev.lamina.math.Seeds;
import dev.lamina.metrics.Metric;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The training and evaluation loops of a {@link Model}. Buffers are sized once per call, and
 * callbacks get one reused batch event, so the per-batch loop allocates nothing.
 *
 * <p>One training step, as Keras: forward in {@link Mode#TRAIN}, the loss of each output (weighted
 * and summed), backward, then the regularization penalties of the trainable parameters are added to
 * the loss and their gradients to the parameter gradients, the optimizer updates, and finally each
 * parameter's constraint is applied. The reported loss (and {@code evaluate}'s, hence
 * {@code val_loss}) includes the penalties, as in Keras.
 */
final class Trainer {
  private final Model model;
  private final Compiled compiled;
  private final FitOptions options;
  private final Graph graph;
  private final int outputs;
  private final @Nullable Objective[] objectives;
  /** Per output: non-null when its layer's softmax/sigmoid is fused with a cross-entropy on logits. */
  private final @Nullable ProbabilisticLoss[] fused;
  /** Per output: the node that produces it. */
  private final int[] outputSteps;
  private final @Nullable DataChecks[] checks;
  private final String[] metricNames;

  Trainer(Model model, Compiled compiled, FitOptions options) {
    this.model = model;
    this.compiled = compiled;
    this.options = options;
    this.graph = model.graph();
    this.objectives = compiled.objectives();
    this.outputs = objectives.length;
    this.fused = new ProbabilisticLoss[outputs];
    this.outputSteps = new int[outputs];
    this.checks = new DataChecks[outputs];
    List<List<Node>> consumers = graph.consumers();
    List<String> names = new ArrayList<>();
    for (int o = 0; o < outputs; o++) {
      Node node = graph.outputs().get(o).node();
      outputSteps[o] = graph.nodes().indexOf(node);
      Objective objective = objectives[o];
      if (objective == null) {
        continue;
      }
      checks[o] = new DataChecks(objective.loss(), graph.outputs().get(o).shape(), options.validationSplit());
      boolean alone = consumers.get(graph.slot(graph.outputs().get(o))).isEmpty();
      if (alone && objective.loss() instanceof ProbabilisticLoss p && !p.fromLogits() && node != null
          && node.layer() instanceof Activated a && a.activation().equals(p.outputActivation())) {
        fused[o] = p.withLogits();
      }
      if (outputs > 1) {
        names.add(objective.output() + "_loss");
      }
      for (Metric m : objective.metrics()) {
        names.add(compiled.metricName(o, m));
      }
    }
    this.metricNames = names.toArray(new String[0]);
  }

  /** Trains on {@code x, y}, after checking the data once ({@link DataChecks}): nothing per batch. */
  History fit(List<Tensor> x, List<Tensor> y) {
    model.checkInputs(x, "inputs");
    checkTargets(x.get(0), y, "training");
    DataChecks.nonEmpty(x.get(0), "fit: the training data has no samples (inputs ");
    List<Tensor> trainX = x;
    List<Tensor> trainY = y;
    List<Tensor> valX = null;
    List<Tensor> valY = null;
    int split = x.get(0).samples();
    if (options.hasValidationData()) {
      valX = options.validationInputs();
      valY = options.validationTargets();
      model.checkInputs(valX, "validation inputs");
      checkTargets(valX.get(0), valY, "validation");
      DataChecks.nonEmpty(valX.get(0), "fit: the validation data has no samples (validation inputs ");
    } else if (options.validationSplit() > 0) {
      split = DataChecks.trainingSamples(x.get(0).samples(), options.validationSplit());
      int n = x.get(0).samples();
      int at = split;
      trainX = x.stream().map(t -> t.rows(0, at)).toList();
      trainY = y.stream().map(t -> t.rows(0, at)).toList();
      valX = x.stream().map(t -> t.rows(at, n)).toList();
      valY = y.stream().map(t -> t.rows(at, n)).toList();
    }
    for (int i = 0; i < x.size(); i++) {
      checkFinite(x.get(i), "training", split);
    }
    checkLabels(y, "training", split);
    if (valX != null && valY != null && options.hasValidationData()) {
      for (int i = 0; i < valX.size(); i++) {
        checkFinite(valX.get(i), "validation", valX.get(i).samples());
      }
      checkLabels(valY, "validation", valY.get(0).samples());
    }
    FrozenCache cache = new FrozenCache(graph, options.cacheFrozenLayers(), trainX, valX);
    Epoch loop = new Epoch(trainY, cache);
    CallbackList callbacks = callbacks(loop.run, cache, loop.metricSums);
    List<Tensor> validationY = valY;
    return train(callbacks, loop.steps(), new Epochs() {
      @Override
      public void begin(int epoch) {
        reseed(epoch, loop);
      }

      @Override
      public Map<String, Double> run(int epoch) {
        cache.prepare();
        return loop.run(epoch, callbacks);
      }

      @Override
      public boolean complete() {
        return loop.complete;
      }

      @Override
      public @Nullable Evaluation validate() {
        Tensor[] validation = cache.validation();
        return validation == null || validationY == null ? null
            : evaluate(validation, cache.slots(), cache.skip(), validationY);
      }
    });
  }

  /** Trains with the batches run by {@code training}; see {@link Model#fit(EpochTraining, FitOptions)}. */
  History fit(EpochTraining training) {
    if (options.validationSplit() > 0) {
      throw new IllegalArgumentException("fit: validationSplit must be 0 when " + training.getClass().getSimpleName()
          + " trains the batches (this model does not see the training data), but was " + options.validationSplit()
          + "; give validation data instead");
    }
    List<Tensor> valX = options.validationInputs();
    List<Tensor> valY = options.validationTargets();
    if (options.hasValidationData()) {
      model.checkInputs(valX, "validation inputs");
      checkTargets(valX.get(0), valY, "validation");
      DataChecks.nonEmpty(valX.get(0), "fit: the validation data has no samples (validation inputs ");
      for (Tensor v : valX) {
        checkFinite(v, "validation", v.samples());
      }
      checkLabels(valY, "validation", valY.get(0).samples());
    }
    int[] slots = new int[valX.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = i;
    }
    CallbackList callbacks = callbacks(null, null, new double[metricNames.length]);
    int steps = training.stepsPerEpoch();
    Control control = new Control(callbacks, steps);
    return train(callbacks, steps, new Epochs() {
      @Override
      public void begin(int epoch) {
        control.epoch = epoch;
        control.batches = 0;
      }

      @Override
      public Map<String, Double> run(int epoch) {
        return new LinkedHashMap<>(training.train(epoch, control));
      }

      @Override
      public boolean complete() {
        return control.batches >= steps;
      }

      @Override
      public @Nullable Evaluation validate() {
        return valX.isEmpty() ? null : evaluate(valX.toArray(new Tensor[0]), slots, null, valY);
      }
    });
  }

  /** What the epoch loop of {@link #train} runs: the batches of one epoch, and its validation. */
  private interface Epochs {
    /** Before the callbacks' onEpochBegin. */
    void begin(int epoch);

    /** Trains the epoch's batches; returns the mean loss and metrics, in a map the loop may add to. */
    Map<String, Double> run(int epoch);

    /** Whether the last {@link #run} trained all its batches. */
    boolean complete();

    @Nullable Evaluation validate();
  }

  /**
   * The callbacks of the options, with the progress bar first when verbose, so that an epoch's line
   * shows what training computed (see {@link ProgressBar}).
   */
  private CallbackList callbacks(@Nullable Executor run, @Nullable FrozenCache cache, double[] metricSums) {
    List<Callback> all = options.callbacks();
    if (options.verbose()) {
      all = new ArrayList<>(all);
      all.add(0, new ProgressBar(options.progress()));
    }
    return new CallbackList(all, model, run, cache, metricNames, metricSums);
  }

  /** The Keras epoch loop: callbacks, validation, progress, stopping, history. */
  private History train(CallbackList callbacks, int steps, Epochs epochs) {
    History history = new History();
    model.clearStop();
    model.runningCallbacks = options.callbacks(); // their state goes into checkpoints saved meanwhile
    try {
      callbacks.trainBegin(options.initialEpoch(), options.epochs(), steps);
      CallbackState.Saved resumed = model.resumedCallbacks;
      model.resumedCallbacks = null;
      if (resumed != null && resumed.epochs() == options.initialEpoch()) { // resuming from that checkpoint
        CallbackState.restore(options.callbacks(), resumed.states());
      }
      for (int epoch = options.initialEpoch(); epoch < options.epochs() && model.stopReason() == null; epoch++) {
        epochs.begin(epoch);
        callbacks.epochBegin(epoch);
        Map<String, Double> logs = epochs.run(epoch);
        Evaluation validation = epochs.validate();
        if (validation != null) {
          validation.values().forEach((k, v) -> logs.put("val_" + k, v));
        }
        history.record(callbacks.epochEnd(epoch, logs, epochs.complete())); // with what callbacks logged (learning_rate)
      }
    } finally {
      model.runningCallbacks = null;
    }
    String reason = model.stopReason();
    if (reason != null) {
      history.stopped(reason);
    }
    callbacks.trainEnd(history);
    return history;
  }

  /** The {@link EpochControl} of {@link #fit(EpochTraining)}. */
  private final class Control implements EpochControl {
    private final CallbackList callbacks;
    private final int steps;
    int epoch;
    int batches;

    Control(CallbackList callbacks, int steps) {
      this.callbacks = callbacks;
      this.steps = steps;
    }

    @Override
    public boolean stopRequested() {
      return model.stopReason() != null;
    }

    @Override
    public void trained(int batches, double loss, Map<String, Double> logs) {
      if (batches < this.batches || batches > steps) {
        throw new IllegalArgumentException("fit: trained(batches) must be in [" + this.batches + ", " + steps
            + "] (the batches reported before, the epoch's steps), but was " + batches);
      }
      this.batches = batches;
      callbacks.synchronised(epoch, batches - 1, loss, logs);
    }
  }

  void checkTargets(Tensor x, List<Tensor> y, String data) {
    if (y.size() != outputs) {
      throw new IllegalArgumentException(model.kind() + ": the model has " + outputs + " outputs, but " + y.size()
          + " target tensors were given for the " + data + " data");
    }
    for (int o = 0; o < outputs; o++) {
      DataChecks c = checks[o];
      if (c != null) {
        c.targets(x, y.get(o), data);
      }
    }
  }

  void checkFinite(Tensor x, String data, int split) {
    DataChecks c = firstChecks();
    c.finite(x, x.size() / Math.max(x.samples(), 1), data, split);
  }

  void checkLabels(List<Tensor> y, String data, int split) {
    for (int o = 0; o < outputs; o++) {
      DataChecks c = checks[o];
      if (c != null) {
        c.labels(y.get(o), data, split);
      }
    }
  }

  private DataChecks firstChecks() {
    for (DataChecks c : checks) {
      if (c != null) {
        return c;
      }
    }
    throw new IllegalStateException("no objective");
  }

  /**
   * Restarts the shuffling generator and every node's generator from a seed derived from (base
   * seed, node, epoch) only. An epoch's random numbers then do not depend on the epochs before it,
   * so training resumed at epoch k (from a checkpoint, in a new process) draws exactly what an
   * uninterrupted run draws there, with no generator state to save.
   */
  void reseed(int epoch, Epoch loop) {
    long base = options.seed() != null ? options.seed() : model.seed() ^ 0x5DEECE66DL;
    loop.shuffler = new SplittableRandom(Seeds.derive(Seeds.derive(base, 0), epoch));
    loop.run.reseed(model.seed(), epoch);
  }

  /** A silent epoch loop over {@code y} whose inputs are {@code x}, for {@link TrainingSteps}. */
  Epoch steps(List<Tensor> x, List<Tensor> y) {
    FrozenCache cache = new FrozenCache(graph, false, x, null); // per task, a cache fill would cost more than it saves
    Epoch loop = new Epoch(y, cache);
    loop.prepare();
    return loop;
  }

  /** The buffers of the training loop, sized once per fit, and one epoch's batches. */
  final class Epoch {
    final Executor run = new Executor(graph, true);
    private final FrozenCache cache;
    private final List<Tensor> y;
    final int samples;
    final int batchSize;
    private final int[] order;
    private final BatchGather gather;
    SplittableRandom shuffler = new SplittableRandom(0);
    private Matrix[] sources = new Matrix[0];
    private final Matrix[] targets;
    private final @Nullable Matrix[] gradients;
    private final boolean[] fromPreActivation;
    final double[] metricSums = new double[metricNames.length];
    double lossSum;
    int seen;
    private List<Parameter> trainable = List.of();
    private int[] slots = new int[0];
    private Tensor[] data = new Tensor[0];
    private boolean @Nullable [] skip;
    /** Whether the last {@link #run} ran all its batches (false when training stopped in its middle). */
    boolean complete;

    Epoch(List<Tensor> y, FrozenCache cache) {
      this.cache = cache;
      this.y = y;
      this.samples = y.get(0).samples();
      this.batchSize = Math.min(options.batchSize(), Math.max(samples, 1));
      this.order = new int[samples];
      this.gather = new BatchGather(order);
      this.targets = new Matrix[outputs];
      this.gradients = new Matrix[outputs];
      this.fromPreActivation = new boolean[outputs];
      for (int o = 0; o < outputs; o++) {
        targets[o] = new Matrix(batchSize, Math.max(1, y.get(o).size() / Math.max(samples, 1)));
        gradients[o] = objectives[o] == null ? null : new Matrix(batchSize, graph.outputs().get(o).size());
        fromPreActivation[o] = fused[o] != null;
      }
    }

    int steps() {
      return (samples + batchSize - 1) / batchSize;
    }

    /** Takes the trainable parameters and the cache's current inputs, sizing the input buffers; at each epoch start. */
    void prepare() {
      trainable = trainableParameters();
      slots = cache.slots();
      data = cache.training();
      skip = cache.skip();
      if (sources.length != slots.length) {
        sources = new Matrix[slots.length];
        for (int k = 0; k < slots.length; k++) {
          sources[k] = new Matrix(batchSize, data[k].size() / Math.max(samples, 1));
        }
      }
    }

    /** The epoch's order of the samples: shuffled by {@link #shuffler} unless shuffling is off. */
    void order() {
      for (int i = 0; i < samples; i++) {
        order[i] = i; // from the identity each epoch, so an epoch's order depends on its seed only
      }
      if (options.shuffle()) {
        shuffle(order, shuffler);
      }
    }

    /** Trains one epoch, stopping after a batch if asked to; returns the mean loss and metrics. */
    Map<String, Double> run(int epoch, CallbackList callbacks) {
      prepare();
      order();
      lossSum = 0;
      seen = 0;
      Arrays.fill(metricSums, 0);
      int from = 0;
      for (int batch = 0; from < samples && model.stopReason() == null; from += batchSize, batch++) {
        int rows = Math.min(batchSize, samples - from);
        callbacks.batchBegin(epoch, batch);
        double loss = forwardBackward(from, rows);
        callbacks.batchGradients(loss);
        update();
        callbacks.batchEnd(loss, lossSum, seen);
      }
      complete = from >= samples;
      return logs(lossSum, metricSums, seen);
    }

    /**
     * Forward and backward on the samples at positions [from, from + rows) of the epoch's order:
     * leaves the gradients of the loss and the penalties in the trainable parameters, adds to the
     * sums of the loss and metrics, and returns the batch's loss.
     */
    double forwardBackward(int from, int rows) {
      for (int k = 0; k < slots.length; k++) {
        gather.copy(data[k], from, rows, sources[k]);
        run.setValue(slots[k], sources[k]);
      }
      for (int o = 0; o < outputs; o++) {
        gather.copy(y.get(o), from, rows, targets[o]);
      }
      run.forward(Mode.TRAIN, skip);
      double loss = losses(run, targets, gradients, rows, metricSums);
      run.backward(gradients, fromPreActivation, false); // writes the gradients: the penalties' come after
      loss += penalty(trainable, true);
      lossSum += rows * loss;
      seen += rows;
      return loss;
    }

    /** The optimizer's update from the gradients in the trainable parameters, then their constraints. */
    void update() {
      compiled.optimizer().apply(trainable);
      constrain(trainable);
    }

    /** The names of {@link #metricSums}, as in the logs. */
    String[] metricNames() {
      return metricNames;
    }
  }

  /**
   * The weighted sum of the outputs' losses of the batch in {@code run}; adds each metric's sum
   * (and, for several outputs, each output's loss times the rows) to {@code sums}; fills the
   * gradients when not null (each times its output's weight).
   */
  private double losses(Executor run, Matrix[] targets, @Nullable Matrix @Nullable [] gradients, int rows,
      double[] sums) {
    double total = 0;
    int k = 0;
    for (int o = 0; o < outputs; o++) {
      Objective objective = objectives[o];
      if (objective == null) {
        continue;
      }
      Matrix out = run.output(o);
      Matrix g = gradients == null ? null : gradients[o];
      if (g != null) {
        g.reshape(rows, out.cols());
      }
      ProbabilisticLoss f = fused[o];
      double loss = f != null
          ? f.compute(((Activated) graph.nodes().get(outputSteps[o]).layer()).preActivation(run.frame(outputSteps[o])),
              targets[o], g)
          : objective.loss().compute(out, targets[o], g);
      double w = objective.weight();
      if (g != null && w != 1) {
        float[] d = g.data();
        for (int i = 0, n = g.size(); i < n; i++) {
          d[i] *= (float) w;
        }
      }
      total += w * loss;
      if (outputs > 1) {
        sums[k++] += rows * loss;
      }
      List<Metric> metrics = objective.metrics();
      for (int m = 0, n = metrics.size(); m < n; m++) {
        sums[k++] += metrics.get(m).sum(out, targets[o]);
      }
    }
    return total;
  }

  Map<String, Double> logs(double lossSum, double[] sums, int seen) {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", lossSum / Math.max(seen, 1));
    for (int m = 0; m < sums.length; m++) {
      logs.put(metricNames[m], sums[m] / Math.max(seen, 1));
    }
    return logs;
  }

  Evaluation evaluate(List<Tensor> x, List<Tensor> y) {
    model.checkInputs(x, "inputs");
    checkTargets(x.get(0), y, "evaluation");
    DataChecks.nonEmpty(x.get(0), "evaluate: the data has no samples (inputs ");
    for (int i = 0; i < x.size(); i++) {
      checkFinite(x.get(i), "evaluation", x.get(i).samples());
    }
    checkLabels(y, "evaluation", y.get(0).samples());
    int[] slots = new int[x.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = i;
    }
    return evaluate(x.toArray(new Tensor[0]), slots, null, y);
  }

  /** Evaluates in inference mode from {@code data} set as the values {@code slots}, skipping the nodes marked. */
  private Evaluation evaluate(Tensor[] data, int[] slots, boolean @Nullable [] skip, List<Tensor> y) {
    int samples = data[0].samples();
    int batchSize = Math.min(options.batchSize(), Math.max(samples, 1));
    try (Pool.Lease<Executor> run = model.executors.borrow()) {
      return evaluate(data, slots, skip, y, run.item(), samples, batchSize);
    }
  }

  private Evaluation evaluate(Tensor[] data, int[] slots, boolean @Nullable [] skip, List<Tensor> y, Executor run,
      int samples, int batchSize) {
    Matrix[] sources = new Matrix[data.length];
    for (int k = 0; k < data.length; k++) {
      sources[k] = new Matrix(batchSize, data[k].size() / Math.max(samples, 1));
    }
    Matrix[] targets = new Matrix[outputs];
    for (int o = 0; o < outputs; o++) {
      targets[o] = new Matrix(batchSize, Math.max(1, y.get(o).size() / Math.max(samples, 1)));
    }
    double[] sums = new double[metricNames.length];
    double lossSum = 0;
    for (int from = 0; from < samples; from += batchSize) {
      int rows = Math.min(batchSize, samples - from);
      for (int k = 0; k < data.length; k++) {
        copyRows(data[k], from, rows, sources[k]);
        run.setValue(slots[k], sources[k]);
      }
      for (int o = 0; o < outputs; o++) {
        copyRows(y.get(o), from, rows, targets[o]);
      }
      run.forward(Mode.INFER, skip);
      lossSum += rows * losses(run, targets, null, rows, sums);
    }
    Map<String, Double> values = logs(lossSum, sums, samples);
    values.put("loss", values.get("loss") + penalty(trainableParameters(), false));
    return new Evaluation(values);
  }

  private static void copyRows(Tensor t, int from, int rows, Matrix into) {
    int width = t.size() / Math.max(t.samples(), 1);
    into.reshape(rows, width);
    System.arraycopy(t.data(), from * width, into.data(), 0, rows * width);
  }

  /** The sum of the regularization penalties; adds their gradients to the parameters' when asked. */
  private static double penalty(List<Parameter> trainable, boolean addGradient) {
    double sum = 0;
    for (int i = 0, n = trainable.size(); i < n; i++) {
      sum += trainable.get(i).penalty(addGradient);
    }
    return sum;
  }

  /** Applies each parameter's constraint after an update (Keras applies them in the optimizer). */
  private static void constrain(List<Parameter> trainable) {
    for (int i = 0, n = trainable.size(); i < n; i++) {
      trainable.get(i).constrain();
    }
  }

  private List<Parameter> trainableParameters() {
    List<Parameter> ps = new ArrayList<>();
    for (Layer l : model.layers()) {
      for (Parameter p : l.parameters()) {
        if (p.isTrainable()) {
          ps.add(p);
        }
      }
    }
    return ps;
  }

  /**
   * The frame of a layer's first node that runs in this training run, for callbacks that inspect
   * activations; null if none runs (not in the model, or cached as frozen: the nodes {@code skip}
   * marks, whose frames hold nothing of this batch).
   */
  static @Nullable Frame frameOf(Executor run, Layer layer, boolean @Nullable [] skip) {
    List<Node> nodes = run.graph().nodes();
    for (int s = 0; s < nodes.size(); s++) {
      if (nodes.get(s).layer() == layer && (skip == null || !skip[s])) {
        return run.frame(s);
      }
    }
    return null;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}

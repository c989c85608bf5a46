package dev.lamina.model;

import dev.lamina.layers.Activated;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Stochastic;
import dev.lamina.losses.Loss;
import dev.lamina.losses.ProbabilisticLoss;
import dev.lamina.math.WorkerPool;
import dev.lamina.metrics.Metric;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Shapes;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The training and evaluation loops of a {@link Sequential}. Buffers are sized once per call, and
 * callbacks get one reused batch event, so the per-batch loop allocates nothing.
 *
 * <p>One training step, as Keras: forward in {@link Mode#TRAIN}, loss, backward, then the
 * regularization penalties of the trainable parameters are added to the loss and their gradients
 * to the parameter gradients, the optimizer updates, and finally each parameter's constraint is
 * applied. The reported loss (and {@code evaluate}'s, hence {@code val_loss}) includes the
 * penalties, as in Keras.
 */
final class Trainer {
  private final Sequential model;
  private final Sequential.Compiled compiled;
  private final FitOptions options;
  private final List<Layer> layers;
  /** Non-null when the last layer's softmax/sigmoid is fused with a cross-entropy on logits. */
  private final @Nullable ProbabilisticLoss fusedLoss;
  private final int outputs;
  private final DataChecks checks;

  Trainer(Sequential model, Sequential.Compiled compiled, FitOptions options) {
    this.model = model;
    this.compiled = compiled;
    this.options = options;
    this.layers = model.layers();
    this.outputs = Math.toIntExact(Shapes.size(model.outputShape()));
    this.checks = new DataChecks(compiled.loss(), model.outputShape(), options.validationSplit());
    Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
    this.fusedLoss = compiled.loss() instanceof ProbabilisticLoss p && !p.fromLogits()
        && last instanceof Activated a && a.activation().equals(p.outputActivation()) ? p.withLogits() : null;
  }

  /**
   * Trains on {@code x, y}, after checking the data once ({@link DataChecks}): nothing per batch.
   */
  History fit(Tensor x, Tensor y) {
    int features = model.checkInputs(x);
    int targets = checks.targets(x, y, "training");
    DataChecks.nonEmpty(x, "fit: the training data has no samples (inputs ");
    Tensor trainX = x;
    Tensor trainY = y;
    Tensor valX = options.validationX();
    Tensor valY = options.validationY();
    boolean validationGiven = valX != null && valY != null;
    int split = x.samples();
    if (validationGiven) {
      model.checkInputs(valX, "validation inputs");
      checks.targets(valX, valY, "validation");
      DataChecks.nonEmpty(valX, "fit: the validation data has no samples (validation inputs ");
    } else if (options.validationSplit() > 0) {
      split = DataChecks.trainingSamples(x.samples(), options.validationSplit());
      trainX = x.rows(0, split);
      trainY = y.rows(0, split);
      valX = x.rows(split, x.samples());
      valY = y.rows(split, y.samples());
    }
    checks.finite(x, features, "training", split);
    checks.labels(y, "training", split);
    if (validationGiven) {
      checks.finite(valX, features, "validation", valX.samples());
      checks.labels(valY, "validation", valY.samples());
    }
    Progress progress = new Progress(options.initialEpoch(), options.epochs(), options.verbose());
    Epoch loop = new Epoch(trainX, trainY, features, targets, progress);
    FrozenPrefix frozen = new FrozenPrefix(trainX, valX);
    History history = new History();
    CallbackList callbacks = new CallbackList(options.callbacks(), model);
    model.clearStop();
    callbacks.trainBegin(options.initialEpoch(), options.epochs(), loop.steps());
    for (int epoch = options.initialEpoch(); epoch < options.epochs() && model.stopReason() == null; epoch++) {
      long start = System.nanoTime();
      reseed(epoch, loop.shuffler);
      callbacks.epochBegin(epoch);
      frozen.prepare(loop);
      progress.epochBegin();
      Map<String, Double> logs = loop.run(epoch, callbacks);
      if (valX != null && valY != null) {
        frozen.validate(valY).values().forEach((k, v) -> logs.put("val_" + k, v));
      }
      progress.epochEnd(epoch, System.nanoTime() - start, logs);
      history.record(callbacks.epochEnd(epoch, logs, loop.complete)); // with what callbacks logged (learning_rate)
    }
    String reason = model.stopReason();
    if (reason != null) {
      history.stopped(reason);
      progress.stopped(reason);
    }
    callbacks.trainEnd(history);
    return history;
  }

  /**
   * Restarts the shuffling generator and each {@link Stochastic} layer's generator from a seed
   * derived from (base seed, layer index, epoch) only. An epoch's random numbers then do not depend
   * on the epochs before it, so training resumed at epoch k (from a checkpoint, in a new process)
   * draws exactly what an uninterrupted run draws there, with no generator state to save.
   */
  private void reseed(int epoch, SplittableRandom[] shuffler) {
    long base = options.seed() != null ? options.seed() : model.seed() ^ 0x5DEECE66DL;
    shuffler[0] = new SplittableRandom(derive(derive(base, 0), epoch));
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Stochastic s) {
        s.reseed(derive(derive(model.seed(), i + 1), epoch));
      }
    }
  }

  /** A well-mixed seed from a seed and an index (SplitMix64's finaliser over seed + (index + 1)·γ). */
  static long derive(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The buffers of the training loop, sized once per fit, and one epoch's batches. */
  private final class Epoch {
    private Tensor x;
    /** The first layer to run: the ones before it are frozen and their outputs are {@code x}. */
    private int start;
    private final Tensor y;
    private final int samples;
    private final int batchSize;
    private final int[] order;
    private final Gather gather;
    private final SplittableRandom[] shuffler = new SplittableRandom[1];
    private final Matrix xb;
    private final Matrix yb;
    private final Matrix gradient;
    private final double[] metricSums = new double[compiled.metrics().size()];
    private final Progress progress;
    /** Whether the last {@link #run} ran all its batches (false when training stopped in its middle). */
    boolean complete;

    Epoch(Tensor x, Tensor y, int features, int targets, Progress progress) {
      this.progress = progress;
      this.x = x;
      this.y = y;
      this.samples = x.samples();
      this.batchSize = Math.min(options.batchSize(), Math.max(samples, 1));
      this.order = new int[samples];
      this.gather = new Gather(order);
      this.xb = new Matrix(batchSize, features);
      this.yb = new Matrix(batchSize, targets);
      this.gradient = new Matrix(batchSize, outputs);
    }

    int steps() {
      return (samples + batchSize - 1) / batchSize;
    }

    /** Trains from layer {@code start} on {@code x}, the outputs of the layers before it. */
    void source(Tensor x, int start) {
      this.x = x;
      this.start = start;
    }

    /** Trains one epoch, stopping after a batch if asked to; returns the mean loss and metrics. */
    Map<String, Double> run(int epoch, CallbackList callbacks) {
      List<Parameter> trainable = trainableParameters();
      int firstTrainable = firstTrainableLayer();
      List<Metric> metrics = compiled.metrics();
      for (int i = 0; i < samples; i++) {
        order[i] = i; // from the identity each epoch, so an epoch's order depends on its seed only
      }
      if (options.shuffle()) {
        shuffle(order, shuffler[0]);
      }
      double lossSum = 0;
      int seen = 0;
      Arrays.fill(metricSums, 0);
      int from = 0;
      for (int batch = 0; from < samples && model.stopReason() == null; from += batchSize, batch++) {
        int rows = Math.min(batchSize, samples - from);
        callbacks.batchBegin(epoch, batch);
        gather.copy(x, from, rows, xb.reshape(rows, x.size() / Math.max(samples, 1)));
        gather.copy(y, from, rows, yb.reshape(rows, yb.cols()));
        gradient.reshape(rows, outputs);
        Matrix out = model.forward(xb, Mode.TRAIN, start, layers.size());
        for (int m = 0; m < metricSums.length; m++) {
          metricSums[m] += metrics.get(m).sum(out, yb);
        }
        double loss = backward(out, yb, gradient, firstTrainable) + penalty(trainable, true);
        lossSum += rows * loss;
        seen += rows;
        callbacks.batchGradients(loss);
        compiled.optimizer().apply(trainable);
        constrain(trainable);
        callbacks.batchEnd(loss);
        progress.batchEnd(epoch, batch + 1, steps(), lossSum, metrics, metricSums, seen);
      }
      complete = from >= samples;
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", lossSum / Math.max(seen, 1));
      for (int m = 0; m < metricSums.length; m++) {
        logs.put(metrics.get(m).name(), metricSums[m] / Math.max(seen, 1));
      }
      return logs;
    }
  }

  /**
   * Automatic caching of frozen layers (transfer learning): while the leading layers are frozen
   * and deterministic in training (no trainable parameter, not {@link Stochastic}, batch
   * normalization frozen and so in inference mode), their outputs for the training inputs never
   * change, so they are computed once, in batches, and each epoch trains the remaining layers on
   * them; so are the validation inputs' (in inference mode), which each epoch's validation then
   * starts from. Recomputed when the frozen prefix changes (say, after an unfreezing callback) or
   * any of its weights do (compared with a copy kept at each fill, once per epoch). Not used when
   * it would take more than a quarter of the heap. The weights and the validation results are the
   * same as without the cache.
   */
  private final class FrozenPrefix {
    /**
     * Rows per forward pass of the fill: enough for the matrix kernels, few enough that each layer's
     * outputs stay in the CPU caches (on task B, 128 filled faster than 32, 256 or 1024).
     */
    private static final int BATCH = 128;
    private final Tensor x;
    private final @Nullable Tensor validationX;
    private int length;
    /** Copies of the prefix's parameters when it was cached: a change (setWeights, a checkpoint) refills it. */
    private float[][] cachedWeights = new float[0][];
    /** The validation inputs through the first {@code length} layers (the inputs themselves when 0). */
    private @Nullable Tensor validation;

    FrozenPrefix(Tensor x, @Nullable Tensor validationX) {
      this.x = x;
      this.validationX = validationX;
      this.validation = validationX;
    }

    /** Points the epoch and the validation at the cached outputs of the current frozen prefix (or at the inputs). */
    void prepare(Epoch epoch) {
      int n = options.cacheFrozenLayers() ? cacheableLength() : 0;
      if (n > 0 && cacheBytes(n) > Runtime.getRuntime().maxMemory() / 4) {
        n = 0; // the cache would take more than a quarter of the heap: compute the prefix every batch
      }
      if (n == length && (n == 0 || weightsUnchanged())) {
        return;
      }
      epoch.source(x, 0); // drops the old cache before the new one is filled
      validation = validationX;
      length = n;
      cachedWeights = snapshot(n);
      epoch.source(n == 0 ? x : outputs(x, n, Mode.TRAIN), n);
      validation = n == 0 || validationX == null ? validationX : outputs(validationX, n, Mode.INFER);
    }

    /** The floats the outputs of the first {@code n} layers take for the training and validation inputs. */
    private long cacheBytes(int n) {
      long width = Shapes.size(layers.get(n - 1).outputShape());
      long samples = x.samples() + (validationX == null ? 0 : validationX.samples());
      return 4 * width * samples;
    }

    private float[][] snapshot(int n) {
      List<float[]> copies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (Parameter p : layers.get(i).parameters()) {
          copies.add(p.value().clone());
        }
      }
      return copies.toArray(float[][]::new);
    }

    private boolean weightsUnchanged() {
      int k = 0;
      for (int i = 0; i < length; i++) {
        for (Parameter p : layers.get(i).parameters()) {
          if (k >= cachedWeights.length || !Arrays.equals(cachedWeights[k++], p.value())) {
            return false;
          }
        }
      }
      return k == cachedWeights.length;
    }

    /** Evaluates on the validation data, from the outputs of the frozen prefix when they are cached. */
    Evaluation validate(Tensor validationY) {
      Tensor v = Objects.requireNonNull(validation, "validation inputs");
      return length == 0 ? evaluate(v, validationY) : evaluate(v, validationY, length);
    }

    /** The outputs of the first {@code n} layers for the inputs {@code source}, computed in batches. */
    private Tensor outputs(Tensor source, int n, Mode mode) {
      int samples = source.samples();
      int features = model.checkInputs(source);
      int width = Math.toIntExact(Shapes.size(layers.get(n - 1).outputShape()));
      float[] out = new float[Math.multiplyExact(samples, width)];
      Matrix batch = new Matrix(Math.min(BATCH, Math.max(samples, 1)), features);
      for (int from = 0; from < samples; from += BATCH) {
        int rows = Math.min(BATCH, samples - from);
        System.arraycopy(source.data(), from * features, batch.reshape(rows, features).data(), 0, rows * features);
        Matrix h = model.forward(batch, mode, 0, n);
        System.arraycopy(h.data(), 0, out, from * width, rows * width);
      }
      return Tensor.of(out, samples, width);
    }

    /** The number of leading cacheable layers, if they hold weights (else caching gains nothing). */
    private int cacheableLength() {
      int n = 0;
      boolean weights = false;
      while (n < layers.size() - 1 && cacheable(layers.get(n))) {
        weights |= !layers.get(n).parameters().isEmpty();
        n++;
      }
      return weights ? n : 0;
    }

    private static boolean cacheable(Layer layer) {
      return !(layer instanceof Stochastic)
          && !(layer instanceof BatchNormalization bn && bn.isTrainable())
          && layer.parameters().stream().noneMatch(Parameter::isTrainable);
    }
  }

  /** Computes the loss of a batch and back-propagates it down to the first trainable layer. */
  private double backward(Matrix out, Matrix yb, Matrix gradient, int firstTrainable) {
    int last = layers.size() - 1;
    boolean needGradient = firstTrainable <= last;
    if (fusedLoss != null) {
      Activated head = (Activated) layers.get(last);
      double loss = fusedLoss.compute(head.preActivation(), yb, needGradient ? gradient : null);
      if (needGradient) {
        Matrix g = head.backwardFromPreActivation(gradient, last > firstTrainable);
        propagate(g, last - 1, firstTrainable);
      }
      return loss;
    }
    double loss = compiled.loss().compute(out, yb, needGradient ? gradient : null);
    if (needGradient) {
      propagate(gradient, last, firstTrainable);
    }
    return loss;
  }

  private void propagate(Matrix g, int from, int firstTrainable) {
    for (int i = from; i >= firstTrainable; i--) {
      g = layers.get(i).backward(g, i > firstTrainable);
    }
  }

  Evaluation evaluate(Tensor x, Tensor y) {
    int features = model.checkInputs(x);
    checks.targets(x, y, "evaluation");
    DataChecks.nonEmpty(x, "evaluate: the data has no samples (inputs ");
    checks.finite(x, features, "evaluation", x.samples());
    checks.labels(y, "evaluation", y.samples());
    return evaluate(x, y, 0);
  }

  /** Evaluates from layer {@code start} on {@code x}, the outputs of the layers before it. */
  private Evaluation evaluate(Tensor x, Tensor y, int start) {
    int targets = y.samples() == 0 ? 1 : y.size() / y.samples(); // checked by the callers
    int samples = x.samples();
    int features = x.size() / Math.max(samples, 1);
    int batchSize = Math.min(options.batchSize(), Math.max(samples, 1));
    Matrix xb = new Matrix(batchSize, features);
    Matrix yb = new Matrix(batchSize, targets);
    Loss loss = compiled.loss();
    List<Metric> metrics = compiled.metrics();
    double lossSum = 0;
    double[] metricSums = new double[metrics.size()];
    for (int from = 0; from < samples; from += batchSize) {
      int rows = Math.min(batchSize, samples - from);
      System.arraycopy(x.data(), from * features, xb.reshape(rows, features).data(), 0, rows * features);
      System.arraycopy(y.data(), from * targets, yb.reshape(rows, targets).data(), 0, rows * targets);
      Matrix out = model.forward(xb, Mode.INFER, start, layers.size());
      lossSum += rows * (fusedLoss != null
          ? fusedLoss.compute(((Activated) layers.get(layers.size() - 1)).preActivation(), yb, null)
          : loss.compute(out, yb, null));
      for (int m = 0; m < metricSums.length; m++) {
        metricSums[m] += metrics.get(m).sum(out, yb);
      }
    }
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", lossSum / Math.max(samples, 1) + penalty(trainableParameters(), false));
    for (int m = 0; m < metricSums.length; m++) {
      values.put(metrics.get(m).name(), metricSums[m] / Math.max(samples, 1));
    }
    return new Evaluation(values);
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
    for (Parameter p : model.parameters()) {
      if (p.isTrainable()) {
        ps.add(p);
      }
    }
    return ps;
  }

  /** The index of the first layer with a trainable parameter (layers.size() if none). */
  private int firstTrainableLayer() {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).parameters().stream().anyMatch(Parameter::isTrainable)) {
        return i;
      }
    }
    return layers.size();
  }

  /**
   * Copies the rows {@code order[from..from+rows)} of the source into a batch, split by rows over
   * the worker pool when the batch is large (a random-access copy, bound by memory latency). One
   * instance per fit, reused, so a batch allocates nothing.
   */
  private static final class Gather implements WorkerPool.Task {
    /** Below this many floats a batch is copied on the calling thread: a hand-off costs more. */
    private static final int PARALLEL_FLOATS = 1 << 15;
    private final int[] order;
    private float[] src = new float[0];
    private float[] dst = new float[0];
    private int from;
    private int rows;
    private int width;

    Gather(int[] order) {
      this.order = order;
    }

    void copy(Tensor source, int from, int rows, Matrix into) {
      this.src = source.data();
      this.dst = into.data();
      this.from = from;
      this.rows = rows;
      this.width = into.cols();
      WorkerPool.current().run(this, rows * width >= PARALLEL_FLOATS);
    }

    @Override
    public void run(int part, int parts) {
      for (int r = rows * part / parts, end = rows * (part + 1) / parts; r < end; r++) {
        System.arraycopy(src, order[from + r] * width, dst, r * width, width);
      }
    }
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

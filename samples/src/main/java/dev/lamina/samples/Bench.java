package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;

import com.sun.management.ThreadMXBean;
import dev.lamina.callbacks.BatchStart;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.EpochStart;
import dev.lamina.callbacks.TrainBegin;
import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.math.MatMuls;
import dev.lamina.initializers.Initializers;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Predictor;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The reference workloads of {@code shared/bench/README.md}, measured the way its PyTorch script
 * measures them: throughput = training samples / wall time of an epoch's training loop, median
 * over epochs 2..N, and test accuracy after the last epoch. The last line is
 * {@code RESULT {json}} with the script's keys.
 *
 * <pre>
 * bench --workload plain --threads 1 [--epochs 3] [--batch 256] [--seed 42] [--data DIR]
 * bench --workload plain --threads 2 --vs-pytorch [--rounds 3] [--torch-threads 1] [--torch-blas-threads 2]
 * bench --report docs/performance.md [--rounds 3]
 * </pre>
 */
public final class Bench {
  private Bench() {}

  /** Parsed command-line options. */
  record Options(String workload, int threads, int epochs, int batch, long seed, Path data, boolean vsPyTorch,
      int rounds, @Nullable Path torchScript, int torchThreads, int torchBlasThreads, @Nullable Path report) {}

  static Options parse(String[] args) {
    String workload = null;
    int threads = 1;
    int epochs = 3;
    int batch = 0;
    long seed = 42;
    Path data = null;
    boolean vsPyTorch = false;
    int rounds = 3;
    Path torchScript = null;
    int torchThreads = 0;
    int torchBlasThreads = 0;
    Path report = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--vs-pytorch")) {
        vsPyTorch = true;
        continue;
      }
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--workload" -> workload = require(a, v);
        case "--threads" -> threads = Args.integer(a, require(a, v));
        case "--epochs" -> epochs = Args.integer(a, require(a, v));
        case "--batch" -> batch = Args.integer(a, require(a, v));
        case "--seed" -> seed = Args.longInteger(a, require(a, v));
        case "--data" -> data = Path.of(require(a, v));
        case "--rounds" -> rounds = Args.integer(a, require(a, v));
        case "--torch-script" -> torchScript = Path.of(require(a, v));
        case "--torch-threads" -> torchThreads = Args.integer(a, require(a, v));
        case "--torch-blas-threads" -> torchBlasThreads = Args.integer(a, require(a, v));
        case "--report" -> report = Path.of(require(a, v));
        default -> throw new IllegalArgumentException("unknown option " + a + "; usage: bench --workload bn|plain|infer"
            + " [--threads N] [--epochs N] [--batch N] [--seed N] [--data DIR] [--vs-pytorch [--rounds N] [--torch-script PATH]"
            + " [--torch-threads N] [--torch-blas-threads N]] | bench --report FILE [--rounds N] [--data DIR]");
      }
      i++;
    }
    if (workload == null && report == null) {
      throw new IllegalArgumentException("--workload bn|plain|infer (or --report FILE) is required");
    }
    if (workload != null && !List.of("bn", "plain", "infer").contains(workload)) {
      throw new IllegalArgumentException("unknown workload '" + workload + "'; use bn, plain or infer");
    }
    Path found = FashionMnist.locate(data).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR or set LAMINA_DATA"));
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, but was " + threads);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, but was " + rounds);
    }
    return new Options(workload != null ? workload : "all", threads, epochs, batch, seed, found, vsPyTorch, rounds, torchScript,
        torchThreads > 0 ? torchThreads : threads, torchBlasThreads, report);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  static String run(Options o) {
    FashionMnist data = FashionMnist.load(o.data());
    return switch (o.workload()) {
      case "plain" -> train(o, data, plainModel(o.seed()), Optimizers.sgd().learningRate(0.01).build(), 256);
      case "bn" -> train(o, data, bnModel(o.seed()), Optimizers.adam().learningRate(1e-3).epsilon(1e-7).build(), 32);
      case "infer" -> infer(o, data);
      default -> throw new IllegalArgumentException("unknown workload '" + o.workload() + "'; use bn, plain or infer");
    };
  }

  /** W2: Flatten → Dense 300 ReLU → Dense 100 ReLU → Dense 10 logits, Glorot uniform, zero bias. */
  static Sequential plainModel(long seed) {
    return Network.sequential(seed, input(28, 28), flatten(), dense(300, RELU), dense(100, RELU), dense(10));
  }

  /** W1: Flatten → BN → Dense 300 ELU (He normal) → BN → Dense 100 ELU (He normal) → BN → Dense 10 logits. */
  static Sequential bnModel(long seed) {
    return Network.sequential(seed, input(28, 28), flatten(),
        batchNormalization(), dense(300, ELU).kernelInitializer(Initializers.heNormal()),
        batchNormalization(), dense(100, ELU).kernelInitializer(Initializers.heNormal()),
        batchNormalization(), dense(10));
  }

  private static String train(Options o, FashionMnist data, Sequential model, Optimizer optimizer, int defaultBatch) {
    int batch = o.batch() > 0 ? o.batch() : defaultBatch;
    model.compile(Losses.sparseCategoricalCrossentropy(true), optimizer);
    int n = data.trainImages().samples();
    EpochClock clock = new EpochClock(n, o.epochs());
    model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(o.epochs()).batchSize(batch)
        .seed(o.seed()).threads(o.threads()).verbose(false).callbacks(clock));
    double testAcc = accuracy(model.predict(data.testImages(), 1024, o.threads()), data.testLabels());
    List<String> rows = new ArrayList<>();
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      boolean last = epoch == o.epochs() - 1;
      String acc = last ? String.format(Locale.ROOT, "%.4f", testAcc) : "null";
      rows.add(String.format(Locale.ROOT,
          "{\"epoch\": %d, \"seconds\": %.4f, \"samples_per_s\": %.1f, \"train_loss\": %.6f, \"test_acc\": %s}",
          epoch + 1, clock.seconds[epoch], n / clock.seconds[epoch], clock.loss[epoch], acc));
    }
    double[] rates = Arrays.stream(clock.seconds).map(sec -> n / sec).toArray();
    double[] later = o.epochs() > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates.clone();
    double median = median(later);
    System.out.printf(Locale.ROOT, "%s threads=%d: median %,.0f samples/s, test_acc %.4f, %.0f bytes allocated per"
        + " batch in the last epoch, peak RSS %.0f MB%n", o.workload(), o.threads(), median, testAcc,
        clock.bytesPerBatch, peakRssMegabytes());
    return String.format(Locale.ROOT,
        "RESULT {\"workload\": \"%s\", \"threads\": %d, \"batch\": %d, \"epochs\": %d, \"samples_per_s_median\": %.1f,"
            + " \"samples_per_s_min\": %.1f, \"samples_per_s_max\": %.1f, \"test_acc\": %.4f,"
            + " \"alloc_bytes_per_batch\": %.1f, \"peak_rss_mb\": %.1f, \"epochs_detail\": [%s], \"env\": %s}",
        o.workload(), o.threads(), batch, o.epochs(), median, min(later), max(later), testAcc, clock.bytesPerBatch,
        peakRssMegabytes(), String.join(", ", rows), env());
  }

  /**
   * Times each epoch of one {@code fit} (from its first batch to its end, validation excluded as
   * there is none) and counts the bytes allocated per batch over the last epoch, from its 10th
   * batch to its last (the steady state), by every thread alive at the 10th: the caller and the
   * worker pool. (Summing the counters of all threads alive at each reading instead reported a
   * steady ~40 KB per epoch whatever the number of batches, which these threads did not allocate.)
   */
  private static final class EpochClock implements Callback {
    private static final int SETTLE_BATCHES = 10;
    private final int samples;
    final double[] seconds;
    final double[] loss;
    double bytesPerBatch = Double.NaN;
    private long start;
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long[] threadIds = new long[0];
    private long[] allocatedBefore = new long[0];
    private int steps;

    EpochClock(int samples, int epochs) {
      this.samples = samples;
      this.seconds = new double[epochs];
      this.loss = new double[epochs];
    }

    @Override
    public void onEpochBegin(EpochStart event) {
      start = System.nanoTime();
    }

    @Override
    public void onTrainBegin(TrainBegin event) {
      steps = event.stepsPerEpoch();
    }

    /** Reads the counters at the start of batch 10 and of the last batch of the last epoch. */
    @Override
    public void onBatchBegin(BatchStart event) {
      int last = steps - 1;
      if (event.epoch() != seconds.length - 1 || last <= SETTLE_BATCHES) {
        return;
      }
      if (event.batch() == SETTLE_BATCHES) {
        threadIds = threads.getAllThreadIds();
        allocatedBefore = threads.getThreadAllocatedBytes(threadIds);
      } else if (event.batch() == last) {
        long[] after = threads.getThreadAllocatedBytes(threadIds);
        long bytes = 0;
        for (int i = 0; i < after.length; i++) {
          bytes += after[i] >= 0 && allocatedBefore[i] >= 0 ? after[i] - allocatedBefore[i] : 0;
        }
        bytesPerBatch = (double) bytes / (last - SETTLE_BATCHES);
      }
    }

    @Override
    public void onEpochEnd(EpochEnd event) {
      int epoch = event.epoch();
      seconds[epoch] = (System.nanoTime() - start) / 1e9;
      loss[epoch] = event.loss();
      System.out.printf(Locale.ROOT, "epoch %d: %.3f s  %,.0f samples/s  loss %.4f%n", epoch + 1, seconds[epoch],
          samples / seconds[epoch], loss[epoch]);
    }

  }

  /** This process's peak resident memory (Linux VmHWM), or NaN where /proc is not available. */
  static double peakRssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return Double.NaN;
  }

  /** W3: the bn model in inference; batch 1 latency over the test images and batch 1024 throughput. */
  private static String infer(Options o, FashionMnist data) {
    Sequential model = bnModel(o.seed());
    Tensor test = data.testImages();
    int rounds = 7;
    int calls = 5000;
    // Batch 1: the allocation-free single-sample path, each call a different test image.
    Predictor predictor = model.predictor();
    int size = predictor.inputSize();
    float[] images = test.data();
    float[] sample = new float[size];
    int tests = test.samples();
    for (int i = 0; i < 20_000; i++) {
      System.arraycopy(images, (i % tests) * size, sample, 0, size);
      predictor.predict(sample);
    }
    double[] latency = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        System.arraycopy(images, (i % tests) * size, sample, 0, size);
        predictor.predict(sample);
      }
      latency[r] = (System.nanoTime() - t0) / 1e3 / calls;
    }
    int batch = 1024;
    Tensor[] batches = new Tensor[10_000 / batch];
    for (int b = 0; b < batches.length; b++) {
      batches[b] = test.rows(b * batch, (b + 1) * batch);
    }
    for (int w = 0; w < 3; w++) {
      for (Tensor b : batches) {
        model.predict(b, batch, o.threads());
      }
    }
    double[] throughput = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      int count = 0;
      for (int pass = 0; pass < 3; pass++) {
        for (Tensor b : batches) {
          model.predict(b, batch, o.threads());
          count += batch;
        }
      }
      throughput[r] = count / ((System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "infer b=1: %.1f us/call (min %.1f, max %.1f)%n", median(latency), min(latency),
        max(latency));
    System.out.printf(Locale.ROOT, "infer b=1024: %,.0f samples/s (min %,.0f, max %,.0f)%n", median(throughput),
        min(throughput), max(throughput));
    return String.format(Locale.ROOT,
        "RESULT {\"workload\": \"infer\", \"threads\": %d, \"b1_us_per_call_median\": %.2f, \"b1_us_per_call_min\": %.2f,"
            + " \"b1_us_per_call_max\": %.2f, \"b1_samples_per_s_median\": %.1f, \"b1024_samples_per_s_median\": %.1f,"
            + " \"b1024_samples_per_s_min\": %.1f, \"b1024_samples_per_s_max\": %.1f, \"env\": %s}",
        o.threads(), median(latency), min(latency), max(latency), 1e6 / median(latency), median(throughput),
        min(throughput), max(throughput), env());
  }

  private static double accuracy(Tensor probabilities, Tensor labels) {
    int classes = probabilities.dim(1);
    float[] p = probabilities.data();
    int correct = 0;
    for (int i = 0; i < labels.samples(); i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (p[i * classes + c] > p[i * classes + best]) {
          best = c;
        }
      }
      correct += best == (int) labels.data()[i] ? 1 : 0;
    }
    return (double) correct / labels.samples();
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static String env() {
    return String.format(Locale.ROOT, "{\"java\": \"%s\", \"kernel\": \"%s\"}", System.getProperty("java.version"),
        MatMuls.best().name());
  }
}

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import dev.lamina.math.MatMuls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code lamina bench}: the reference workloads of {@code shared/bench/README.md} ({@link Workload}),
 * measured the way its PyTorch scripts measure them ({@link TrainingBench}, {@link InferenceBench}),
 * each run ending with a {@code RESULT {json}} line with the scripts' keys; side by side with
 * PyTorch ({@link PyTorchComparison}) or all of them into the performance page
 * ({@link PerformanceReport}).
 *
 * <pre>
 * bench --workload plain --threads 1 [--epochs 3] [--batch 256] [--seed 42] [--data DIR]
 * bench --workload cnn --threads 1 [--train-samples 12000] [--epochs 2]
 * bench --workload cnn-infer --threads 1 [--infer-calls 1000] [--infer-rounds 5]
 * bench --workload plain --threads 2 --vs-pytorch [--rounds 3] [--torch-threads 1] [--torch-blas-threads 2]
 * bench --report docs/performance.md [--rounds 3]
 * </pre>
 */
public final class Bench {
  static final String USAGE = "bench --workload " + Workload.names("|", "|") + " [--threads N] [--epochs N]"
      + " [--batch N] [--train-samples N] [--infer-calls N] [--infer-rounds N] [--seed N] [--data DIR] [--vs-pytorch"
      + " [--rounds N] [--torch-script PATH] [--torch-threads N] [--torch-blas-threads N]] | bench --report FILE"
      + " [--rounds N] [--data DIR]";

  private Bench() {}

  /**
   * Parsed command-line options; 0 for epochs, batch, trainSamples, inferCalls and inferRounds means
   * the workload's default ({@link Workload}), as in the PyTorch scripts.
   */
  record Options(String workload, int threads, int epochs, int batch, int trainSamples, int inferCalls,
      int inferRounds, long seed, Path data, boolean vsPyTorch, int rounds, @Nullable Path torchScript,
      int torchThreads, int torchBlasThreads, @Nullable Path report) {

    /**
     * These options for one workload at one thread count against PyTorch (a row of the report),
     * keeping those that apply to it. The rows run both scripts, so a script given stands for its
     * folder.
     */
    Options row(String name, int threadCount, int torchThreadCount, int blasThreadCount) {
      Workload w = Workload.named(name);
      Path scripts = torchScript != null && Files.isRegularFile(torchScript)
          ? torchScript.toAbsolutePath().getParent() : torchScript;
      return new Options(name, threadCount, w.training() ? epochs : 0, w.training() ? batch : 0,
          w.takesTrainSamples() ? trainSamples : 0, w.training() ? 0 : inferCalls, w.training() ? 0 : inferRounds, seed,
          data, true, rounds, scripts, torchThreadCount, blasThreadCount, null);
    }
  }

  static Options parse(String[] args) {
    String workload = null;
    int threads = 1;
    int epochs = 0;
    int batch = 0;
    int trainSamples = 0;
    int inferCalls = 0;
    int inferRounds = 0;
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
        case "--train-samples" -> trainSamples = Args.integer(a, require(a, v));
        case "--infer-calls" -> inferCalls = Args.integer(a, require(a, v));
        case "--infer-rounds" -> inferRounds = Args.integer(a, require(a, v));
        case "--seed" -> seed = Args.longInteger(a, require(a, v));
        case "--data" -> data = Path.of(require(a, v));
        case "--rounds" -> rounds = Args.integer(a, require(a, v));
        case "--torch-script" -> torchScript = Path.of(require(a, v));
        case "--torch-threads" -> torchThreads = Args.integer(a, require(a, v));
        case "--torch-blas-threads" -> torchBlasThreads = Args.integer(a, require(a, v));
        case "--report" -> report = Path.of(require(a, v));
        default -> throw new IllegalArgumentException("unknown option " + a + "; usage: " + USAGE);
      }
      i++;
    }
    if (workload == null && report == null) {
      throw new IllegalArgumentException("--workload " + Workload.names("|", "|") + " (or --report FILE) is required");
    }
    if (workload != null) {
      Workload w = Workload.named(workload);
      if (trainSamples != 0 && !w.takesTrainSamples()) {
        throw new IllegalArgumentException("--train-samples applies to the convolutional training workloads (cnn,"
            + " resnet); " + workload + (w.training() ? " trains on all 60,000 images, as torch_mlp.py does"
            : " does not train"));
      }
    }
    Path found = FashionMnist.locate(data).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR or set LAMINA_DATA"));
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, but was " + threads);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, but was " + rounds);
    }
    orDefault("--epochs", epochs);
    orDefault("--batch", batch);
    orDefault("--train-samples", trainSamples);
    orDefault("--infer-calls", inferCalls);
    orDefault("--infer-rounds", inferRounds);
    return new Options(workload != null ? workload : "all", threads, epochs, batch, trainSamples, inferCalls,
        inferRounds, seed, found, vsPyTorch, rounds, torchScript, torchThreads > 0 ? torchThreads : threads,
        torchBlasThreads, report);
  }

  /** A count that is 0 for the workload's default, or positive. */
  private static void orDefault(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be >= 1 (or 0 for the workload's default), but was " + value);
    }
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  static String run(Options o) {
    Workload w = Workload.named(o.workload());
    FashionMnist data = FashionMnist.load(o.data());
    return w.training() ? TrainingBench.run(o, w, data) : InferenceBench.run(o, w, data);
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

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  /** A JSON number, or null for NaN (no figure). */
  static String json(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "null";
  }

  /** The JVM and the matrix kernel, as the scripts' "env". */
  static String env() {
    return String.format(Locale.ROOT, "{\"java\": \"%s\", \"kernel\": \"%s\"}", System.getProperty("java.version"),
        MatMuls.best().name());
  }
}

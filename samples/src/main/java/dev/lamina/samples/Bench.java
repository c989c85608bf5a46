// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import dev.lamina.math.MatMuls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * {@code lamina bench}: the reference workloads of {@code shared/bench/README.md} ({@link Workload}),
 * measured the way its PyTorch scripts measure them ({@link TrainingBench}, {@link InferenceBench}),
 * and Lamina's serving from several client threads ({@link ServingBench}),
 * each run ending with a {@code RESULT {json}} line with the scripts' keys; side by side with
 * PyTorch ({@link PyTorchComparison}) or all of them into the performance page
 * ({@link PerformanceReport}).
 *
 * <pre>
 * bench --workload plain --threads 1 [--epochs 3] [--batch 256] [--seed 42] [--data DIR]
 * bench --workload cnn --threads 1 [--train-samples 12000] [--epochs 2]
 * bench --workload cnn-infer --threads 1 [--infer-calls 1000] [--infer-rounds 5]
 * bench --workload serve [--infer-calls 5000] [--infer-rounds 5]     (1, 2 and 16 client threads)
 * bench --workload plain --threads 2 --vs-pytorch [--rounds 3] [--torch-threads 1] [--torch-blas-threads 2]
 * bench --report docs/performance.md [--rounds 3]
 * </pre>
 */
public final class Bench {
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

  /** The options of a {@code lamina bench} command line (without "bench"), checked. */
  static Options parse(String[] args) {
    BenchCommand command = new BenchCommand();
    Args.install(new CommandLine(command)).parseArgs(args);
    return command.options();
  }

  static String run(Options o) {
    Workload w = Workload.named(o.workload());
    FashionMnist data = FashionMnist.load(o.data());
    return w.serving() != null ? ServingBench.run(o, w, data)
        : w.training() ? TrainingBench.run(o, w, data) : InferenceBench.run(o, w, data);
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

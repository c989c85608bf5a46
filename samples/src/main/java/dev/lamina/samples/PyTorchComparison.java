// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lamina bench --vs-pytorch}: runs a workload in Lamina and in its PyTorch script of
 * {@code shared/bench} ({@code torch_mlp.py} for the dense workloads, {@code torch_cnn.py} for the
 * convolutional ones, {@link Workload#script()}) alternately, {@code rounds} times each, each run in a
 * fresh process, with the same thread count and options, and prints both medians and their ratio. PyTorch comes from Debian's packages
 * ({@code apt-get install python3-torch python3-threadpoolctl}) and runs under {@code /usr/bin/python3}.
 * Training rows also report each process's peak resident memory: Lamina's from /proc (VmHWM), PyTorch's
 * from {@code getrusage} (ru_maxrss) by a wrapper around the unchanged script.
 */
final class PyTorchComparison {
  private static final Pattern NUMBER = Pattern.compile("\"%s\": ([-0-9.eE+]+|null|NaN)");
  /** Runs the script as its own __main__ and then prints the process's peak RSS (kB on Linux). */
  private static final String PEAK_RSS_WRAPPER = String.join("\n",
      "import resource, runpy, sys",
      "sys.argv = sys.argv[1:]",
      "try:",
      "    runpy.run_path(sys.argv[0], run_name='__main__')",
      "finally:",
      "    print('RESULT {\"peak_rss_mb\": %.1f}' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), flush=True)");

  private PyTorchComparison() {}

  /**
   * The medians over the rounds of one workload at one thread count. Training rows have NaN
   * latencies; inference rows have NaN accuracies, memory and allocation figures.
   *
   * @param lamina Lamina's samples/s (training, or batch inference: 1024 for infer, 256 for cnn-infer)
   * @param pytorch PyTorch's samples/s, same measure
   */
  record Comparison(String workload, int threads, String torchSetting, int rounds, double lamina, double pytorch,
      double laminaAccuracy, double pytorchAccuracy, double laminaPeakMb, double pytorchPeakMb,
      double laminaBytesPerBatch, double laminaLatencyUs, double pytorchLatencyUs) {

    double ratio() {
      return lamina / pytorch;
    }

    @Override
    public String toString() {
      String latency = Double.isNaN(laminaLatencyUs) ? "" : String.format(Locale.ROOT,
          "; batch 1: Lamina %.1f us vs PyTorch %.1f us per call", laminaLatencyUs, pytorchLatencyUs);
      return String.format(Locale.ROOT, "%s threads=%d (PyTorch %s): Lamina %,.0f vs PyTorch %,.0f samples/s"
          + " (medians of %d rounds): ratio %.2f%s", workload, threads, torchSetting, lamina, pytorch, rounds, ratio(),
          latency);
    }
  }

  static Comparison run(Bench.Options o) {
    Path script = script(o);
    String setting = o.torchThreads() + " torch + " + (o.torchBlasThreads() > 0 ? o.torchBlasThreads() : o.torchThreads())
        + " BLAS threads";
    List<Comparison> rounds = new ArrayList<>();
    for (int round = 1; round <= o.rounds(); round++) {
      Comparison c = round(o, setting, result(lamina(o), "Lamina"), result(pytorch(script, o), "PyTorch"));
      System.out.printf(Locale.ROOT, "round %d: Lamina %,.0f, PyTorch %,.0f samples/s%n", round, c.lamina(),
          c.pytorch());
      if (Double.isNaN(c.laminaLatencyUs())) {
        System.out.printf(Locale.ROOT, "         test accuracy: Lamina %.4f, PyTorch %.4f; peak RSS: Lamina %.0f MB,"
            + " PyTorch %.0f MB; Lamina allocated %.0f bytes per batch%n", c.laminaAccuracy(), c.pytorchAccuracy(),
            c.laminaPeakMb(), c.pytorchPeakMb(), c.laminaBytesPerBatch());
      } else {
        System.out.printf(Locale.ROOT, "         batch 1: Lamina %.1f us, PyTorch %.1f us per call%n",
            c.laminaLatencyUs(), c.pytorchLatencyUs());
      }
      rounds.add(c);
    }
    return new Comparison(o.workload(), o.threads(), setting, o.rounds(), median(rounds, Comparison::lamina),
        median(rounds, Comparison::pytorch), median(rounds, Comparison::laminaAccuracy),
        median(rounds, Comparison::pytorchAccuracy), median(rounds, Comparison::laminaPeakMb),
        median(rounds, Comparison::pytorchPeakMb), median(rounds, Comparison::laminaBytesPerBatch),
        median(rounds, Comparison::laminaLatencyUs), median(rounds, Comparison::pytorchLatencyUs));
  }

  /** One round's figures from the two RESULT lines (PyTorch's followed by the wrapper's peak RSS). */
  private static Comparison round(Bench.Options o, String setting, String mine, String theirs) {
    double nan = Double.NaN;
    Workload w = Workload.named(o.workload());
    String key = w.throughputKey();
    if (!w.training()) {
      return new Comparison(o.workload(), o.threads(), setting, 1, number(mine, key), number(theirs, key), nan, nan,
          nan, nan, nan, number(mine, "b1_us_per_call_median"), number(theirs, "b1_us_per_call_median"));
    }
    return new Comparison(o.workload(), o.threads(), setting, 1, number(mine, key), number(theirs, key),
        number(mine, "test_acc"), number(theirs, "test_acc"), number(mine, "peak_rss_mb"),
        number(theirs.substring(theirs.lastIndexOf("RESULT ")), "peak_rss_mb"), number(mine, "alloc_bytes_per_batch"),
        nan, nan);
  }

  /**
   * The workload's script: {@code --torch-script} when it names a file, the workload's script in the
   * folder it names, else in {@code ../shared/bench} (the checkout's sibling).
   */
  static Path script(Bench.Options o) {
    String name = Workload.named(o.workload()).script();
    Path given = o.torchScript();
    Path script = given == null ? Path.of("..", "shared", "bench", name)
        : Files.isDirectory(given) ? given.resolve(name) : given;
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException("the PyTorch benchmark script " + script.toAbsolutePath()
          + " was not found; pass --torch-script PATH (the script, or the folder that holds torch_mlp.py and"
          + " torch_cnn.py)");
    }
    return script;
  }

  /**
   * Lamina in a fresh JVM, as PyTorch runs in a fresh process: neither side inherits a warm runtime.
   * It gets the options the {@code lamina} launcher gives, the Vector API module and C2's raised trap
   * limit: without the limit, a fresh JVM training the {@code cnn} on 2 threads once boxed its
   * vectors for the whole run (136 MB allocated per batch, 0.74 of the round before's speed).
   */
  static List<String> lamina(Bench.Options o) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=10000", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "bench"));
    command.addAll(arguments(o));
    command.addAll(List.of("--threads", Integer.toString(o.threads())));
    return command;
  }

  private static List<String> pytorch(Path script, Bench.Options o) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", PEAK_RSS_WRAPPER, script.toString()));
    command.addAll(arguments(o));
    command.addAll(List.of("--threads", Integer.toString(o.torchThreads())));
    if (o.torchBlasThreads() > 0) {
      command.addAll(List.of("--blas-threads", Integer.toString(o.torchBlasThreads())));
    }
    return command;
  }

  /**
   * The options both sides take: the workload, its epochs (resolved, as the two scripts' defaults
   * differ), the seed and data, and the batch, training images and inference calls and rounds when
   * given (0 leaves each side at the workload's default, the same on both).
   */
  static List<String> arguments(Bench.Options o) {
    Workload w = Workload.named(o.workload());
    List<String> args = new ArrayList<>(List.of("--workload", o.workload(), "--epochs",
        Integer.toString(o.epochs() > 0 ? o.epochs() : w.epochs() > 0 ? w.epochs() : 1), "--seed",
        Long.toString(o.seed()), "--data", o.data().toString()));
    if (o.batch() > 0 && w.training()) {
      args.addAll(List.of("--batch", Integer.toString(o.batch())));
    }
    if (o.trainSamples() > 0 && w.takesTrainSamples()) {
      args.addAll(List.of("--train-samples", Integer.toString(o.trainSamples())));
    }
    if (o.inferCalls() > 0 && !w.training()) {
      args.addAll(List.of("--infer-calls", Integer.toString(o.inferCalls())));
    }
    if (o.inferRounds() > 0 && !w.training()) {
      args.addAll(List.of("--infer-rounds", Integer.toString(o.inferRounds())));
    }
    return args;
  }

  /** Runs a benchmark process and returns its RESULT lines (the benchmark's, then the wrapper's). */
  static String result(List<String> command, String who) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String result = null;
      StringBuilder output = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.append(line).append('\n');
          if (line.startsWith("RESULT ")) {
            result = result == null ? line : result + "\n" + line;
          }
        }
      }
      int exit = p.waitFor();
      if (exit != 0 || result == null) {
        throw new IllegalArgumentException("the " + who + " benchmark failed (exit " + exit + ")"
            + (who.equals("PyTorch") ? "; is PyTorch installed (apt-get install python3-torch python3-threadpoolctl)?" : "")
            + " Its output ended with: " + output.substring(Math.max(0, output.length() - 400)).strip());
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the " + who + " benchmark", e);
    }
  }

  /** The number of {@code key} in a RESULT line; NaN for null (no figure). */
  static double number(String json, String key) {
    Matcher m = Pattern.compile(String.format(NUMBER.pattern(), Pattern.quote(key))).matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no \"" + key + "\" in " + json);
    }
    String value = m.group(1);
    return value.equals("null") || value.equals("NaN") ? Double.NaN : Double.parseDouble(value);
  }

  private static double median(List<Comparison> rounds, ToDoubleFunction<Comparison> value) {
    return Bench.median(rounds.stream().mapToDouble(value).toArray());
  }
}

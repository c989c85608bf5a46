package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;

import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.math.MatMuls;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reference workloads of {@code shared/bench/README.md}, measured the way its PyTorch script
 * measures them: throughput = training samples / wall time of an epoch's training loop, median
 * over epochs 2..N, and test accuracy after the last epoch. The last line is
 * {@code RESULT {json}} with the script's keys.
 *
 * <pre>
 * bench --workload plain --threads 1 [--epochs 3] [--batch 256] [--seed 42] [--data DIR]
 * </pre>
 */
public final class Bench {
  private Bench() {}

  /** Parsed command-line options. */
  record Options(String workload, int threads, int epochs, int batch, long seed, Path data) {}

  static Options parse(String[] args) {
    String workload = null;
    int threads = 1;
    int epochs = 3;
    int batch = 0;
    long seed = 42;
    Path data = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--workload" -> workload = require(a, v);
        case "--threads" -> threads = Args.integer(a, require(a, v));
        case "--epochs" -> epochs = Args.integer(a, require(a, v));
        case "--batch" -> batch = Args.integer(a, require(a, v));
        case "--seed" -> seed = Args.longInteger(a, require(a, v));
        case "--data" -> data = Path.of(require(a, v));
        default -> throw new IllegalArgumentException("unknown option " + a
            + "; usage: bench --workload bn|plain|infer [--threads N] [--epochs N] [--batch N] [--seed N] [--data DIR]");
      }
      i++;
    }
    if (workload == null) {
      throw new IllegalArgumentException("--workload bn|plain|infer is required");
    }
    Path found = FashionMnist.locate(data).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR or set LAMINA_DATA"));
    return new Options(workload, threads, epochs, batch, seed, found);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  static String run(Options o) {
    if (!o.workload().equals("plain")) {
      throw new IllegalArgumentException("workload '" + o.workload()
          + "' needs batch normalization and Adam, which are not implemented yet; 'plain' is available");
    }
    if (o.threads() != 1) {
      System.out.println("note: Lamina trains on one thread for now; --threads " + o.threads() + " runs on 1");
    }
    FashionMnist data = FashionMnist.load(o.data());
    int batch = o.batch() > 0 ? o.batch() : 256;
    Sequential model = Network.sequential(o.seed(), input(28, 28),
        flatten(), dense(300, RELU), dense(100, RELU), dense(10));
    model.compile(Losses.sparseCategoricalCrossentropy(true),
        Optimizers.sgd().learningRate(0.01).build());
    int n = data.trainImages().samples();
    List<String> rows = new ArrayList<>();
    double[] rates = new double[o.epochs()];
    double testAcc = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      long t0 = System.nanoTime();
      double loss = model.fit(data.trainImages(), data.trainLabels(),
          FitOptions.defaults().epochs(1).batchSize(batch).seed(o.seed() + epoch).verbose(false)).last("loss");
      double seconds = (System.nanoTime() - t0) / 1e9;
      rates[epoch] = n / seconds;
      if (epoch == o.epochs() - 1) {
        model.compile(Losses.sparseCategoricalCrossentropy(true), Optimizers.sgd().build(), Metrics.accuracy());
        testAcc = model.evaluate(data.testImages(), data.testLabels(), 1024).get("accuracy");
      }
      System.out.printf(Locale.ROOT, "epoch %d: %.3f s  %,.0f samples/s  loss %.4f%s%n", epoch + 1, seconds,
          rates[epoch], loss, epoch == o.epochs() - 1 ? String.format(Locale.ROOT, "  test_acc %.4f", testAcc) : "");
      rows.add(String.format(Locale.ROOT,
          "{\"epoch\": %d, \"seconds\": %.4f, \"samples_per_s\": %.1f, \"train_loss\": %.6f, \"test_acc\": %s}",
          epoch + 1, seconds, rates[epoch], loss, epoch == o.epochs() - 1 ? String.format(Locale.ROOT, "%.4f", testAcc) : "null"));
    }
    double[] later = o.epochs() > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates;
    Arrays.sort(later);
    double median = later.length % 2 == 1 ? later[later.length / 2]
        : (later[later.length / 2 - 1] + later[later.length / 2]) / 2;
    System.out.printf(Locale.ROOT, "%s threads=%d: median %,.0f samples/s, test_acc %.4f%n", o.workload(), o.threads(),
        median, testAcc);
    return String.format(Locale.ROOT,
        "RESULT {\"workload\": \"%s\", \"threads\": %d, \"batch\": %d, \"epochs\": %d, \"samples_per_s_median\": %.1f,"
            + " \"samples_per_s_min\": %.1f, \"samples_per_s_max\": %.1f, \"test_acc\": %.4f, \"epochs_detail\": [%s],"
            + " \"env\": {\"java\": \"%s\", \"kernel\": \"%s\"}}",
        o.workload(), o.threads(), batch, o.epochs(), median, later[0], later[later.length - 1], testAcc,
        String.join(", ", rows), System.getProperty("java.version"), MatMuls.best().name());
  }
}

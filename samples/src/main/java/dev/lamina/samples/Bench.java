package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;

import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.math.MatMuls;
import dev.lamina.initializers.Initializers;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
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
 * </pre>
 */
public final class Bench {
  private Bench() {}

  /** Parsed command-line options. */
  record Options(String workload, int threads, int epochs, int batch, long seed, Path data, boolean vsPyTorch,
      int rounds, @Nullable Path torchScript) {}

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
        default -> throw new IllegalArgumentException("unknown option " + a + "; usage: bench --workload bn|plain|infer"
            + " [--threads N] [--epochs N] [--batch N] [--seed N] [--data DIR] [--vs-pytorch [--rounds N] [--torch-script PATH]]");
      }
      i++;
    }
    if (workload == null) {
      throw new IllegalArgumentException("--workload bn|plain|infer is required");
    }
    Path found = FashionMnist.locate(data).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR or set LAMINA_DATA"));
    return new Options(workload, threads, epochs, batch, seed, found, vsPyTorch, rounds, torchScript);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  static String run(Options o) {
    if (o.threads() != 1) {
      System.out.println("note: Lamina trains on one thread for now; --threads " + o.threads() + " runs on 1");
    }
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
    List<String> rows = new ArrayList<>();
    double[] rates = new double[o.epochs()];
    double testAcc = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      long t0 = System.nanoTime();
      double loss = model.fit(data.trainImages(), data.trainLabels(),
          FitOptions.defaults().epochs(1).batchSize(batch).seed(o.seed() + epoch).verbose(false)).last("loss");
      double seconds = (System.nanoTime() - t0) / 1e9;
      rates[epoch] = n / seconds;
      boolean last = epoch == o.epochs() - 1;
      if (last) {
        testAcc = accuracy(model.predict(data.testImages(), 1024), data.testLabels());
      }
      String acc = last ? String.format(Locale.ROOT, "%.4f", testAcc) : "null";
      System.out.printf(Locale.ROOT, "epoch %d: %.3f s  %,.0f samples/s  loss %.4f%s%n", epoch + 1, seconds,
          rates[epoch], loss, last ? "  test_acc " + acc : "");
      rows.add(String.format(Locale.ROOT,
          "{\"epoch\": %d, \"seconds\": %.4f, \"samples_per_s\": %.1f, \"train_loss\": %.6f, \"test_acc\": %s}",
          epoch + 1, seconds, rates[epoch], loss, acc));
    }
    double[] later = o.epochs() > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates.clone();
    double median = median(later);
    System.out.printf(Locale.ROOT, "%s threads=%d: median %,.0f samples/s, test_acc %.4f%n", o.workload(), o.threads(),
        median, testAcc);
    return String.format(Locale.ROOT,
        "RESULT {\"workload\": \"%s\", \"threads\": %d, \"batch\": %d, \"epochs\": %d, \"samples_per_s_median\": %.1f,"
            + " \"samples_per_s_min\": %.1f, \"samples_per_s_max\": %.1f, \"test_acc\": %.4f, \"epochs_detail\": [%s],"
            + " \"env\": %s}",
        o.workload(), o.threads(), batch, o.epochs(), median, min(later), max(later), testAcc,
        String.join(", ", rows), env());
  }

  /** W3: the bn model in inference; batch 1 latency over the test images and batch 1024 throughput. */
  private static String infer(Options o, FashionMnist data) {
    Sequential model = bnModel(o.seed());
    Tensor test = data.testImages();
    int rounds = 7;
    int calls = 5000;
    Tensor[] singles = new Tensor[10_000];
    for (int i = 0; i < singles.length; i++) {
      singles[i] = test.rows(i, i + 1);
    }
    for (int i = 0; i < 2000; i++) {
      model.predict(singles[i % 10_000], 1);
    }
    double[] latency = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        model.predict(singles[i % 10_000], 1);
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
        model.predict(b, batch);
      }
    }
    double[] throughput = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      int count = 0;
      for (int pass = 0; pass < 3; pass++) {
        for (Tensor b : batches) {
          model.predict(b, batch);
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

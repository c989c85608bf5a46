// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.dropout;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.constraints.Constraints;
import dev.lamina.dsl.Network;
import dev.lamina.layers.Dense;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metric;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.MonteCarloPrediction;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.regularizers.Regularizers;
import dev.lamina.samples.plots.Labels;
import dev.lamina.samples.plots.Plots;
import dev.lamina.samples.plots.Scale;
import dev.lamina.samples.plots.Series;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Regularization: the same over-sized network (two hidden layers of 300 ELU units, He
 * initialization, Nadam) trained plainly, with early stopping (patience 3, best weights restored),
 * with an L2 penalty of 0.01 on the kernels and with dropout 0.2 before each dense layer (the
 * chapter's {@code l2(0.01)} and dropout rate), and with max-norm constraints of 1 (the chapter's
 * {@code max_norm(1.)}); then MC dropout. The variants are compared on the validation
 * cross-entropy (the data loss, without the L2 penalty, which Keras adds to {@code val_loss}
 * and which would make the L2 variant's loss look worse than it is) and accuracy, by epoch on one
 * plot; each printed line reports the epoch whose weights the model keeps (for early stopping, the
 * restored one, not the last one trained). MC dropout (Gal &amp; Ghahramani, 2016): 100
 * stochastic passes through the dropout network give each test image a mean probability and its
 * standard deviation, an estimate of the model's uncertainty.
 */
public final class Regularization {
  private Regularization() {}

  /** MC dropout on one test image: predicted class, its mean probability and standard deviation, the true class. */
  public record Uncertainty(int predicted, double probability, double standardDeviation, int label) {}

  /** Validation losses and test accuracy by variant, the MC-dropout estimates, the plot. */
  public record Result(Map<String, List<Double>> validationLosses, Map<String, Double> testAccuracy,
      List<Uncertainty> monteCarlo, int earlyStoppingEpochs, int restoredEpoch, Path plot) {}

  /** The variants, in order. */
  static final List<String> VARIANTS = List.of("plain", "early stopping", "L2 0.01", "dropout 0.2", "max-norm 1");

  /**
   * The data loss as a metric: the mean sparse cross-entropy of the predicted probabilities
   * (clipped at 1e-7, as Keras), without any regularization penalty.
   */
  static final Metric CROSS_ENTROPY = Metric.of("crossentropy", (p, y) -> {
    double sum = 0;
    for (int r = 0; r < p.rows(); r++) {
      sum -= Math.log(Math.max(p.get(r, (int) y.get(r, 0)), 1e-7));
    }
    return sum;
  });

  public static Result run(SampleData data, int epochs, long seed, Path plots) {
    Map<String, List<Double>> validation = new LinkedHashMap<>();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    List<Series> series = new ArrayList<>();
    EarlyStopping early = EarlyStopping.builder().patience(3).restoreBestWeights(true).build();
    int earlyEpochs = 0;
    int restored = 0;
    Sequential dropoutModel = null;
    System.out.println("  validation cross-entropy (no penalty) and accuracy of the epoch whose weights are kept:");
    for (String variant : VARIANTS) {
      Sequential model = switch (variant) {
        case "L2 0.01" -> network(data, seed, d -> d.kernelRegularizer(Regularizers.l2(0.01)), 0);
        case "dropout 0.2" -> network(data, seed, d -> d, 0.2);
        case "max-norm 1" -> network(data, seed, d -> d.kernelConstraint(Constraints.maxNorm(1)), 0);
        default -> network(data, seed, d -> d, 0);
      };
      model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.nadam().build(), Metrics.accuracy(),
          CROSS_ENTROPY);
      FitOptions options = FitOptions.defaults().epochs(epochs).seed(seed).verbose(false).validationSplit(0.2);
      History h = model.fit(data.trainImages(), data.trainLabels(),
          variant.equals("early stopping") ? options.callbacks(early) : options);
      double acc = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
      // The epoch (0-based) whose weights the model now has: early stopping restores its best one.
      int kept = h.epochs() - 1;
      if (variant.equals("early stopping")) {
        earlyEpochs = h.epochs();
        kept = early.bestEpoch();
        restored = kept + 1;
      }
      if (variant.startsWith("dropout")) {
        dropoutModel = model;
      }
      List<Double> crossEntropy = h.get("val_crossentropy");
      validation.put(variant, crossEntropy);
      accuracy.put(variant, acc);
      series.add(Series.byEpoch(variant, crossEntropy));
      System.out.printf(Locale.ROOT, "  %-15s %2d epochs, kept epoch %2d: validation cross-entropy %.4f, accuracy %.3f "
          + "(lowest cross-entropy %.4f); test accuracy %.3f%s%n", variant, h.epochs(), kept + 1,
          crossEntropy.get(kept), h.get("val_accuracy").get(kept),
          crossEntropy.stream().mapToDouble(v -> v).min().orElse(Double.NaN), acc,
          variant.equals("early stopping") ? (early.stoppedEpoch() >= 0 ? " (stopped early; best weights restored)"
              : " (ran all epochs; best weights restored)") : "");
    }
    series.add(new Series("early stopping: restored epoch " + restored, new double[] {restored},
        new double[] {validation.get("early stopping").get(restored - 1)}));
    Path plot = Plots.curves(SampleSupport.file(plots, "regularization.png"),
        new Labels("Regularization: validation cross-entropy (without the L2 penalty)", "epoch",
            "validation cross-entropy"), series, Scale.LINEAR);
    List<Uncertainty> mc = monteCarlo(dropoutModel, data, 5);
    System.out.println("  plot: " + plot);
    return new Result(validation, accuracy, mc, earlyEpochs, restored, plot);
  }

  private static Sequential network(SampleData data, long seed, UnaryOperator<Dense.Builder> regularize,
      double dropoutRate) {
    List<dev.lamina.layers.LayerSpec> layers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      if (dropoutRate > 0) {
        layers.add(dropout(dropoutRate));
      }
      layers.add(regularize.apply(dense(300, ELU).kernelInitializer(heNormal())));
    }
    if (dropoutRate > 0) {
      layers.add(dropout(dropoutRate));
    }
    layers.add(dense(data.classes(), SOFTMAX));
    return Network.sequential(seed, input(data.features()), layers);
  }

  /** MC dropout on the first {@code n} test images: 100 passes, the top class's mean probability and its std. */
  static List<Uncertainty> monteCarlo(Sequential model, SampleData data, int n) {
    Tensor x = data.testImages().rows(0, n);
    MonteCarloPrediction p = model.predictMonteCarlo(x, 100);
    int classes = p.mean().dim(1);
    List<Uncertainty> result = new ArrayList<>();
    System.out.println("  MC dropout, 100 passes (mean probability ± std of the predicted class):");
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (p.mean().get(i, c) > p.mean().get(i, best)) {
          best = c;
        }
      }
      Uncertainty u = new Uncertainty(best, p.mean().get(i, best), p.standardDeviation().get(i, best),
          (int) data.testLabels().get(i));
      result.add(u);
      System.out.printf(Locale.ROOT, "    image %d: class %d with p = %.3f ± %.3f (true class %d)%n", i, u.predicted(),
          u.probability(), u.standardDeviation(), u.label());
    }
    return result;
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 20, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.callbacks.TerminateOnNaN;
import dev.lamina.dsl.Network;
import dev.lamina.layers.LayerSpec;
import dev.lamina.losses.Losses;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Labels;
import dev.lamina.samples.plots.Plots;
import dev.lamina.samples.plots.Scale;
import dev.lamina.samples.plots.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gradient clipping against exploding gradients: a deep ReLU network trained by SGD with a high
 * learning rate and momentum, without clipping, with {@code clipNorm} (each gradient tensor's norm
 * capped) and with {@code globalClipNorm} (the norm of all gradients together capped, which keeps
 * their direction). Training loss per batch, averaged over windows, on one plot; a run that
 * diverges ends there, with a marker and the label "diverged at batch N".
 */
public final class GradientClipping {
  /** A loss above this (10 times ln 10, the loss of a uniform guess over 10 classes) counts as diverged. */
  static final double DIVERGED = 10 * Math.log(10);

  private GradientClipping() {}

  /** Per-batch training losses of each variant (a diverged run ends early with a non-finite loss), and the plot. */
  public record Result(Map<String, List<Double>> batchLosses, Path plot) {
    /** The mean of the last {@code n} batch losses of a variant (infinite if it diverged). */
    public double finalLoss(String variant, int n) {
      List<Double> l = batchLosses.get(variant);
      double sum = 0;
      for (int i = Math.max(0, l.size() - n); i < l.size(); i++) {
        sum += l.get(i);
      }
      return Double.isFinite(sum) ? sum / Math.min(n, l.size()) : Double.POSITIVE_INFINITY;
    }

    /** The first batch (1-based) whose loss was not finite or above {@link #DIVERGED}, or 0 if none. */
    public int divergedAtBatch(String variant) {
      return firstDivergedBatch(batchLosses.get(variant));
    }
  }

  static int firstDivergedBatch(List<Double> losses) {
    for (int i = 0; i < losses.size(); i++) {
      if (!(losses.get(i) <= DIVERGED)) {
        return i + 1;
      }
    }
    return 0;
  }

  public static Result run(SampleData data, int hiddenLayers, double learningRate, int epochs, long seed, Path plots) {
    SampleData standardized = data.standardized();
    Map<String, Optimizer> variants = new LinkedHashMap<>();
    variants.put("no clipping", Optimizers.sgd().learningRate(learningRate).momentum(0.9).build());
    variants.put("clipNorm 1", Optimizers.sgd().learningRate(learningRate).momentum(0.9).clipNorm(1).build());
    variants.put("globalClipNorm 1",
        Optimizers.sgd().learningRate(learningRate).momentum(0.9).globalClipNorm(1).build());
    Map<String, List<Double>> losses = new LinkedHashMap<>();
    List<Series> series = new ArrayList<>();
    int window = Math.max(1, standardized.trainImages().samples() / FitOptions.DEFAULT_BATCH_SIZE / 5);
    variants.forEach((name, optimizer) -> {
      List<LayerSpec> layers = new ArrayList<>();
      for (int i = 0; i < hiddenLayers; i++) {
        layers.add(dense(100, RELU).kernelInitializer(heNormal()));
      }
      layers.add(dense(standardized.classes(), SOFTMAX));
      Sequential model = Network.sequential(seed, input(standardized.features()), layers);
      model.compile(Losses.sparseCategoricalCrossentropy(), optimizer);
      List<Double> batchLosses = new ArrayList<>();
      model.fit(standardized.trainImages(), standardized.trainLabels(), FitOptions.defaults().epochs(epochs).seed(seed)
          .verbose(false).callbacks(SampleSupport.recordBatchLosses(batchLosses), new TerminateOnNaN()));
      losses.put(name, batchLosses);
      int diverged = firstDivergedBatch(batchLosses);
      Series curve = SampleSupport.smoothedByStep(name, batchLosses, window, DIVERGED);
      series.add(curve);
      if (diverged > 0) {
        // The curve stops at its last full window before the divergence: mark the batch there.
        double[] y = curve.y();
        double at = Double.isFinite(y[y.length - 1]) ? y[y.length - 1] : 0;
        series.add(new Series(name + ": diverged at batch " + diverged, new double[] {diverged}, new double[] {at}));
      }
    });
    Path plot = Plots.curves(SampleSupport.file(plots, "gradient-clipping.png"),
        new Labels("Gradient clipping: " + hiddenLayers + " ReLU layers, SGD lr " + learningRate + " momentum 0.9",
            "batch", "training loss (mean over " + window + " batches)"), series, Scale.LINEAR);
    Result result = new Result(losses, plot);
    losses.keySet().forEach(name -> System.out.printf(Locale.ROOT, "  %-17s final loss %.4f%s%n", name,
        result.finalLoss(name, window), result.divergedAtBatch(name) > 0
            ? " (diverged at batch " + result.divergedAtBatch(name) + " of " + epochs * stepsPerEpoch(standardized) + ")"
            : ""));
    System.out.println("  plot: " + plot);
    return result;
  }

  private static int stepsPerEpoch(SampleData data) {
    return (data.trainImages().samples() + FitOptions.DEFAULT_BATCH_SIZE - 1) / FitOptions.DEFAULT_BATCH_SIZE;
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 12, 0.05, 5, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

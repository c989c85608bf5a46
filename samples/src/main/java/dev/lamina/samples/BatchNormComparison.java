// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.callbacks.Callback;
import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Labels;
import dev.lamina.samples.plots.Plots;
import dev.lamina.samples.plots.Scale;
import dev.lamina.samples.plots.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chapter's batch-normalization experiment: the same 300-100-10 ELU network (He
 * initialization) with and without batch normalization (after the input and after each hidden
 * layer, as the chapter's first BN model) on Fashion-MNIST, batch 32, trained by the same optimizer
 * at the same rate, so that batch normalization is the only difference: SGD at Keras' default rate
 * 0.01 (Keras' {@code optimizer="sgd"}), no momentum. Each network is trained by one {@code fit}
 * with the test images as validation data; the training loss per batch (averaged over windows)
 * goes to {@code batch-norm.png}, and each epoch prints one line.
 */
public final class BatchNormComparison {
  /** The learning rate of both networks. */
  static final double LEARNING_RATE = 0.01;

  private BatchNormComparison() {}

  /** Test accuracy after each epoch, and the training loss of each batch. */
  public record Curve(String name, List<Double> testAccuracy, List<Double> batchLosses) {}

  /** Both curves (with batch normalization first) and the plot. */
  public record Result(List<Curve> curves, Path plot) {}

  public static Result run(FashionMnist data, int epochs, long seed, Path plots) {
    Sequential withBn = Network.sequential(seed, input(28, 28), flatten(), batchNormalization(),
        dense(300, ELU).kernelInitializer(heNormal()), batchNormalization(),
        dense(100, ELU).kernelInitializer(heNormal()), batchNormalization(), dense(10, SOFTMAX));
    Sequential plain = Network.sequential(seed, input(28, 28), flatten(),
        dense(300, ELU).kernelInitializer(heNormal()), dense(100, ELU).kernelInitializer(heNormal()),
        dense(10, SOFTMAX));
    System.out.print(withBn.summary());
    System.out.printf(Locale.ROOT, "  both networks: SGD, learning rate %s, batch %d, %d training images, %d epochs%n",
        LEARNING_RATE, FitOptions.DEFAULT_BATCH_SIZE, data.trainImages().samples(), epochs);
    List<Curve> curves = List.of(train("with batch norm", withBn, data, epochs, seed),
        train("without batch norm", plain, data, epochs, seed));
    int window = Math.max(1, data.trainImages().samples() / FitOptions.DEFAULT_BATCH_SIZE / 10);
    List<Series> series = new ArrayList<>();
    for (Curve c : curves) {
      series.add(SampleSupport.smoothedByStep(c.name() + String.format(Locale.ROOT, " (test accuracy %.3f)",
          c.testAccuracy().get(c.testAccuracy().size() - 1)), c.batchLosses(), window, Double.POSITIVE_INFINITY));
    }
    Path plot = Plots.curves(SampleSupport.file(plots, "batch-norm.png"),
        new Labels("Batch normalization: 300-100-10 ELU, SGD lr " + LEARNING_RATE, "batch",
            "training loss (mean over " + window + " batches)"), series, Scale.LINEAR);
    System.out.println("  plot: " + plot);
    return new Result(curves, plot);
  }

  private static Curve train(String name, Sequential model, FashionMnist data, int epochs, long seed) {
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(LEARNING_RATE).build(),
        Metrics.accuracy());
    List<Double> batchLosses = new ArrayList<>();
    Callback perEpoch = Callback.onEpochEnd(e -> System.out.printf(Locale.ROOT,
        "  %-18s epoch %d/%d: train loss %.4f, test accuracy %.4f%n", name, e.epoch() + 1, epochs, e.loss(),
        e.get("val_accuracy")));
    History h = model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(epochs).seed(seed)
        .verbose(false).validationData(data.testImages(), data.testLabels())
        .callbacks(SampleSupport.recordBatchLosses(batchLosses), perEpoch));
    return new Curve(name, h.get("val_accuracy"), batchLosses);
  }

  public static void main(String[] args) {
    Path folder = FashionMnist.locate(args.length > 0 ? Path.of(args[0]) : null).orElseThrow(
        () -> new IllegalArgumentException("Fashion-MNIST not found: pass its folder or set LAMINA_DATA"));
    run(FashionMnist.load(folder), 3, 42, Path.of(args.length > 1 ? args[1] : "plots"));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.activation;
import static dev.lamina.dsl.Layers.add;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;

import dev.lamina.callbacks.TrainingDiagnostics;
import dev.lamina.callbacks.TrainingDiagnostics.LayerStats;
import dev.lamina.dsl.Network;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Labels;
import dev.lamina.samples.plots.Plots;
import dev.lamina.samples.plots.Scale;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Residual connections, the fix for vanishing gradients that came after the chapter (He et al.,
 * 2016, https://arxiv.org/abs/1512.03385): a plain MLP of {@code depth} hidden ReLU layers and a
 * residual MLP of the same layers, where every two layers add their input back
 * ({@code h ← relu(h + W₂·relu(W₁·h))}), same width, He initialization, the same SGD. Each is
 * trained while {@link TrainingDiagnostics} records every layer's gradient; the chart shows the
 * gradient per weight by depth and the learning curves.
 *
 * <p>What to expect: in the plain network the gradient of the first layers is orders of magnitude
 * smaller than the last one's and the loss barely moves at first; the skip connections carry the
 * gradient straight down, so the residual network trains from the first epoch.
 */
public final class ResidualNetworks {
  private ResidualNetworks() {}

  /** One network's learning curves, its per-layer gradient RMS (last epoch) and test accuracy. */
  public record Run(String name, History history, List<String> layers, double[] gradientRms, double testAccuracy) {
    /** The first hidden layer's gradient RMS per weight over the last one's. */
    public double firstToLastGradientRatio() {
      return gradientRms[0] / gradientRms[gradientRms.length - 2];
    }
  }

  /** Both runs and the two charts. */
  public record Result(Run plain, Run residual, Path gradients, Path curves) {}

  public static Result run(SampleData data, int depth, int width, int epochs, long seed, Path plots) {
    if (depth < 2 || depth % 2 != 0) {
      throw new IllegalArgumentException("ResidualNetworks: depth must be an even number >= 2, but was " + depth);
    }
    SampleData standardized = data.standardized();
    Run plain = train("plain", plain(standardized, depth, width, seed), standardized, epochs, seed);
    Run residual = train("residual", residual(standardized, depth, width, seed), standardized, epochs, seed);
    Map<String, double[]> rms = new LinkedHashMap<>();
    for (Run r : List.of(plain, residual)) {
      double[] floor = r.gradientRms().clone();
      for (int i = 0; i < floor.length; i++) {
        floor[i] = Math.max(floor[i], 1e-12); // a zero gradient cannot be drawn on a log axis
      }
      rms.put(r.name(), floor);
    }
    Path gradients = Plots.perLayer(SampleSupport.file(plots, "residual-gradients.png"),
        new Labels("Gradient per weight, " + depth + " hidden layers of " + width + " (SGD, epoch " + epochs + ")",
            "layer", "gradient RMS per weight"), plain.layers(), rms, Scale.LOG);
    Map<String, List<Double>> curves = new LinkedHashMap<>();
    for (Run r : List.of(plain, residual)) {
      curves.put(r.name() + " loss", r.history().get("loss"));
      curves.put(r.name() + " val_accuracy", r.history().get("val_accuracy"));
    }
    Path learning = Plots.learningCurves(curves, SampleSupport.file(plots, "residual-learning-curves.png"));
    for (Run r : List.of(plain, residual)) {
      System.out.printf(Locale.ROOT, "  %-9s first/last hidden layer gradient %9.2e   final loss %.4f   test accuracy %.3f%n",
          r.name(), r.firstToLastGradientRatio(), r.history().last("loss"), r.testAccuracy());
    }
    System.out.println("  plots: " + gradients + ", " + learning);
    return new Result(plain, residual, gradients, learning);
  }

  /** {@code depth} hidden ReLU layers, one after the other. */
  static Model plain(SampleData data, int depth, int width, long seed) {
    Input x = input(data.features());
    SymbolicTensor h = x;
    for (int i = 0; i < depth; i++) {
      h = dense(width, RELU).kernelInitializer(Initializers.heNormal()).apply(h);
    }
    return Network.model(seed, x, dense(data.classes(), SOFTMAX).apply(h));
  }

  /**
   * The same {@code depth} hidden layers in blocks of two whose input is added back: the first
   * layer maps the input to the width, then each block computes {@code relu(h + W₂·relu(W₁·h))}.
   * W₂ starts at zero, so each block starts as the identity (Goyal et al., 2017, "zero γ";
   * Zhang et al., 2019, Fixup): with He-initialised W₂ each of the 24 blocks would double the
   * variance of h, and without batch normalisation the activations overflow (measured: NaN loss
   * from the first epoch).
   */
  static Model residual(SampleData data, int depth, int width, long seed) {
    Input x = input(data.features());
    SymbolicTensor h = dense(width, RELU).kernelInitializer(Initializers.heNormal()).apply(x);
    for (int i = 1; i + 1 < depth; i += 2) {
      SymbolicTensor r = dense(width, RELU).kernelInitializer(Initializers.heNormal()).apply(h);
      r = dense(width).kernelInitializer(Initializers.zeros()).apply(r); // each block starts as the identity
      h = activation(RELU).apply(add().apply(h, r));
    }
    h = dense(width, RELU).kernelInitializer(Initializers.heNormal()).apply(h);
    return Network.model(seed, x, dense(data.classes(), SOFTMAX).apply(h));
  }

  private static Run train(String name, Model model, SampleData data, int epochs, long seed) {
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.01).build(), Metrics.accuracy());
    TrainingDiagnostics diagnostics = new TrainingDiagnostics();
    History history = model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(epochs).seed(seed)
        .validationSplit(0.1).verbose(false).callbacks(diagnostics));
    double accuracy = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    List<String> names = new ArrayList<>();
    List<Double> rms = new ArrayList<>();
    int hidden = 0;
    for (LayerStats l : diagnostics.epochs().get(diagnostics.epochs().size() - 1).layers()) {
      if (model.get(l.layer()).parameters().isEmpty()) {
        continue; // no kernel: an Activation layer
      }
      int weights = model.get(l.layer()).parameters().get(0).size();
      rms.add(l.gradientNorm() / Math.sqrt(weights));
      names.add("dense " + ++hidden);
    }
    names.set(names.size() - 1, "output");
    System.out.printf(Locale.ROOT, "  %s: %d dense layers, loss by epoch %s%n", name, names.size(),
        history.get("loss").stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
    return new Run(name, history, names, rms.stream().mapToDouble(Double::doubleValue).toArray(), accuracy);
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 50, 64, 5, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

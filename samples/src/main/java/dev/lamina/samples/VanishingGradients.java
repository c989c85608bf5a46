// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SELU;
import static dev.lamina.activations.Activations.SIGMOID;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;

import dev.lamina.activations.Activation;
import dev.lamina.callbacks.TrainingDiagnostics;
import dev.lamina.callbacks.TrainingDiagnostics.LayerStats;
import dev.lamina.dsl.Network;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.LayerSpec;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
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
 * Vanishing gradients (the chapter's first section): the same deep network (≥ 10 hidden layers)
 * with sigmoid activations and N(0, 1) weights, as in the 1990s, then with He initialization and
 * ReLU (whose units can die) or ELU, then with LeCun initialization and SELU (on standardized
 * inputs, which SELU's self-normalization needs). Each is trained with plain SGD while {@link TrainingDiagnostics}
 * records each layer's gradient norm and the fractions of dead and saturated units.
 *
 * <p>The chart and the tables show the RMS of the kernel gradient per weight, its L2 norm divided
 * by √(number of weights): the L2 norm grows with the size of the kernel, so the first layer's
 * (features × units weights, e.g. 784 × 100) would look larger than the 100 × 100 layers above it
 * by about √(fan-in ratio) = 2.8 for Fashion-MNIST even if each of its weights got the same gradient.
 */
public final class VanishingGradients {
  private VanishingGradients() {}

  /**
   * One network's diagnostics (last epoch), the number of weights of each layer's kernel (in the
   * order of {@code layers}) and test accuracy.
   */
  public record Run(String name, List<LayerStats> layers, List<Integer> kernelSizes, double testAccuracy) {
    /** The RMS per weight of layer {@code i}'s kernel gradient: its L2 norm / √(number of weights). */
    public double gradientRms(int i) {
      return layers.get(i).gradientNorm() / Math.sqrt(kernelSizes.get(i));
    }

    /** The RMS per weight of the first hidden layer's kernel gradient. */
    public double firstLayerGradientRms() {
      return gradientRms(0);
    }

    /** The mean over the layers where it applies (NaN if none): dead fraction of ReLU units. */
    public double meanDeadFraction() {
      return layers.stream().mapToDouble(LayerStats::deadFraction).filter(v -> !Double.isNaN(v)).average()
          .orElse(Double.NaN);
    }

    /** The mean over the layers where it applies (NaN if none): saturated fraction of sigmoid/tanh units. */
    public double meanSaturatedFraction() {
      return layers.stream().mapToDouble(LayerStats::saturatedFraction).filter(v -> !Double.isNaN(v)).average()
          .orElse(Double.NaN);
    }
  }

  /** The four runs and the per-layer gradient plot. */
  public record Result(List<Run> runs, Path plot) {}

  public static Result run(SampleData data, int hiddenLayers, int units, int epochs, long seed, Path plots) {
    SampleData standardized = data.standardized();
    List<Run> runs = List.of(
        train("sigmoid, N(0,1)", SIGMOID, Initializers.randomNormal(0, 1), standardized, hiddenLayers, units, epochs, seed),
        train("ReLU, He", RELU, Initializers.heNormal(), standardized, hiddenLayers, units, epochs, seed),
        train("ELU, He", ELU, Initializers.heNormal(), standardized, hiddenLayers, units, epochs, seed),
        train("SELU, LeCun", SELU, Initializers.lecunNormal(), standardized, hiddenLayers, units, epochs, seed));
    List<String> layerNames = new ArrayList<>();
    for (int i = 1; i <= hiddenLayers; i++) {
      layerNames.add("hidden " + i);
    }
    layerNames.add("output");
    Map<String, double[]> rms = new LinkedHashMap<>();
    for (Run r : runs) {
      // A gradient of exactly 0 cannot be drawn on a log axis; show it at the float32 floor.
      rms.put(r.name(), java.util.stream.IntStream.range(0, r.layers().size())
          .mapToDouble(i -> Math.max(r.gradientRms(i), 1e-12)).toArray());
    }
    Path plot = Plots.perLayer(SampleSupport.file(plots, "vanishing-gradients.png"),
        new Labels("Gradient per weight, " + hiddenLayers + " hidden layers (SGD, epoch " + epochs + ")",
            "layer", "gradient RMS per weight"), layerNames, rms, Scale.LOG);
    System.out.println("  first hidden layer's gradient RMS per weight, mean dead (ReLU) and saturated (sigmoid) units:");
    for (Run r : runs) {
      System.out.printf(Locale.ROOT, "    %-16s %10.3e   dead %6s   saturated %6s   test accuracy %.3f%n", r.name(),
          r.firstLayerGradientRms(), percent(r.meanDeadFraction()), percent(r.meanSaturatedFraction()),
          r.testAccuracy());
    }
    System.out.println("  plot: " + plot);
    return new Result(runs, plot);
  }

  private static Run train(String name, Activation activation, Initializer init, SampleData data, int hiddenLayers,
      int units, int epochs, long seed) {
    List<LayerSpec> layers = new ArrayList<>();
    for (int i = 0; i < hiddenLayers; i++) {
      layers.add(dense(units, activation).kernelInitializer(init));
    }
    layers.add(dense(data.classes(), SOFTMAX));
    Sequential model = Network.sequential(seed, input(data.features()), layers);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.01).build(),
        Metrics.accuracy());
    TrainingDiagnostics diagnostics = new TrainingDiagnostics();
    model.fit(data.trainImages(), data.trainLabels(),
        FitOptions.defaults().epochs(epochs).seed(seed).verbose(false).callbacks(diagnostics));
    double accuracy = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    List<LayerStats> stats = diagnostics.epochs().get(diagnostics.epochs().size() - 1).layers();
    List<Integer> sizes = model.layers().stream().filter(l -> !l.parameters().isEmpty())
        .map(l -> l.parameters().get(0).size()).toList();
    Run run = new Run(name, stats, sizes, accuracy);
    System.out.println("  " + name + ":");
    System.out.printf(Locale.ROOT, "    %-10s %8s %16s %8s %11s%n", "layer", "weights", "gradient RMS", "dead",
        "saturated");
    for (int i = 0; i < stats.size(); i++) {
      LayerStats l = stats.get(i);
      System.out.printf(Locale.ROOT, "    %-10s %8d %16.3e %8s %11s%n", l.layer(), sizes.get(i), run.gradientRms(i),
          percent(l.deadFraction()), percent(l.saturatedFraction()));
    }
    return run;
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 12, 64, 3, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

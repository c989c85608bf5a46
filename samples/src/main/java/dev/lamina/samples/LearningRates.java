// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.callbacks.LearningRateCurve;
import dev.lamina.callbacks.LearningRateFinder;
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
import dev.lamina.schedules.LearningRateSchedule;
import dev.lamina.schedules.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Learning rates: the LR finder (train {@value #FINDER_STEPS} batches while the rate grows
 * exponentially from 1e-4 to 10, plot the loss against the rate on a log axis, and take a tenth of
 * the rate at which the smoothed loss is lowest, the chapter's rule of thumb), then SGD with
 * momentum under that constant rate and three schedules built around it (exponential, piecewise
 * constant, 1cycle). The rate where the smoothed loss falls fastest (fastai's rule) is printed and
 * marked on the chart too, but not used.
 *
 * <p>The loss is smoothed by an exponential moving average with factor {@value #SMOOTHING}, which
 * averages about 10 batches: fastai's 0.98 averages about 50, which over a short range test lags
 * far behind the batch loss and moves its minimum to a higher rate.
 */
public final class LearningRates {
  /** Batches of the range test. */
  static final int FINDER_STEPS = 200;
  /** The factor of the smoothed loss's moving average. */
  static final double SMOOTHING = 0.9;

  private LearningRates() {}

  /** The finder's curve, each schedule's training loss by epoch and test accuracy, and the plots. */
  public record Result(LearningRateCurve finder, Map<String, List<Double>> losses, Map<String, Double> testAccuracy,
      Path finderPlot, Path schedulesPlot, Path lossPlot) {}

  static Sequential model(SampleData data, long seed) {
    return Network.sequential(seed, input(data.features()), dense(100, ELU).kernelInitializer(heNormal()),
        dense(100, ELU).kernelInitializer(heNormal()), dense(data.classes(), SOFTMAX));
  }

  public static Result run(SampleData data, int epochs, long seed, Path plots) {
    Sequential probe = model(data, seed);
    probe.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().momentum(0.9).build());
    LearningRateCurve curve = LearningRateFinder.builder().minLearningRate(1e-4).maxLearningRate(10)
        .steps(FINDER_STEPS).smoothing(SMOOTHING).build()
        .find(probe, data.trainImages(), data.trainLabels());
    // Two rules of thumb: a tenth of the rate at the smoothed loss's minimum (the chapter's, used
    // below: the noise of the first steps cannot mislead it), and its steepest fall (fastai's).
    double suggested = curve.minimumLossLearningRate();
    System.out.printf(Locale.ROOT, "  LR finder (%d batches, smoothing %s): minimum-loss rate / 10 = %.3g (used below); "
        + "steepest-fall rate %.3g (not used)%n", curve.losses().size(), SMOOTHING, suggested, curve.suggestion());
    Path finderPlot = plotFinder(curve, plots);

    int stepsPerEpoch = (data.trainImages().samples() + FitOptions.DEFAULT_BATCH_SIZE - 1) / FitOptions.DEFAULT_BATCH_SIZE;
    long totalSteps = (long) epochs * stepsPerEpoch;
    Map<String, LearningRateSchedule> schedules = new LinkedHashMap<>();
    schedules.put("constant", Schedules.constant(suggested));
    schedules.put("exponential (/10 over the run)", Schedules.exponential(suggested, totalSteps));
    schedules.put("piecewise (x1, x0.3, x0.1)", Schedules.piecewiseConstant(
        new long[] {totalSteps / 2, totalSteps * 3 / 4}, new double[] {suggested, suggested * 0.3, suggested * 0.1}));
    schedules.put("1cycle (peak 3x)", Schedules.oneCycle(3 * suggested, totalSteps));

    Map<String, List<Double>> losses = new LinkedHashMap<>();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    List<Series> lossSeries = new ArrayList<>();
    List<Series> rateSeries = new ArrayList<>();
    schedules.forEach((name, schedule) -> {
      Sequential model = model(data, seed);
      model.compile(Losses.sparseCategoricalCrossentropy(),
          Optimizers.sgd().learningRate(schedule).momentum(0.9).build(), Metrics.accuracy());
      History h = model.fit(data.trainImages(), data.trainLabels(),
          FitOptions.defaults().epochs(epochs).seed(seed).verbose(false));
      double acc = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
      losses.put(name, h.get("loss"));
      accuracy.put(name, acc);
      lossSeries.add(Series.byEpoch(name, h.get("loss")));
      rateSeries.add(rates(name, schedule, totalSteps));
      System.out.printf(Locale.ROOT, "  %-31s final training loss %.4f, test accuracy %.3f%n", name, h.last("loss"),
          acc);
    });
    Path schedulesPlot = Plots.curves(SampleSupport.file(plots, "lr-schedules.png"),
        new Labels("Learning-rate schedules", "step", "learning rate"), rateSeries, Scale.LINEAR);
    Path lossPlot = Plots.curves(SampleSupport.file(plots, "lr-schedules-loss.png"),
        new Labels("Training loss under each schedule (SGD, momentum 0.9)", "epoch", "loss"), lossSeries,
        Scale.LINEAR);
    System.out.println("  plots: " + finderPlot + ", " + schedulesPlot + ", " + lossPlot);
    return new Result(curve, losses, accuracy, finderPlot, schedulesPlot, lossPlot);
  }

  private static Path plotFinder(LearningRateCurve curve, Path plots) {
    double[] x = curve.learningRates().stream().mapToDouble(Double::doubleValue).toArray();
    // Past the minimum the loss explodes; drawing it all would flatten the interesting part, so
    // the chart shows losses up to 1.5 times the first smoothed loss, as fastai's plot does.
    double cap = 1.5 * curve.smoothedLosses().get(0);
    List<Series> series = new ArrayList<>();
    series.add(finite("batch loss", x, curve.losses(), cap));
    Series smoothed = finite("smoothed loss", x, curve.smoothedLosses(), cap);
    series.add(smoothed);
    double low = java.util.Arrays.stream(smoothed.y()).min().orElse(0);
    double high = java.util.Arrays.stream(smoothed.y()).max().orElse(1);
    series.add(new Series(String.format(Locale.ROOT, "steepest fall %.3g", curve.suggestion()),
        new double[] {curve.suggestion(), curve.suggestion()}, new double[] {low, high}));
    double chosen = curve.minimumLossLearningRate();
    series.add(new Series(String.format(Locale.ROOT, "minimum / 10 = %.3g", chosen),
        new double[] {chosen, chosen}, new double[] {low, high}));
    return Plots.curves(SampleSupport.file(plots, "lr-finder.png"),
        new Labels("Learning-rate finder", "learning rate (log scale)", "loss"), series, Scale.LOG);
  }

  /** The points whose loss is finite and at most {@code cap}. */
  private static Series finite(String name, double[] x, List<Double> y, double cap) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < y.size(); i++) {
      if (Double.isFinite(y.get(i)) && y.get(i) <= cap) {
        points.add(new double[] {x[i], y.get(i)});
      }
    }
    return new Series(name, points.stream().mapToDouble(p -> p[0]).toArray(),
        points.stream().mapToDouble(p -> p[1]).toArray());
  }

  private static Series rates(String name, LearningRateSchedule schedule, long totalSteps) {
    int points = (int) Math.min(totalSteps, 200);
    double[] x = new double[points];
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      long step = i * totalSteps / points;
      x[i] = step;
      y[i] = schedule.at(step);
    }
    return new Series(name, x, y);
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 10, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

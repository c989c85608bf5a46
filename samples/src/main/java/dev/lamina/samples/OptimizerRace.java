// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
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
import java.util.function.Supplier;

/**
 * The optimizers race: the same network, from the same initial weights and with the same batches,
 * trained by each optimizer of the chapter; training loss by epoch on one plot.
 *
 * <p>Every contestant uses learning rate 0.001, the rate of the chapter's optimizer examples
 * ({@code SGD(learning_rate=0.001, momentum=0.9)}, with {@code nesterov=True}, {@code Adagrad},
 * {@code RMSprop(rho=0.9)}, {@code Adam}, {@code Adamax}, {@code Nadam}, and {@code AdamW} with
 * weight decay 1e-5), with Keras' defaults for everything else. Plain SGD, which the chapter does
 * not race, gets the same 0.001 so that only the update rule differs. These rates are not tuned:
 * at 0.001 the momentum-free and Adagrad runs are slow, which is what the chapter says of them.
 * AdamW's decay of 1e-5 (times the rate, per step, in Keras) is too small to matter in a few
 * epochs, so its curve lies on Adam's.
 */
public final class OptimizerRace {
  /** The learning rate of every contestant (the chapter's). */
  static final double LEARNING_RATE = 0.001;

  private OptimizerRace() {}

  /** The contestants, all at {@link #LEARNING_RATE}. */
  static Map<String, Supplier<Optimizer>> contestants() {
    double lr = LEARNING_RATE;
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    m.put("SGD", () -> Optimizers.sgd().learningRate(lr).build());
    m.put("momentum 0.9", () -> Optimizers.sgd().learningRate(lr).momentum(0.9).build());
    m.put("Nesterov 0.9", () -> Optimizers.sgd().learningRate(lr).momentum(0.9).nesterov(true).build());
    m.put("Adagrad", () -> Optimizers.adagrad().learningRate(lr).build());
    m.put("RMSprop", () -> Optimizers.rmsprop().learningRate(lr).rho(0.9).build());
    m.put("Adam", () -> Optimizers.adam().learningRate(lr).build());
    m.put("AdamW", () -> Optimizers.adamW().learningRate(lr).weightDecay(1e-5).build());
    m.put("Adamax", () -> Optimizers.adamax().learningRate(lr).build());
    m.put("Nadam", () -> Optimizers.nadam().learningRate(lr).build());
    return m;
  }

  /** Each optimizer's training loss by epoch and final test accuracy, and the plot. */
  public record Result(Map<String, List<Double>> losses, Map<String, Double> testAccuracy, Path plot) {}

  public static Result run(SampleData data, int epochs, long seed, Path plots) {
    Map<String, List<Double>> losses = new LinkedHashMap<>();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    List<Series> series = new ArrayList<>();
    System.out.println("  every optimizer at learning rate " + LEARNING_RATE + " (the chapter's), Keras defaults otherwise");
    contestants().forEach((name, optimizer) -> {
      Sequential model = Network.sequential(seed, input(data.features()),
          dense(100, ELU).kernelInitializer(heNormal()), dense(100, ELU).kernelInitializer(heNormal()),
          dense(data.classes(), SOFTMAX));
      model.compile(Losses.sparseCategoricalCrossentropy(), optimizer.get(), Metrics.accuracy());
      History h = model.fit(data.trainImages(), data.trainLabels(),
          FitOptions.defaults().epochs(epochs).seed(seed).verbose(false));
      double acc = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
      losses.put(name, h.get("loss"));
      accuracy.put(name, acc);
      series.add(Series.byEpoch(name, h.get("loss")));
      System.out.printf(Locale.ROOT, "  %-13s loss %.4f -> %.4f, test accuracy %.3f%n", name, h.get("loss").get(0),
          h.last("loss"), acc);
    });
    Path plot = Plots.curves(SampleSupport.file(plots, "optimizers-race.png"),
        new Labels("Optimizers race: training loss, every optimizer at learning rate " + LEARNING_RATE, "epoch", "loss"), series, Scale.LINEAR);
    System.out.println("  plot: " + plot);
    return new Result(losses, accuracy, plot);
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 10, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

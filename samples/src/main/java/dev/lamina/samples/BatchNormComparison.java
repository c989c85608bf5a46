package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.data.FashionMnist;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chapter's batch-normalization experiment: the same 300-100-10 ELU network with and without
 * batch normalization on Fashion-MNIST, Adam, batch 32, 3 epochs, test accuracy after each epoch.
 */
public final class BatchNormComparison {
  private BatchNormComparison() {}

  /** Test accuracy after each epoch. */
  public record Curve(String name, List<Double> testAccuracy) {}

  public static List<Curve> run(FashionMnist data, int epochs, long seed) {
    Sequential withBn = Network.sequential(seed, input(28, 28), flatten(), batchNormalization(),
        dense(300, ELU).kernelInitializer(heNormal()), batchNormalization(),
        dense(100, ELU).kernelInitializer(heNormal()), batchNormalization(), dense(10, SOFTMAX));
    Sequential plain = Network.sequential(seed, input(28, 28), flatten(),
        dense(300, ELU).kernelInitializer(heNormal()), dense(100, ELU).kernelInitializer(heNormal()),
        dense(10, SOFTMAX));
    System.out.print(withBn.summary());
    return List.of(train("batch norm, Adam 5e-4", withBn, 5e-4, data, epochs, seed),
        train("no batch norm, Adam 1e-4", plain, 1e-4, data, epochs, seed));
  }

  private static Curve train(String name, Sequential model, double learningRate, FashionMnist data, int epochs,
      long seed) {
    System.out.println(name);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(learningRate).build(),
        Metrics.accuracy());
    List<Double> curve = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      History h = model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(1).seed(seed + epoch));
      double accuracy = model.evaluate(data.testImages(), data.testLabels()).get("accuracy");
      curve.add(accuracy);
      System.out.printf(Locale.ROOT, "  epoch %d: train loss %.4f, test accuracy %.4f%n", epoch + 1, h.last("loss"),
          accuracy);
    }
    return new Curve(name, curve);
  }

  public static void main(String[] args) {
    Path folder = FashionMnist.locate(args.length > 0 ? Path.of(args[0]) : null).orElseThrow(
        () -> new IllegalArgumentException("Fashion-MNIST not found: pass its folder or set LAMINA_DATA"));
    for (Curve c : run(FashionMnist.load(folder), 3, 42)) {
      System.out.println(c.name() + ": " + c.testAccuracy());
    }
  }
}

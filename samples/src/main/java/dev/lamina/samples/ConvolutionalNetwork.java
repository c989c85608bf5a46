// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.activation;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.conv2d;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.dropout;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.dsl.Layers.maxPooling2d;

import dev.lamina.dsl.Network;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Padding;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Plots;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chapter's techniques on a convolutional network, which its transfer-learning section says is
 * where deep learning works best on images: He initialization, batch normalization, Adam and
 * dropout. Three networks on the same images, the same optimizer and epochs:
 *
 * <ul>
 *   <li>{@code cnn}: the small VGG-style network of the shared benchmarks ({@code torch_cnn.py}'s
 *       {@code cnn}): two 3×3 convolutions of 32 filters, max pooling, two of 64, max pooling, a
 *       dense layer of 128 with dropout 0.5, softmax;
 *   <li>{@code cnn + BN}: the same with batch normalization after every convolution;
 *   <li>{@code dense}: the chapter's best dense network, 300-100 ELU with batch normalization.
 * </ul>
 *
 * Images are channels-first, [1, height, width].
 */
public final class ConvolutionalNetwork {
  private ConvolutionalNetwork() {}

  /** Test accuracy of each network, by name, and the learning-curve chart. */
  public record Result(Map<String, Double> testAccuracy, Path plot) {}

  public static Result run(SampleData data, int epochs, long seed, Path plots) {
    int side = (int) Math.round(Math.sqrt(data.features()));
    if (side * side != data.features()) {
      throw new IllegalArgumentException("ConvolutionalNetwork: the images must be square, but have " + data.features()
          + " pixels");
    }
    Tensor train = images(data.trainImages(), side);
    Tensor test = images(data.testImages(), side);
    Map<String, Sequential> models = new LinkedHashMap<>();
    models.put("cnn", Network.sequential(seed, input(1, side, side), convolutional(data.classes(), false)));
    models.put("cnn + BN", Network.sequential(seed, input(1, side, side), convolutional(data.classes(), true)));
    models.put("dense", Network.sequential(seed, input(1, side, side), flatten(),
        dense(300).useBias(false).kernelInitializer(Initializers.heNormal()), batchNormalization(), activation(ELU),
        dense(100).useBias(false).kernelInitializer(Initializers.heNormal()), batchNormalization(), activation(ELU),
        dense(data.classes(), SOFTMAX)));
    Map<String, Double> accuracy = new LinkedHashMap<>();
    Map<String, List<Double>> curves = new LinkedHashMap<>();
    for (Map.Entry<String, Sequential> e : models.entrySet()) {
      Sequential model = e.getValue();
      model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(1e-3).build(),
          Metrics.accuracy());
      long start = System.nanoTime();
      History history = model.fit(train, data.trainLabels(), FitOptions.defaults().epochs(epochs).batchSize(64)
          .seed(seed).validationSplit(0.1).verbose(false));
      double acc = model.evaluate(test, data.testLabels()).get("accuracy");
      accuracy.put(e.getKey(), acc);
      curves.put(e.getKey() + " val_accuracy", history.get("val_accuracy"));
      System.out.printf(Locale.ROOT, "  %-9s %,9d weights   test accuracy %.4f   (%.0f s)%n", e.getKey(),
          model.parameters().stream().mapToLong(p -> p.size()).sum(), acc, (System.nanoTime() - start) / 1e9);
    }
    Path plot = Plots.learningCurves(curves, SampleSupport.file(plots, "cnn.png"));
    System.out.println("  plot: " + plot);
    return new Result(accuracy, plot);
  }

  /**
   * The benchmark's {@code cnn} (same padding, He normal kernels), with batch normalization after
   * each convolution when {@code batchNorm}.
   */
  static List<LayerSpec> convolutional(int classes, boolean batchNorm) {
    List<LayerSpec> layers = new ArrayList<>();
    for (int filters : new int[] {32, 32, 0, 64, 64, 0}) {
      if (filters == 0) {
        layers.add(maxPooling2d(2));
      } else if (batchNorm) {
        layers.add(conv2d(filters, 3).padding(Padding.SAME).useBias(false).kernelInitializer(Initializers.heNormal()));
        layers.add(batchNormalization());
        layers.add(activation(RELU));
      } else {
        layers.add(conv2d(filters, 3, RELU).padding(Padding.SAME).kernelInitializer(Initializers.heNormal()));
      }
    }
    layers.add(flatten());
    layers.add(dense(128, RELU).kernelInitializer(Initializers.heNormal()));
    layers.add(dropout(0.5));
    layers.add(dense(classes, SOFTMAX));
    return layers;
  }

  /** [n, side·side] pixels seen as [n, 1, side, side] images (the same values). */
  static Tensor images(Tensor flat, int side) {
    return flat.reshape(flat.samples(), 1, side, side);
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 10, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}

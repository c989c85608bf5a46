// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Padding;
import dev.lamina.layers.Permute;
import dev.lamina.layers.Reshape;
import dev.lamina.layers.SpatialDropout2D;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.layers.UpSampling2D;
import dev.lamina.layers.ZeroPadding2D;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A functional model made of the pooling and reshaping layers and channel batch normalisation
 * (no convolutions): it learns a toy image task, and trains and predicts with the same bits on
 * 1, 2 and 3 threads. Batches of 128 are large enough for every image layer to split its planes
 * over the worker pool.
 */
class ImageLayersModelTest {
  private static final int CLASSES = 4;
  private static final int SIZE = 8;

  /**
   * Channels-last [8, 8, 2] images: noise, plus a bright 3x3 blob in the quadrant of the class
   * (channel 0) and its negative (channel 1).
   */
  private static Tensor[] data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * SIZE * SIZE * 2];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(CLASSES);
      y[i] = k;
      int top = (k / 2) * 4 + r.nextInt(2);
      int left = (k % 2) * 4 + r.nextInt(2);
      for (int h = 0; h < SIZE; h++) {
        for (int w = 0; w < SIZE; w++) {
          boolean blob = h >= top && h < top + 3 && w >= left && w < left + 3;
          int at = ((i * SIZE + h) * SIZE + w) * 2;
          x[at] = (float) (0.5 * r.nextGaussian() + (blob ? 2 : 0));
          x[at + 1] = (float) (0.5 * r.nextGaussian() - (blob ? 2 : 0));
        }
      }
    }
    return new Tensor[] {Tensor.of(x, n, SIZE, SIZE, 2), Tensor.of(y, n)};
  }

  /** Permute, padding, max pooling, Dense, Reshape, batch norm, spatial dropout, up-sampling, average pooling, two global poolings joined. */
  private static Model model() {
    Input x = Input.of(SIZE, SIZE, 2);
    SymbolicTensor h = new Permute.Spec(new int[] {3, 1, 2}, null).apply(x);                  // [2, 8, 8]
    h = new ZeroPadding2D.Spec(1).apply(h);                                                   // [2, 10, 10]
    h = new MaxPooling2D.Spec(2, 2).apply(h);                                                 // [2, 5, 5]
    h = Dense.builder(128).activation(Activations.RELU).kernelInitializer(Initializers.heNormal())
        .apply(new Flatten.Spec(null).apply(h));
    h = new Reshape.Spec(new int[] {8, 4, 4}, null).apply(h);                                 // [8, 4, 4]
    h = new BatchNormalization.Spec().apply(h);
    h = new SpatialDropout2D.Spec(0.1, null).apply(h);
    h = new UpSampling2D.Spec(2).apply(h);                                                    // [8, 8, 8]
    h = new AveragePooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)).apply(h);      // [8, 4, 4]
    SymbolicTensor joined = new Concatenate.Spec().apply(new GlobalAveragePooling2D.Spec().apply(h),
        new GlobalMaxPooling2D.Spec().apply(h));                                              // [16]
    SymbolicTensor y = Dense.builder(CLASSES).activation(Activations.SOFTMAX).apply(joined);
    Model m = Model.of(7, x, y);
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(0.01).build(), Metrics.accuracy());
    return m;
  }

  @Test
  void aModelOfPoolingAndReshapingLayersLearns() {
    Tensor[] train = data(512, 1);
    Tensor[] test = data(256, 2);
    Model m = model();
    double before = m.evaluate(test[0], test[1]).loss();
    History h = m.fit(train[0], train[1], FitOptions.defaults().epochs(8).batchSize(128).seed(3).verbose(false));
    Evaluation after = m.evaluate(test[0], test[1]);
    System.out.printf("[image layers] test loss %.4f -> %.4f, accuracy %.3f; training loss by epoch %s%n", before,
        after.loss(), after.get("accuracy"), h.get("loss"));
    assertTrue(after.loss() < 0.5 * before, "the test loss must fall by half, but went from " + before + " to " + after.loss());
    assertTrue(h.get("loss").get(7) < h.get("loss").get(0), "the training loss falls: " + h.get("loss"));
    assertTrue(after.get("accuracy") > 0.8, "accuracy " + after.get("accuracy"));
  }

  /** Every layer's spec() recreates it: a copy predicts what the model predicts; the summary lists each layer. */
  @Test
  void theModelCopiesAndSummarises() {
    Tensor[] d = data(64, 4);
    Model m = model();
    m.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(32).seed(3).verbose(false));
    Model copy = m.copy();
    assertArrayEquals(m.predict(d[0]).data(), copy.predict(d[0]).data(), 0f);
    String summary = m.summary();
    System.out.print(summary);
    for (String layer : new String[] {"permute (Permute)", "zero_padding2d (ZeroPadding2D)", "max_pooling2d (MaxPooling2D)",
        "reshape (Reshape)", "spatial_dropout2d (SpatialDropout2D)", "up_sampling2d (UpSampling2D)",
        "average_pooling2d (AveragePooling2D)", "global_average_pooling2d (GlobalAveragePooling2D)",
        "global_max_pooling2d (GlobalMaxPooling2D)"}) {
      assertTrue(summary.contains(layer), layer + " missing from\n" + summary);
    }
  }

  @Test
  void trainingAndPredictionAreBitIdenticalForOneTwoAndThreeThreads() {
    Tensor[] train = data(256, 5);
    Map<String, Tensor> reference = null;
    Tensor referencePrediction = null;
    for (int threads : new int[] {1, 2, 3}) {
      Model m = model();
      m.fit(train[0], train[1], FitOptions.defaults().epochs(2).batchSize(128).seed(3).threads(threads).verbose(false));
      Tensor prediction = m.predict(train[0], 128, threads);
      if (reference == null) {
        reference = m.weights();
        referencePrediction = prediction;
        continue;
      }
      for (String name : reference.keySet()) {
        assertArrayEquals(reference.get(name).data(), m.weights().get(name).data(), 0f, name + ", threads=" + threads);
      }
      assertArrayEquals(referencePrediction.data(), prediction.data(), 0f, "predict, threads=" + threads);
    }
  }
}

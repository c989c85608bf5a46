// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.Padding;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A small CNN built with the functional API (conv2d → relu → conv2d → flatten → dense softmax)
 * trains: its loss falls and it learns a task a glance at one pixel cannot solve; training is
 * bit-identical for 1, 2 and 3 threads and allocates nothing per batch once warmed up.
 */
class ConvolutionalNetworkTest {
  private static final int CLASSES = 4;

  /**
   * Noisy 8×8 one-channel images [n, 1, 8, 8], labelled by the quadrant that holds a bright 3×3
   * blob (placed anywhere in it), and their labels [n].
   */
  static Tensor[] blobs(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * 64];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < 64; p++) {
        x[i * 64 + p] = (float) (0.3 * random.nextGaussian());
      }
      int label = random.nextInt(CLASSES);
      int top = (label / 2) * 4 + random.nextInt(2);
      int left = (label % 2) * 4 + random.nextInt(2);
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          x[i * 64 + (top + a) * 8 + left + b] += 1f;
        }
      }
      y[i] = label;
    }
    return new Tensor[] {Tensor.of(x, n, 1, 8, 8), Tensor.of(y, n)};
  }

  static Model cnn(long seed) {
    Input x = Input.of(1, 8, 8);
    SymbolicTensor h = Conv2D.builder(8, 3).padding(Padding.SAME).kernelInitializer(Initializers.heNormal()).apply(x);
    h = new ActivationLayer.Spec(RELU, null).apply(h);
    h = Conv2D.builder(8, 3).strides(2).padding(Padding.SAME).activation(RELU).kernelInitializer(Initializers.heNormal())
        .apply(h);
    h = Flatten.spec(null).apply(h);
    Model model = Model.of(seed, x, Dense.builder(CLASSES).activation(SOFTMAX).apply(h));
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(0.01).build(), Metrics.accuracy());
    return model;
  }

  @Test
  void trainsAndItsLossFalls() {
    Tensor[] train = blobs(512, 1);
    Tensor[] test = blobs(256, 2);
    Model model = cnn(7);
    assertArrayEquals(new int[] {CLASSES}, model.outputShape());
    assertTrue(model.summary().contains("conv2d_1 (Conv2D)"), model.summary());
    History history = model.fit(train[0], train[1], FitOptions.defaults().epochs(6).batchSize(32).verbose(false).seed(3));
    List<Double> loss = history.get("loss");
    assertTrue(loss.get(loss.size() - 1) < 0.3 * loss.get(0), "loss by epoch " + loss);
    double accuracy = model.evaluate(test[0], test[1]).get("accuracy");
    assertTrue(accuracy > 0.9, "test accuracy " + accuracy + ", loss by epoch " + loss);
    System.out.printf("[cnn] loss by epoch %s, test accuracy %.3f%n", loss, accuracy);
    // one sample at a time (batch 1: the products split over the threads, not the images) gives predict's values
    Tensor batch = model.predict(test[0].rows(0, 8), 8, 2);
    Predictor predictor = model.predictor();
    for (int i = 0; i < 8; i++) {
      float[] one = predictor.predict(java.util.Arrays.copyOfRange(test[0].data(), i * 64, (i + 1) * 64));
      assertArrayEquals(java.util.Arrays.copyOfRange(batch.data(), i * CLASSES, (i + 1) * CLASSES), one, 0f, "sample " + i);
    }
  }

  @Test
  void trainingIsBitIdenticalForOneTwoAndThreeThreads() {
    Tensor[] train = blobs(256, 4); // batches of 128: both convolutions split their images over the threads
    float[][] reference = null;
    for (int threads = 1; threads <= 3; threads++) {
      Model model = cnn(11);
      model.fit(train[0], train[1], FitOptions.defaults().epochs(2).batchSize(128).verbose(false).seed(5).threads(threads));
      List<Parameter> parameters = model.parameters();
      float[][] weights = parameters.stream().map(p -> p.value().clone()).toArray(float[][]::new);
      if (reference == null) {
        reference = weights;
      } else {
        for (int k = 0; k < weights.length; k++) {
          assertArrayEquals(reference[k], weights[k], 0f, parameters.get(k).name() + " after training on " + threads
              + " threads");
        }
      }
    }
  }

  /**
   * Once warmed up, an epoch of 200 batches allocates less than 8 bytes per batch on average: the
   * difference between a fit of 2 epochs and one of 1 (each fit sets up its frames and buffers
   * once), measured as the dense networks' in {@code TrainerTest}.
   */
  @Test
  void allocatesNothingPerBatch() {
    final int batches = 200;
    // 200 batches, as TrainerTest's allocation test: an epoch's own bookkeeping (its logs, about
    // 1 KB) then stays far below 8 bytes per batch, so only per-batch allocation can fail it
    Tensor[] train = blobs(batches * 16, 6);
    Model model = cnn(13);
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long perEpoch = Long.MAX_VALUE;
    for (int round = 0; round < 30 && perEpoch >= batches * 8; round++) {
      long[] bytes = new long[3];
      for (int epochs = 1; epochs <= 2; epochs++) {
        FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(16).verbose(false).seed(1).threads(1);
        long before = bean.getThreadAllocatedBytes(id);
        model.fit(train[0], train[1], options);
        bytes[epochs] = bean.getThreadAllocatedBytes(id) - before;
      }
      perEpoch = bytes[2] - bytes[1];
    }
    assertTrue(perEpoch < batches * 8, "an epoch of " + batches + " batches allocated " + perEpoch + " bytes");
  }
}

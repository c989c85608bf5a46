// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.callbacks.BatchStart;
import dev.lamina.callbacks.Callback;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Padding;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

  /** Batches per epoch of {@link FreshStart}: 50 of 32 images. */
  private static final int FRESH_BATCHES = 50;
  /** Epochs of {@link FreshStart}: the warm-up and then the measured ones. */
  private static final int FRESH_EPOCHS = 25;
  /** Epochs of warm-up: 1,000 batches, 1.3 to 3 times what the JIT took (see the test). */
  private static final int FRESH_WARM_UP = 20;

  /**
   * In a JVM of its own, as fresh as a user's: a small CNN with the layers of the usual recipe
   * (convolutions, batch normalization over channels, max pooling, dropout, Adam; batch 32)
   * allocates less than 64 bytes per batch from batch 1,000 on. Until C2 compiles a Vector API
   * kernel, its vector operations run as Java code that allocates every vector (tens of MB per
   * batch at first), and HotSpot compiles a method with C2 only after hundreds to a thousand calls,
   * so a kernel called only a few times per batch allocates for hundreds of batches. In this
   * network the last kernels settled after 300-450 batches, and after up to 750 with three such
   * JVMs at once on 2 busy cores, where C2 compiled the large matrix kernels late (about 50
   * runs). The model's layers run the kernels of whatever machine the test runs on: on AVX2 the
   * im2col convolution, 6-row GEMM tiles and max pooling without a scatter instruction, whose
   * Vector API scatter allocated 390 KB per batch for good until it was replaced by stores. The
   * other tests of this class run in the test JVM, warmed up by whatever ran before them.
   */
  @Test
  void allocatesNothingPerBatchAfterTheWarmUpOfAFreshJvm() throws Exception {
    // The launcher's trap limit (see the lamina script): without it C2 can compile a kernel with
    // its vectors boxed for good in a fresh JVM too (once in CI: 1.25 MB per batch from epoch 8
    // on; with the limit lowered to 5 or 20, most or some runs of this child stuck the same way).
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:PerMethodTrapLimit=10000", "-cp", System.getProperty("java.class.path")));
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.add(1, "--add-modules=jdk.incubator.vector");
    }
    command.add(FreshStart.class.getName());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Long> bytes = new ArrayList<>();
    StringBuilder output = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        output.append(line).append('\n');
        if (line.startsWith("epoch bytes ")) {
          bytes.add(Long.parseLong(line.substring("epoch bytes ".length())));
        }
      }
    }
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the training JVM did not end");
    assertEquals(0, child.exitValue(), output.toString());
    assertEquals(FRESH_EPOCHS, bytes.size(), output.toString());
    int measured = FRESH_BATCHES - 2;
    assertTrue(bytes.get(0) > 64L * measured, "the first epoch allocated " + bytes.get(0)
        + " bytes: the measure would miss the allocations it is meant to find");
    for (int epoch = FRESH_WARM_UP; epoch < FRESH_EPOCHS; epoch++) {
      assertTrue(bytes.get(epoch) < 64L * measured, "epoch " + (epoch + 1) + " of a fresh JVM allocated "
          + bytes.get(epoch) / measured + " bytes per batch; bytes by epoch (batches 1 to " + (measured) + "): " + bytes);
    }
  }

  /**
   * The training of {@link #allocatesNothingPerBatchAfterTheWarmUpOfAFreshJvm}, in the JVM it
   * starts: prints, per epoch, {@code epoch bytes N}, the bytes allocated on the one training
   * thread from the start of the second batch to the start of the last (the epoch's own
   * bookkeeping, at its start and end, left out).
   */
  static final class FreshStart implements Callback {
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long start;

    public static void main(String[] args) {
      int n = FRESH_BATCHES * 32;
      SplittableRandom random = new SplittableRandom(21);
      float[] x = new float[n * 256];
      float[] y = new float[n];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        y[i] = random.nextInt(CLASSES);
      }
      Input input = Input.of(1, 16, 16);
      SymbolicTensor h = Conv2D.builder(8, 3).padding(Padding.SAME).useBias(false).apply(input);
      h = new BatchNormalization.Spec().apply(h);
      h = new ActivationLayer.Spec(RELU, null).apply(h);
      h = new MaxPooling2D.Spec(2, 2).apply(h);
      h = Conv2D.builder(16, 3).padding(Padding.SAME).activation(RELU).apply(h);
      h = new MaxPooling2D.Spec(2, 2).apply(h);
      h = Flatten.spec(null).apply(h);
      h = Dense.builder(64).activation(RELU).apply(h);
      h = new Dropout.Spec(0.5, null).apply(h);
      Model model = Model.of(3, input, Dense.builder(CLASSES).activation(SOFTMAX).apply(h));
      model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
      model.fit(Tensor.of(x, n, 1, 16, 16), Tensor.of(y, n), FitOptions.defaults().epochs(FRESH_EPOCHS).batchSize(32)
          .verbose(false).seed(5).threads(1).callbacks(new FreshStart()));
    }

    @Override
    public void onBatchBegin(BatchStart event) {
      if (event.batch() == 1) {
        start = threads.getCurrentThreadAllocatedBytes();
      } else if (event.batch() == FRESH_BATCHES - 1) {
        System.out.println("epoch bytes " + (threads.getCurrentThreadAllocatedBytes() - start));
      }
    }
  }
}

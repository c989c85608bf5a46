// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 15: a thread-safe serving path that allocates nothing per call once warm. */
class PredictorPoolTest {
  private static final int THREADS = 16;
  private static final int SAMPLES = 64;
  private static final ThreadMXBean BEAN = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Flatten → BN → Dense 32 ELU → BN → Dense 10 softmax, trained one epoch (moving statistics not the initial ones). */
  private static Sequential model() {
    Sequential m = Sequential.of(3, Input.of(8, 8), new Flatten.Spec(null), new BatchNormalization.Spec(),
        Dense.builder(32).activation(Activations.ELU), new BatchNormalization.Spec(),
        Dense.builder(10).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
    float[] y = new float[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      y[i] = i % 10;
    }
    m.fit(images(), Tensor.of(y, SAMPLES), FitOptions.defaults().epochs(1).batchSize(16).verbose(false).threads(1));
    return m;
  }

  private static Tensor images() {
    SplittableRandom r = new SplittableRandom(4);
    float[] x = new float[SAMPLES * 64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (16 * r.nextDouble());
    }
    return Tensor.of(x, SAMPLES, 8, 8);
  }

  /** Every thread predicts every sample {@code rounds} times through the pool; returns the bytes each allocated after warming up. */
  private static long[] serve(PredictorPool pool, Tensor x, float[] expected, int warmup, int rounds) throws Exception {
    ExecutorService service = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(service.submit(() -> {
          float[] sample = new float[64];
          float[] out = new float[10];
          start.await(30, TimeUnit.SECONDS);
          long before = 0;
          for (int r = 0; r < warmup + rounds; r++) {
            if (r == warmup) {
              before = BEAN.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            for (int i = 0; i < SAMPLES; i++) {
              System.arraycopy(x.data(), i * 64, sample, 0, 64);
              pool.predict(sample, out);
              for (int k = 0; k < 10; k++) {
                if (Float.floatToRawIntBits(out[k]) != Float.floatToRawIntBits(expected[i * 10 + k])) {
                  throw new AssertionError("sample " + i + " output " + k + ": " + out[k] + " vs " + expected[i * 10 + k]);
                }
              }
            }
          }
          return BEAN.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        }));
      }
      long[] bytes = new long[THREADS];
      for (int t = 0; t < THREADS; t++) {
        bytes[t] = futures.get(t).get(120, TimeUnit.SECONDS);
      }
      return bytes;
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void sixteenThreadsGetTheSequentialOutputsAndAllocateNothingOnceWarm() throws Exception {
    Sequential m = model();
    Tensor x = images();
    float[] expected = m.predict(x, 32, 1).data();
    PredictorPool pool = m.predictorPool();
    assertEquals(64, pool.inputSize());
    assertEquals(10, pool.outputSize());
    int warmup = 300;
    int rounds = 20;
    long[] bytes = serve(pool, x, expected, warmup, rounds);
    long calls = (long) THREADS * rounds * SAMPLES;
    long total = Arrays.stream(bytes).sum();
    assertTrue(pool.size() >= 1 && pool.size() <= THREADS, "predictors made: " + pool.size());
    // A predictor made after the warm-up (more threads at once than ever before) costs ~10 KB:
    // allow a few, against the 10 KB per call of a predictor per call.
    assertTrue(total < 64 * 1024, calls + " calls from 16 threads allocated " + total + " bytes, per thread "
        + Arrays.toString(bytes) + "; " + pool.size() + " predictors");
  }

  @Test
  void oneSampleAsPredictAndItsPredictor() {
    Sequential m = model();
    Tensor x = images();
    float[] sample = Arrays.copyOf(x.data(), 64);
    float[] fromPool = m.predictorPool().predict(sample);
    assertArrayEquals(m.predictor().predict(sample), fromPool, 0f);
    assertArrayEquals(Arrays.copyOf(m.predict(x, 32, 1).data(), 10), fromPool, 0f);
  }

  @Test
  void rejectsSamplesOfTheWrongSizeAndModelsOfSeveralOutputs() {
    PredictorPool pool = model().predictorPool();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.predict(new float[63]));
    assertEquals("Predictor: a sample must have 64 values (input shape [8, 8]), but had 63", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> pool.predict(new float[64], new float[3]));
    assertEquals("Predictor: the output array must have 10 values, but had 3", e.getMessage());
    assertEquals(1, pool.size(), "a predictor that failed a check is given back");
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.callbacks.Callback;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 15: one model used for inference from several threads at once must give, bit for bit, the
 * outputs it gives used from one thread. The layers keep their activations in buffers of their own
 * (Dense's {@code z} and {@code out}, BatchNormalization's output and folded statistics), so
 * without a guard the threads overwrite each other's activations.
 */
class ConcurrentInferenceTest {
  private static final int SAMPLES = 256;
  private static final int FEATURES = 64;
  private static final int OUTPUTS = 10;
  private static final int THREADS = 16;
  private static final int REPETITIONS = 20;
  private static final int BATCH = 32;
  /** The message of inference refused during fit. */
  private static final String TRAINING =
      "Model: the model is training on another thread; predict with a copy() of it, or after fit returns";

  private static final Tensor X = inputs();
  private static final Tensor Y = labels();

  /** Flatten → Dense 32 ELU → BN → Dropout → Dense 10 softmax on 8×8 inputs, as the digits samples. */
  private static Sequential model() {
    Sequential m = Sequential.of(7, Input.of(8, 8), new Flatten.Spec(null),
        Dense.builder(32).activation(Activations.ELU), new BatchNormalization.Spec(), new Dropout.Spec(0.2, null),
        Dense.builder(OUTPUTS).activation(Activations.SOFTMAX));
    compile(m);
    return m;
  }

  private static void compile(Sequential m) {
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(1e-2).build());
  }

  /** A model trained for one epoch, so that batch normalisation's moving statistics are not the initial ones. */
  private static Sequential trained() {
    Sequential m = model();
    m.fit(X, Y, options().epochs(1));
    return m;
  }

  private static FitOptions options() {
    return FitOptions.defaults().batchSize(BATCH).verbose(false).threads(1);
  }

  private static Tensor inputs() {
    SplittableRandom r = new SplittableRandom(15);
    float[] x = new float[SAMPLES * FEATURES];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (16 * r.nextDouble()); // the digits' range, 0 to 16
    }
    return Tensor.of(x, SAMPLES, 8, 8);
  }

  private static Tensor labels() {
    SplittableRandom r = new SplittableRandom(16);
    float[] y = new float[SAMPLES];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(OUTPUTS);
    }
    return Tensor.of(y, SAMPLES);
  }

  private static float[] sample(int i) {
    return Arrays.copyOfRange(X.data(), i * FEATURES, (i + 1) * FEATURES);
  }

  /** Every sample, one by one, through {@code p}: [SAMPLES · OUTPUTS]. */
  private static float[] predictOneByOne(Predictor p) {
    float[] all = new float[SAMPLES * OUTPUTS];
    float[] out = new float[OUTPUTS];
    for (int i = 0; i < SAMPLES; i++) {
      p.predict(sample(i), out);
      System.arraycopy(out, 0, all, i * OUTPUTS, OUTPUTS);
    }
    return all;
  }

  /** The sequential references: batched predict and a predictor, each from one thread. */
  private record Reference(float[] batched, float[] oneByOne) {
    static Reference of(Sequential m) {
      float[] batched = m.predict(X, BATCH, 1).data();
      assertArrayEquals(batched, m.predict(X).data(), 0f, "predict(x) vs predict(x, 32, 1)");
      assertArrayEquals(batched, m.predict(X, BATCH, 2).data(), 0f, "predict with 1 vs 2 threads");
      float[] oneByOne = predictOneByOne(m.predictor());
      assertArrayEquals(oneByOne, predictOneByOne(m.predictor()), 0f, "a second predictor");
      return new Reference(batched, oneByOne);
    }
  }

  /** What the threads computed, compared in the test's thread with the sequential result. */
  private record Tally(String what, long compared, long differing, double maxDifference) {
    static Tally of(String what, float[] expected, List<float[][]> results) {
      long compared = 0;
      long differing = 0;
      double max = 0;
      for (float[][] thread : results) {
        for (float[] run : thread) {
          for (int k = 0; k < expected.length; k++) {
            compared++;
            if (Float.floatToRawIntBits(run[k]) != Float.floatToRawIntBits(expected[k])) {
              differing++;
              double d = Math.abs((double) run[k] - expected[k]);
              max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
            }
          }
        }
      }
      return new Tally(what, compared, differing, max);
    }

    @Override
    public String toString() {
      return what + ": " + differing + " of " + compared + " outputs differ from the sequential result"
          + (differing == 0 ? "" : ", by up to " + maxDifference);
    }

    /** Asserts, after reporting every tally, that no output differs. */
    static void assertNone(Tally... tallies) {
      StringBuilder report = new StringBuilder();
      long differing = 0;
      for (Tally t : tallies) {
        report.append(t).append('\n');
        differing += t.differing();
      }
      System.out.print(report);
      assertEquals(0, differing, report.toString());
    }
  }

  /**
   * Runs {@code body} on {@code threads} threads that start together (a barrier), and returns what
   * each returned, in thread order.
   */
  private static <T> List<T> together(int threads, Callable<T> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return body.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** (a): each thread with its own predictor of the same model, every sample one by one, many times. */
  private static List<float[][]> ownPredictors(Sequential m) throws Exception {
    return together(THREADS, () -> {
      Predictor p = m.predictor();
      float[][] runs = new float[REPETITIONS][];
      for (int r = 0; r < REPETITIONS; r++) {
        runs[r] = predictOneByOne(p);
      }
      return runs;
    });
  }

  /** (b): every thread calls the model's batched predict, with the work of each call shared by {@code threads}. */
  private static List<float[][]> sharedPredict(Sequential m, int threads) throws Exception {
    return together(THREADS, () -> {
      float[][] runs = new float[REPETITIONS][];
      for (int r = 0; r < REPETITIONS; r++) {
        runs[r] = m.predict(X, BATCH, threads).data();
      }
      return runs;
    });
  }

  @Test
  void ownPredictorsPerThreadGiveTheSequentialOutputs() throws Exception {
    Sequential m = trained();
    Reference reference = Reference.of(m);
    Tally.assertNone(Tally.of("16 threads, a predictor each", reference.oneByOne(), ownPredictors(m)));
  }

  @Test
  void sharedPredictGivesTheSequentialOutputs() throws Exception {
    Sequential m = trained();
    Reference reference = Reference.of(m);
    Tally.assertNone(Tally.of("16 threads, predict(x, 32, 1)", reference.batched(), sharedPredict(m, 1)),
        Tally.of("16 threads, predict(x, 32, 2)", reference.batched(), sharedPredict(m, 2)));
  }

  /**
   * (b) once warm allocates only its results: the model keeps the buffers of as many calls as ran
   * at once (with a fixed 4 kept, 16 threads made new buffers in most calls: 104 KB per call of
   * the bench's bn model at batch 32, against 1.7 KB).
   */
  @Test
  void sharedPredictFromSixteenThreadsReusesItsBuffers() throws Exception {
    Sequential m = trained();
    Tensor batch = X.rows(0, BATCH);
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    List<Long> bytes = together(THREADS, () -> {
      for (int i = 0; i < 300; i++) {
        m.predict(batch, BATCH, 1);
      }
      long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int i = 0; i < 100; i++) {
        m.predict(batch, BATCH, 1);
      }
      return bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    });
    double perCall = bytes.stream().mapToLong(Long::longValue).sum() / (THREADS * 100.0);
    int result = BATCH * OUTPUTS * Float.BYTES;
    // The result (1,280 bytes) and a few small objects; new buffers would be ~25 KB a call.
    assertTrue(perCall < result + 2048, "bytes per call " + perCall + " " + bytes + "; executors "
        + m.executors.size());
    assertTrue(m.executors.size() <= THREADS, "executors " + m.executors.size());
  }

  /** (c): (a) and (b) while another thread trains a copy of the model, which leaves the model unchanged. */
  @Test
  void inferenceBesideTrainingACopyGivesTheSequentialOutputs() throws Exception {
    Sequential m = trained();
    Reference reference = Reference.of(m);
    Sequential copy = m.copy();
    compile(copy);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger epochs = new AtomicInteger();
    CountDownLatch training = new CountDownLatch(1);
    ExecutorService trainer = Executors.newSingleThreadExecutor();
    try {
      Future<?> fits = trainer.submit(() -> {
        while (!stop.get()) {
          copy.fit(X, Y, options().epochs(1).callbacks(Callback.onBatchEnd(e -> training.countDown())));
          epochs.incrementAndGet();
        }
        return null;
      });
      assertTrue(training.await(30, TimeUnit.SECONDS), "the copy's training did not start");
      Tally[] tallies = {
          Tally.of("16 threads, a predictor each, beside training", reference.oneByOne(), ownPredictors(m)),
          Tally.of("16 threads, predict(x, 32, 1), beside training", reference.batched(), sharedPredict(m, 1)),
          Tally.of("16 threads, predict(x, 32, 2), beside training", reference.batched(), sharedPredict(m, 2))};
      stop.set(true);
      fits.get(60, TimeUnit.SECONDS);
      assertTrue(epochs.get() > 0);
      Tally.assertNone(tallies);
    } finally {
      stop.set(true);
      trainer.shutdownNow();
    }
    assertArrayEquals(reference.batched(), m.predict(X, BATCH, 1).data(), 0f, "training the copy changed the model");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void refused(String message, Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertEquals(message, e.getMessage());
  }

  /** Inference on a model from another thread during its fit fails loudly, and so does a second fit. */
  @Test
  void inferenceDuringFitOfTheSameModelIsRefused() throws Exception {
    Sequential m = trained();
    Reference reference = Reference.of(m);
    Predictor before = m.predictor();
    CountDownLatch inFit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Callback hold = Callback.onBatchEnd(e -> {
      if (inFit.getCount() > 0) { // the first batch: wait there until the test has tried everything
        inFit.countDown();
        await(release);
      }
    });
    ExecutorService trainer = Executors.newSingleThreadExecutor();
    try {
      Future<History> fit = trainer.submit(() -> m.fit(X, Y, options().epochs(1).callbacks(hold)));
      try {
        await(inFit);
        refused(TRAINING, () -> m.predict(X));
        refused(TRAINING, () -> m.predict(X, BATCH, 2));
        refused(TRAINING, () -> before.predict(sample(0)));
        refused(TRAINING, () -> m.predictor().predict(sample(0), new float[OUTPUTS]));
        refused(TRAINING, () -> m.predictMonteCarlo(X, 2));
        refused(TRAINING, () -> m.evaluate(X, Y));
        refused("Model: the model is already training on another thread",
            () -> m.fit(X, Y, options().epochs(1)));
      } finally {
        release.countDown();
      }
      assertEquals(1, fit.get(60, TimeUnit.SECONDS).epochs());
    } finally {
      trainer.shutdownNow();
    }
    // After fit: inference again, on the newly trained weights.
    float[] after = m.predict(X, BATCH, 1).data();
    assertArrayEquals(after, m.predict(X).data(), 0f);
    assertFalse(Arrays.equals(reference.batched(), after), "fit did not train");
    assertArrayEquals(Arrays.copyOf(after, OUTPUTS), before.predict(sample(0)), 1e-6f);
  }

  /** A fit started while an inference call on the model runs in another thread fails loudly. */
  @Test
  void fitDuringInferenceIsRefused() throws Exception {
    Sequential m = trained();
    CountDownLatch inferring = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService predictor = Executors.newSingleThreadExecutor();
    try {
      // What predict, evaluate and Predictor.predict do around their work (a prediction cannot be
      // held open from outside): the guard's inference side, held from another thread.
      Future<?> inference = predictor.submit(() -> {
        boolean entered = m.usage.beginInference();
        try {
          inferring.countDown();
          await(release);
        } finally {
          if (entered) {
            m.usage.endInference();
          }
        }
      });
      try {
        await(inferring);
        refused("Model: 1 inference call(s) are using the model; train a copy() of it, or wait for them to end", () -> m.fit(X, Y, options().epochs(1)));
      } finally {
        release.countDown();
      }
      inference.get(60, TimeUnit.SECONDS);
    } finally {
      predictor.shutdownNow();
    }
    assertEquals(1, m.fit(X, Y, options().epochs(1)).epochs()); // the predictions ended: fit runs
  }

  /** A callback of fit may still predict and evaluate on the training thread. */
  @Test
  void callbacksOfFitMayPredictOnTheTrainingThread() {
    Sequential m = trained();
    List<float[]> seen = new ArrayList<>();
    m.fit(X, Y, options().epochs(2).callbacks(Callback.onEpochEnd(e -> {
      seen.add(m.predict(X).data());
      seen.add(m.predictor().predict(sample(0)).clone());
      m.evaluate(X, Y);
    })));
    assertEquals(4, seen.size());
    assertArrayEquals(m.predict(X).data(), seen.get(2), 0f);
  }
}

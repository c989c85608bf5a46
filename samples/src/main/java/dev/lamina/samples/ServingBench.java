// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import dev.lamina.model.Model;
import dev.lamina.model.PredictorPool;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serving workloads ({@code serve}: the bn model, {@code cnn-serve}: the cnn model): one
 * untrained model shared by 1, 2 and 16 client threads, as a server's request threads share it.
 * Batch 1: every client predicts test images one by one through one {@link Model#predictorPool()};
 * batch 32: every client calls {@code model.predict} on batches of 32 test images (work on the
 * client's own thread, as servers run each request). Predictions/s of all clients together over
 * {@code calls} calls per client, median of {@code rounds}, after a warm-up; bytes allocated per
 * call by the client threads during the timed rounds. No PyTorch side: its scripts do not serve
 * from several threads.
 */
final class ServingBench {
  /** The JVM's per-thread allocation counters: each client counts what its own calls allocate. */
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
  /** The client thread counts measured. */
  static final int[] CLIENTS = {1, 2, 16};
  /** The batch of the batched measure. */
  static final int BATCH = 32;

  private ServingBench() {}

  /**
   * How a workload is timed. A batch-32 call does ~20 times the work of a batch-1 call, so the
   * batched measure makes a twentieth as many calls.
   *
   * @param warmupCalls batch-1 calls before timing, shared by the clients (the JIT compiles the
   *     code once, whatever the number of threads); batched: a fortieth as many
   * @param calls batch-1 calls per client per round ({@code --infer-calls})
   * @param rounds rounds of each measure ({@code --infer-rounds})
   */
  record Plan(int warmupCalls, int calls, int rounds) {
    Plan with(int newCalls, int newRounds) {
      return new Plan(warmupCalls, newCalls > 0 ? newCalls : calls, newRounds > 0 ? newRounds : rounds);
    }

    int batchWarmupCalls() {
      return Math.max(1, warmupCalls / 40);
    }

    int batchCalls() {
      return Math.max(1, calls / 20);
    }
  }

  /** One client count's figures: predictions/s and bytes allocated per call, batch 1 and batch 32. */
  record Row(String workload, int clients, double singlePerSecond, double singleBytesPerCall, double batchPerSecond,
      double batchBytesPerCall) {
    /** The row of {@code clients} from a RESULT line of this bench. */
    static Row of(String result, String workload, int clients) {
      return new Row(workload, clients, PyTorchComparison.number(result, "b1_predictions_per_s_c" + clients),
          PyTorchComparison.number(result, "b1_alloc_bytes_per_call_c" + clients),
          PyTorchComparison.number(result, "b" + BATCH + "_predictions_per_s_c" + clients),
          PyTorchComparison.number(result, "b" + BATCH + "_alloc_bytes_per_call_c" + clients));
    }
  }

  static String run(Bench.Options o, Workload w, FashionMnist data) {
    Plan planned = w.serving();
    if (planned == null) {
      throw new IllegalArgumentException(w.id() + " is not a serving workload");
    }
    Plan plan = planned.with(o.inferCalls(), o.inferRounds());
    Model model = w.model(o.seed());
    Tensor test = w.inputs(data.testImages());
    StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "RESULT {\"workload\": \"%s\", \"clients\": [%s]",
        w.id(), String.join(", ", java.util.Arrays.stream(CLIENTS).mapToObj(Integer::toString).toList())));
    PredictorPool pool = model.predictorPool();
    Tensor[] batches = batches(test);
    for (int clients : CLIENTS) {
      double[][] single = measure(clients, plan.rounds(), plan.warmupCalls(), plan.calls(), 1,
          (client, calls) -> singleCalls(pool, test, client, calls));
      double[][] batched = measure(clients, plan.rounds(), plan.batchWarmupCalls(), plan.batchCalls(), BATCH,
          (client, calls) -> batchCalls(model, batches, client, calls));
      System.out.printf(Locale.ROOT, "%s, %d client(s): b=1 %,.0f predictions/s, %.0f bytes per call; b=%d %,.0f"
          + " predictions/s, %.0f bytes per call%n", w.id(), clients, Bench.median(single[0]), single[1][0], BATCH,
          Bench.median(batched[0]), batched[1][0]);
      json.append(String.format(Locale.ROOT, ", \"b1_predictions_per_s_c%d\": %.1f, \"b1_alloc_bytes_per_call_c%d\": %s,"
          + " \"b%d_predictions_per_s_c%d\": %.1f, \"b%d_alloc_bytes_per_call_c%d\": %s", clients,
          Bench.median(single[0]), clients, Bench.json(single[1][0]), BATCH, clients, Bench.median(batched[0]), BATCH,
          clients, Bench.json(batched[1][0])));
    }
    return json.append(String.format(Locale.ROOT, ", \"predictors\": %d, \"peak_rss_mb\": %s, \"env\": %s}",
        pool.size(), Bench.json(Bench.peakRssMegabytes()), Bench.env())).toString();
  }

  /** The calls of one client: {@code run(client, calls)}. */
  @FunctionalInterface
  private interface Client {
    void run(int client, int calls);
  }

  /**
   * {@code clients} threads warm up together ({@code warmupCalls} calls in all), then run
   * {@code rounds} timed rounds of {@code calls} calls each, starting together. Returns the
   * predictions/s of each round and, in [1][0], the bytes the client threads allocated in their
   * calls, per call, over all rounds (each counting its own: threads of other work in the JVM do
   * not count).
   */
  private static double[][] measure(int clients, int rounds, int warmupCalls, int calls, int batch, Client client) {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      together(threads, clients, c -> client.run(c, Math.max(1, warmupCalls / clients)));
      double[] perSecond = new double[rounds];
      AtomicLong allocated = new AtomicLong();
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        together(threads, clients, c -> {
          long before = THREADS.getCurrentThreadAllocatedBytes();
          client.run(c, calls);
          allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - before);
        });
        perSecond[r] = (double) clients * calls * batch / ((System.nanoTime() - t0) / 1e9);
      }
      return new double[][] {perSecond, {(double) allocated.get() / ((long) clients * calls * rounds)}};
    } finally {
      threads.shutdownNow();
    }
  }

  /** Runs {@code body(client)} on every client thread at once and waits for all. */
  private static void together(ExecutorService threads, int clients, java.util.function.IntConsumer body) {
    CyclicBarrier start = new CyclicBarrier(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      running.add(threads.submit((Callable<Void>) () -> {
        start.await(60, TimeUnit.SECONDS);
        body.accept(client);
        return null;
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while serving", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
    }
  }

  /** Batch-1 calls through the pool, each a different test image (client c starts at image c · 997). */
  private static void singleCalls(PredictorPool pool, Tensor test, int client, int calls) {
    int size = pool.inputSize();
    float[] images = test.data();
    float[] sample = new float[size];
    float[] out = new float[pool.outputSize()];
    int tests = test.samples();
    for (int i = 0; i < calls; i++) {
      System.arraycopy(images, ((client * 997 + i) % tests) * size, sample, 0, size);
      pool.predict(sample, out);
    }
  }

  /** Up to 8 batches of 32 of the first test images, cut once so that the timed calls copy nothing. */
  private static Tensor[] batches(Tensor test) {
    Tensor[] batches = new Tensor[Math.max(1, Math.min(8, test.samples() / BATCH))];
    for (int b = 0; b < batches.length; b++) {
      batches[b] = test.rows(b * BATCH, Math.min((b + 1) * BATCH, test.samples()));
    }
    return batches;
  }

  /** Batch-32 calls of {@code model.predict} on the client's thread, cycling over the batches. */
  private static void batchCalls(Model model, Tensor[] batches, int client, int calls) {
    for (int i = 0; i < calls; i++) {
      model.predict(batches[(client + i) % batches.length], BATCH, 1);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import dev.lamina.math.WorkerPool;
import dev.lamina.model.Model;
import dev.lamina.model.Predictor;
import dev.lamina.tensor.Tensor;
import java.util.Locale;

/**
 * The inference workloads ({@code infer}, {@code cnn-infer}): an untrained model of the workload
 * in inference mode, timed as the PyTorch scripts time it. Batch 1: the allocation-free
 * {@link Model#predictor()}, each call a different test image, µs per call over {@code calls}
 * calls, median of {@code rounds}. Batch B (1024, 256): {@code model.predict} on batches of B
 * test images, samples/s over {@code passes} passes over the first {@code images} test images
 * (whole batches only), median of {@code rounds}. Both after a warm-up longer than the scripts'
 * (the JIT compiles the kernels during it; for the cnn, the predictor's last allocations, ~5 KB per
 * call after 300 calls, are gone after 3,000). The RESULT line has the scripts' keys
 * ({@code b1_us_per_call_median}, {@code b256_samples_per_s_median}, …) plus the bytes allocated
 * per batch-1 call and the peak RSS.
 */
final class InferenceBench {
  private InferenceBench() {}

  /**
   * How a workload is timed.
   *
   * @param warmupCalls batch-1 calls before timing
   * @param calls batch-1 calls per round ({@code --infer-calls})
   * @param rounds rounds of each measure ({@code --infer-rounds})
   * @param images the test images the batch throughput runs over, in whole batches
   * @param passes passes over them per round
   * @param warmupPasses passes before timing
   * @param splitSingleSample whether a single image's products are split over the threads (as
   *     PyTorch's intra-op threads do; worth it for a convolution's 37 MFLOP, not for the dense
   *     network's 0.5, which runs on the calling thread)
   */
  record Plan(int warmupCalls, int calls, int rounds, int images, int passes, int warmupPasses,
      boolean splitSingleSample) {
    Plan with(int newCalls, int newRounds) {
      return new Plan(warmupCalls, newCalls > 0 ? newCalls : calls, newRounds > 0 ? newRounds : rounds, images, passes,
          warmupPasses, splitSingleSample);
    }
  }

  static String run(Bench.Options o, Workload w, FashionMnist data) {
    InferenceBench.Plan planned = w.plan();
    if (planned == null) {
      throw new IllegalArgumentException(w.id() + " is a training workload");
    }
    Plan plan = planned.with(o.inferCalls(), o.inferRounds());
    Model model = w.model(o.seed());
    Tensor test = w.inputs(data.testImages());
    WorkerPool pool = WorkerPool.of(plan.splitSingleSample() ? o.threads() : 1);
    double[] allocated = new double[1];
    double[] latency = pool.call(() -> singleSample(model, test, plan, allocated));
    double[] throughput = batches(model, test, w.batch(), plan, o.threads());
    int b = w.batch();
    System.out.printf(Locale.ROOT, "%s b=1: %.1f us/call (min %.1f, max %.1f), %.0f bytes allocated per call%n", w.id(),
        Bench.median(latency), Bench.min(latency), Bench.max(latency), allocated[0]);
    System.out.printf(Locale.ROOT, "%s b=%d: %,.0f samples/s (min %,.0f, max %,.0f)%n", w.id(), b,
        Bench.median(throughput), Bench.min(throughput), Bench.max(throughput));
    return String.format(Locale.ROOT,
        "RESULT {\"workload\": \"%s\", \"threads\": %d, \"blas_threads\": %d, \"b1_us_per_call_median\": %.2f,"
            + " \"b1_us_per_call_min\": %.2f, \"b1_us_per_call_max\": %.2f, \"b1_samples_per_s_median\": %.1f,"
            + " \"b%d_samples_per_s_median\": %.1f, \"b%d_samples_per_s_min\": %.1f, \"b%d_samples_per_s_max\": %.1f,"
            + " \"b1_alloc_bytes_per_call\": %s, \"peak_rss_mb\": %s, \"env\": %s}",
        w.id(), o.threads(), o.threads(), Bench.median(latency), Bench.min(latency), Bench.max(latency),
        1e6 / Bench.median(latency), b, Bench.median(throughput), b, Bench.min(throughput), b, Bench.max(throughput),
        Bench.json(allocated[0]), Bench.json(Bench.peakRssMegabytes()), Bench.env());
  }

  /** µs per call of each round; {@code allocated[0]} gets the bytes allocated per timed call. */
  private static double[] singleSample(Model model, Tensor test, Plan plan, double[] allocated) {
    Predictor predictor = model.predictor();
    int size = predictor.inputSize();
    float[] images = test.data();
    float[] sample = new float[size];
    int tests = test.samples();
    for (int i = 0; i < plan.warmupCalls(); i++) {
      System.arraycopy(images, (i % tests) * size, sample, 0, size);
      predictor.predict(sample);
    }
    double[] latency = new double[plan.rounds()];
    AllocationMeter meter = AllocationMeter.start();
    for (int r = 0; r < plan.rounds(); r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < plan.calls(); i++) {
        System.arraycopy(images, (i % tests) * size, sample, 0, size);
        predictor.predict(sample);
      }
      latency[r] = (System.nanoTime() - t0) / 1e3 / plan.calls();
    }
    allocated[0] = (double) meter.bytes() / ((long) plan.rounds() * plan.calls());
    return latency;
  }

  /** Samples/s of each round of {@code model.predict} on whole batches of the first images. */
  private static double[] batches(Model model, Tensor test, int batch, Plan plan, int threads) {
    int count = Math.max(1, Math.min(plan.images(), test.samples()) / batch);
    Tensor[] batches = new Tensor[count];
    for (int b = 0; b < count; b++) {
      batches[b] = test.rows(b * batch, Math.min((b + 1) * batch, test.samples()));
    }
    for (int pass = 0; pass < plan.warmupPasses(); pass++) {
      for (Tensor b : batches) {
        model.predict(b, batch, threads);
      }
    }
    double[] throughput = new double[plan.rounds()];
    for (int r = 0; r < plan.rounds(); r++) {
      long t0 = System.nanoTime();
      long samples = 0;
      for (int pass = 0; pass < plan.passes(); pass++) {
        for (Tensor b : batches) {
          model.predict(b, batch, threads);
          samples += b.samples();
        }
      }
      throughput[r] = samples / ((System.nanoTime() - t0) / 1e9);
    }
    return throughput;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparkBenchPageTest {

  private static List<TrainingClock.Point> trace(double... accuracies) {
    return java.util.stream.IntStream.range(0, accuracies.length)
        .mapToObj(i -> new TrainingClock.Point((i + 1) / 4.0, (i + 1) * 0.5, accuracies[i])).toList();
  }

  private static BenchRuns.ThroughputRun spark(int workers, int k, double steps, double samplesPerSecond) {
    int syncs = 10;
    double seconds = syncs * steps * workers * 32 / samplesPerSecond;
    return new BenchRuns.ThroughputRun(DenseWorkload.BN, workers, k, 0.05, syncs, steps, seconds, samplesPerSecond,
        new SyncSplit(steps, 1000 * seconds / syncs, 10, 50, 100, 20, 5, 3, 3_000_000L * workers, 3_100_000L * workers));
  }

  /**
   * Measurements made to follow fixed + K × step with 150 ms and 3 ms per step of 64 samples; the
   * single node with 2 threads trains 19,000 samples/s before Spark's runs and 21,000 after (a
   * baseline of 20,000), with 1 thread 12,000.
   */
  private static BenchRuns runs(double others) {
    List<BenchRuns.ThroughputRun> throughput = List.of(
        spark(2, 1, 1, 64 / 0.153), spark(2, 100, 100, 6400 / 0.45), spark(2, 1000, 938, 64 * 938 / (0.15 + 938 * 0.003)),
        spark(1, 1, 1, 32 / 0.153), spark(1, 100, 100, 3200 / 0.45), spark(1, 1000, 1000, 32_000 / 3.15));
    return new BenchRuns("a test machine", "--report x.md", false,
        List.of(new BenchRuns.Load("start", "0.30, 0.5, 0.5"), new BenchRuns.Load("end", "0.20, 0.30, 0.40")),
        List.of(new BenchRuns.SingleRun(DenseWorkload.BN, 1, false, 0.01, 12_000, trace(0.80, 0.83, 0.84, 0.85)),
            new BenchRuns.SingleRun(DenseWorkload.BN, 1, true, 0.02, 12_000, trace(0.80, 0.83, 0.84, 0.85)),
            new BenchRuns.SingleRun(DenseWorkload.BN, 2, false, 0.03, 19_000, trace(0.80, 0.83, 0.84, 0.85)),
            new BenchRuns.SingleRun(DenseWorkload.BN, 2, true, 0.04, 21_000, trace(0.70, 0.73, 0.74, 0.75))),
        throughput,
        List.of(new BenchRuns.AccuracyRun(DenseWorkload.BN, 2, 100, others, trace(0.7, 0.8, 0.845, 0.86), false),
            new BenchRuns.AccuracyRun(DenseWorkload.BN, 2, 1, 0.1, trace(0.5), true)),
        12.5);
  }

  @Test
  void saysWhichSideIsFasterWithTheNumbersAndTheKForEachEfficiency() {
    String page = SparkBenchPage.render(runs(0.05));
    // 2 workers: 64 × 938 / (0.15 + 938 × 0.003) = 20,254 samples/s at K = 1000, 101% of 20,000;
    // the asymptote 64 / 0.003 = 21,333 samples/s is 107%.
    assertTrue(page.contains("- **bn, 2 workers against 2 threads:** Spark trains more samples/s at K = 1000."
        + " Single-node `fit` trains 20,000 samples/s; Spark's best is 20,254 samples/s at K = 1000 (101%), at K = 1"
        + " 418 samples/s (2.1%)."), page);
    assertTrue(page.contains("that is data parallelism, not Spark"), page);
    assertTrue(page.contains("(from 1 to 2 threads it scaled bn 1.67× here)"), page);
    // 50%: 10,000 × 0.15 / (64 − 10,000 × 0.003) = 44.1; 90%: 18,000 × 0.15 / (64 − 54) = 270.
    assertTrue(page.contains("K for 50% of single-node speed: 45; for 90%: 270."), page);
    // 1 worker against 12,000 samples/s: the asymptote is 32 / 0.003 = 10,667 (89%); 50% at
    // 6,000 × 0.15 / (32 − 6,000 × 0.003) = 64.3.
    assertTrue(page.contains("- **bn, 1 worker against 1 thread:** one machine is faster at every K measured."), page);
    assertTrue(page.contains("| bn | 1 | 150.0 ms | 3.000 ms | 89% | 65 | never |"), page);
    assertTrue(page.contains("| bn | 2 | 150.0 ms | 3.000 ms | 107% | 45 | 270 |"), page);
    assertTrue(page.contains("| bn | 2 | 100 | 100 | 10 | 14,222 | 20,000 | 71% | 0.05 |"), page);
    assertTrue(page.contains("| bn | 2 | 19,000 | 21,000 | 20,000 | 0.03 / 0.04 |"), page);
    assertTrue(page.contains("Single-node scaling from 1 to 2 threads: bn 1.67×"), page);
    assertTrue(!page.contains("Other work took up to"), page);
  }

  @Test
  void timeToAccuracyIsTheFirstPointAtTheFirstSingleNodeRunsFirstEpochAccuracy() {
    String page = SparkBenchPage.render(runs(0.05));
    assertTrue(page.contains("**bn** (target 0.8500)"), page);
    assertTrue(page.contains("To the target accuracy (what single-node `fit` reaches in one epoch): bn: single-node"
        + " `fit` with 2 threads in 2.0 s, Spark with 2 workers in 2.0 s at best (K = 100)."), page);
    assertTrue(page.contains("| Spark, 2 workers, K = 100 | 1.00 | 2.0 s | 0.8600 | 2.0 s | 1.00 | 0.05 |"), page);
    assertTrue(page.contains("| single node, 2 threads, before Spark | 1.00 | 2.0 s | 0.8500 | 2.0 s | 1.00 | 0.03 |"),
        page);
    assertTrue(page.contains("| single node, 2 threads, after Spark | 1.00 | 2.0 s | 0.7500 | not reached | – | 0.04 |"),
        page);
    assertTrue(page.contains("| Spark, 2 workers, K = 1 | 0.25 (time budget) | 0.5 s | 0.5000 | not reached | – | 0.10 |"),
        page);
  }

  @Test
  void whenSparkIsNeverFasterThePageSaysOneMachineIsAndNothingOfDataParallelism() {
    BenchRuns runs = runs(0.05);
    List<BenchRuns.SingleRun> single = new java.util.ArrayList<>(runs.single());
    single.replaceAll(r -> r.threads() == 2 ? new BenchRuns.SingleRun(r.workload(), 2, r.afterSpark(), r.others(), 30_000,
        r.trace()) : r);
    String page = SparkBenchPage.render(new BenchRuns(runs.machine(), runs.command(), false, runs.loads(), single,
        runs.throughput(), runs.accuracy(), runs.minutes()));
    assertTrue(page.contains("- **bn, 2 workers against 2 threads:** one machine is faster at every K measured."), page);
    assertTrue(!page.contains("data parallelism"), page);
  }

  @Test
  void warnsWhenOtherWorkTookACoreDuringAMeasurement() {
    String page = SparkBenchPage.render(runs(0.8));
    assertTrue(page.contains("**Other work took up to 0.80 of the " + Runtime.getRuntime().availableProcessors()
        + " cores during some measurements**"), page);
  }
}

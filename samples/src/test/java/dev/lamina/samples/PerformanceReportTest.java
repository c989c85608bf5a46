// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.samples.PyTorchComparison.Comparison;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The performance page's layout, from given comparisons (the runs themselves are benchmarks). */
class PerformanceReportTest {

  @Test
  void everyWorkloadIsARowAtOneAndTwoThreads() {
    assertEquals(List.of("bn", "plain", "infer", "cnn", "resnet", "cnn-infer"), PerformanceReport.WORKLOADS);
    assertEquals(List.of("serve", "cnn-serve"), PerformanceReport.SERVING);
  }

  /** PyTorch's best 2-core settings: BLAS threads for the dense workloads, torch threads for the convolutional. */
  @Test
  void pytorchGetsItsFastestThreadSettingPerWorkload() {
    assertEquals(1, PerformanceReport.torchThreads("plain", 2));
    assertEquals(1, PerformanceReport.torchThreads("infer", 2));
    assertEquals(2, PerformanceReport.torchThreads("cnn", 2));
    assertEquals(2, PerformanceReport.torchThreads("cnn-infer", 2));
    assertEquals(1, PerformanceReport.torchThreads("resnet", 1));
  }

  @Test
  void tablesEveryRowWithRatiosScalingAndCommands() {
    double nan = Double.NaN;
    List<Comparison> rows = List.of(
        new Comparison("plain", 1, "1 torch + 1 BLAS threads", 3, 100_000, 80_000, 0.786, 0.785, 600, 900, 169, nan, nan),
        new Comparison("infer", 1, "1 torch + 1 BLAS threads", 3, 200_000, 100_000, nan, nan, nan, nan, nan, 10, 50),
        new Comparison("plain", 2, "1 torch + 2 BLAS threads", 3, 150_000, 120_000, 0.786, 0.785, 650, 950, 170, nan,
            nan),
        new Comparison("cnn", 1, "1 torch + 1 BLAS threads", 3, 1_200, 800, 0.845, 0.843, 700, 600, 2, nan, nan),
        new Comparison("cnn-infer", 1, "1 torch + 1 BLAS threads", 3, 2_400, 1_600, nan, nan, nan, nan, nan, 200, 800),
        new Comparison("cnn", 2, "1 torch + 2 BLAS threads", 3, 2_100, 900, 0.845, 0.843, 720, 610, 3, nan, nan));
    Bench.Options o = new Bench.Options("all", 1, 0, 0, 0, 0, 0, 42, Path.of("data"), true, 3, null, 1, 0,
        Path.of("p.md"));
    List<ServingBench.Row> serving = List.of(new ServingBench.Row("serve", 1, 40_000, 0.4, 90_000, 1_700),
        new ServingBench.Row("serve", 16, 70_000, 0.2, 150_000, 1_800),
        new ServingBench.Row("cnn-serve", 2, 900, 3.6, 2_000, 1_900));
    String page = PerformanceReport.page(rows, serving, List.of("./lamina bench --workload plain --threads 1"), o,
        "Peak: 201");
    assertTrue(page.contains("## Serving"), page);
    assertTrue(page.contains("| serve | 1 | 40,000 | 0 | 90,000 | 1700 |"), page);
    assertTrue(page.contains("| serve | 16 | 70,000 | 0 | 150,000 | 1800 |"), page);
    assertTrue(page.contains("| cnn-serve | 2 | 900 | 4 | 2,000 | 1900 |"), page);
    assertTrue(page.contains("| plain | 1 | 1 torch + 1 BLAS threads | 100,000 samples/s | 80,000 samples/s | 1.25× |"
        + " 0.7860 / 0.7850 | 600 / 900 MB | 169 |"), page);
    assertTrue(page.contains("| infer (batch 1) | 1 | 1 torch + 1 BLAS threads | 10.0 µs per call | 50.0 µs per call |"
        + " 5.00× |"), page);
    assertTrue(page.contains("| cnn | 1 | 1 torch + 1 BLAS threads | 1,200 samples/s | 800 samples/s | 1.50× |"
        + " 0.8450 / 0.8430 | 700 / 600 MB | 2 |"), page);
    assertTrue(page.contains("| cnn-infer (batch 256) | 1 | 1 torch + 1 BLAS threads | 2,400 samples/s |"
        + " 1,600 samples/s | 1.50× | – | – | – |"), page);
    assertTrue(page.contains("| cnn-infer (batch 1) | 1 | 1 torch + 1 BLAS threads | 200.0 µs per call |"
        + " 800.0 µs per call | 4.00× |"), page);
    assertTrue(page.contains("Lamina's scaling from 1 to 2 threads: plain 1.50×; cnn 1.75×."), page);
    assertTrue(page.contains("`torch_cnn.py` for the convolutional ones"), page);
    assertTrue(page.contains("Peak: 201"), page);
    assertTrue(page.contains("./lamina bench --workload plain --threads 1\n"), page);
    assertTrue(page.contains(PerformanceReport.Gemm.COMMAND), page);
    assertTrue(page.contains("[spark-performance.md](spark-performance.md)"), page);
  }
}

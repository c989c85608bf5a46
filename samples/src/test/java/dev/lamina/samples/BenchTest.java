// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Options of {@code lamina bench} and one short real run. */
class BenchTest {

  @Test
  void parsesThreadsAndPyTorchSettings() {
    Path data = ReferenceFiles.fashionMnist();
    Bench.Options o = Bench.parse(new String[] {"--workload", "plain", "--threads", "2", "--vs-pytorch",
        "--torch-threads", "1", "--torch-blas-threads", "2", "--data", data.toString()});
    assertEquals(2, o.threads());
    assertEquals(1, o.torchThreads());
    assertEquals(2, o.torchBlasThreads());
    Bench.Options same = Bench.parse(new String[] {"--workload", "bn", "--threads", "2", "--data", data.toString()});
    assertEquals(2, same.torchThreads(), "PyTorch runs with Lamina's thread count unless told otherwise");
  }

  @Test
  void convolutionalOptionsDefaultToTheWorkloadsAndRowsKeepWhatApplies() {
    Path data = ReferenceFiles.fashionMnist();
    Bench.Options o = Bench.parse(new String[] {"--workload", "cnn", "--train-samples", "2000", "--data",
        data.toString()});
    assertEquals(2000, o.trainSamples());
    assertEquals(0, o.epochs(), "0: the workload's default (2 for cnn, 3 for bn)");
    assertEquals(0, o.batch());
    Bench.Options report = Bench.parse(new String[] {"--report", "p.md", "--train-samples", "2000", "--infer-calls",
        "50", "--epochs", "1", "--data", data.toString()});
    Bench.Options resnet = report.row("resnet", 2, 1, 2);
    assertEquals(2000, resnet.trainSamples());
    assertEquals(1, resnet.epochs());
    assertEquals(0, resnet.inferCalls());
    assertEquals(2, resnet.threads());
    assertEquals(1, resnet.torchThreads());
    assertEquals(2, resnet.torchBlasThreads());
    Bench.Options plain = report.row("plain", 1, 1, 1);
    assertEquals(0, plain.trainSamples(), "torch_mlp.py trains on all images");
    Bench.Options infer = report.row("cnn-infer", 1, 1, 1);
    assertEquals(50, infer.inferCalls());
    assertEquals(0, infer.epochs());
  }

  @Test
  void rejectsBadValuesNamingThem() {
    Path data = ReferenceFiles.fashionMnist();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "plain", "--threads", "0", "--data", data.toString()}));
    assertEquals("--threads must be >= 1, but was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--threads", "1", "--data", data.toString()}));
    assertTrue(e.getMessage().contains("--workload bn|plain|infer|cnn|resnet|cnn-infer|serve|cnn-serve (or --report FILE)"
        + " is required"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "nope", "--data", "/no/such/folder"}));
    assertEquals("unknown workload 'nope'; use bn, plain, infer, cnn, resnet, cnn-infer, serve or cnn-serve",
        e.getMessage(),
        "the workload is checked before the data is looked for");
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "bn", "--train-samples", "100", "--data", data.toString()}));
    assertEquals("--train-samples applies to the convolutional training workloads (cnn, resnet); bn trains on all"
        + " 60,000 images, as torch_mlp.py does", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "cnn", "--epochs", "-1", "--data", data.toString()}));
    assertEquals("--epochs must be >= 1 (or 0 for the workload's default), but was -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "serve", "--vs-pytorch", "--data", data.toString()}));
    assertEquals("--vs-pytorch: serve has no PyTorch counterpart (the scripts do not serve from several threads)",
        e.getMessage());
  }

  /**
   * A tiny serve run (few calls and rounds) reports every client count, and a batch-1 call through
   * the pool allocates next to nothing after the warm-up, also in this JVM where other tests trained
   * other models first. That needs the trap limit the test JVM runs with (-XX:PerMethodTrapLimit,
   * README "Fast kernels"): without it, C2 compiled the ELU kernel with its vectors boxed after the
   * samples' training tests, 11,144 bytes per call (8 with it, a few in a fresh JVM).
   */
  @Test
  void aTinyServeRunReportsEveryClientCount() {
    Path data = ReferenceFiles.fashionMnist();
    String result = Bench.run(Bench.parse(new String[] {"--workload", "serve", "--infer-calls", "400",
        "--infer-rounds", "2", "--data", data.toString()}));
    assertTrue(result.startsWith("RESULT {\"workload\": \"serve\", \"clients\": [1, 2, 16]"), result);
    for (int clients : ServingBench.CLIENTS) {
      ServingBench.Row row = ServingBench.Row.of(result, "serve", clients);
      assertTrue(row.singlePerSecond() > 0 && row.batchPerSecond() > 0, result);
      assertTrue(row.singleBytesPerCall() >= 0 && row.batchBytesPerCall() >= 0, result);
      // Boxed, the ELU layers' 400 values cost about 5 vectors of 48-96 bytes per vector of values:
      // 11,144 bytes per call without the trap limit. One CI run on a loaded machine (after the
      // image batch-norm kernels were added) measured 2,312 bytes per call at every client count,
      // cause not yet found (issue 15); the bound keeps catching the boxed kernel meanwhile.
      assertTrue(row.singleBytesPerCall() < 4096, result);
    }
    assertTrue(PyTorchComparison.number(result, "predictors") <= 16, result);
  }

  @Test
  void aShortPlainRunReportsThroughputAccuracyAndAllocation() {
    Path data = ReferenceFiles.fashionMnist();
    String result = Bench.run(Bench.parse(new String[] {"--workload", "plain", "--epochs", "4", "--threads", "2",
        "--data", data.toString()}));
    assertTrue(result.startsWith("RESULT {"), result);
    assertTrue(PyTorchComparison.number(result, "samples_per_s_median") > 0, result);
    assertTrue(PyTorchComparison.number(result, "test_acc") > 0.7, result);
    // The steady-state training loop allocates nothing per batch (a few bytes of counter reads). The
    // last of 4 epochs is measured: after 2, the JIT had once not finished compiling the kernels.
    assertTrue(PyTorchComparison.number(result, "alloc_bytes_per_batch") < 1024, result);
  }
}

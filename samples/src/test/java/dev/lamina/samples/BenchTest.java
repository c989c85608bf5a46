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
  void rejectsBadValuesNamingThem() {
    Path data = ReferenceFiles.fashionMnist();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "plain", "--threads", "0", "--data", data.toString()}));
    assertEquals("--threads must be >= 1, but was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--threads", "1", "--data", data.toString()}));
    assertTrue(e.getMessage().contains("--workload bn|plain|infer (or --report FILE) is required"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Bench.parse(new String[] {"--workload", "nope", "--data", "/no/such/folder"}));
    assertEquals("unknown workload 'nope'; use bn, plain or infer", e.getMessage(),
        "the workload is checked before the data is looked for");
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

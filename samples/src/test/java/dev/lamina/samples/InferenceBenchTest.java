// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.data.FashionMnist;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A tiny cnn-infer run (few calls, 512 test images) ends with torch_cnn.py's keys. */
class InferenceBenchTest {

  @Test
  void aTinyCnnInferRunEndsWithTheScriptsResultKeys() {
    Path folder = ReferenceFiles.fashionMnist();
    FashionMnist all = FashionMnist.load(folder);
    FashionMnist few = new FashionMnist(all.trainImages().rows(0, 1), all.trainLabels().rows(0, 1),
        all.testImages().rows(0, 512), all.testLabels().rows(0, 512));
    Bench.Options o = Bench.parse(new String[] {"--workload", "cnn-infer", "--infer-calls", "20", "--infer-rounds", "3",
        "--threads", "1", "--data", folder.toString()});
    String result = InferenceBench.run(o, Workload.CNN_INFER, few);
    Set<String> keys = ResultLines.keys(result, 1);
    assertTrue(keys.containsAll(TorchScriptKeys.INFERENCE), keys.toString());
    Set<String> extra = new HashSet<>(keys);
    extra.removeAll(TorchScriptKeys.INFERENCE);
    assertEquals(Set.of("b1_samples_per_s_median", "b1_alloc_bytes_per_call", "peak_rss_mb"), extra);
    TorchScriptKeys.checkAgainstScript(TorchScriptKeys.INFERENCE);
    assertTrue(PyTorchComparison.number(result, "b1_us_per_call_median") > 0, result);
    assertTrue(PyTorchComparison.number(result, "b256_samples_per_s_median") > 0, result);
    assertTrue(PyTorchComparison.number(result, "b1_us_per_call_min")
        <= PyTorchComparison.number(result, "b1_us_per_call_max"), result);
    // Measured, not bounded: 60 calls after the warm-up still include the JIT's last compilations
    // (~400 bytes per call here; about 1 after 3,000 calls).
    assertTrue(PyTorchComparison.number(result, "b1_alloc_bytes_per_call") >= 0, result);
  }
}

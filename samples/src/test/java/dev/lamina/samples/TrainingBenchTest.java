// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.data.FashionMnist;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tiny runs of the convolutional training workloads (a few images, so that the test is quick; the
 * command line always evaluates on all 10,000 test images) end with a RESULT line with
 * torch_cnn.py's keys plus Lamina's allocation and memory figures.
 */
class TrainingBenchTest {

  @Test
  void aTinyCnnRunEndsWithTheScriptsResultKeys() {
    String result = tiny("cnn");
    Set<String> keys = ResultLines.keys(result, 1);
    assertTrue(keys.containsAll(TorchScriptKeys.TRAINING), keys.toString());
    Set<String> extra = new HashSet<>(keys);
    extra.removeAll(TorchScriptKeys.TRAINING);
    assertEquals(Set.of("alloc_bytes_per_batch", "peak_rss_mb"), extra);
    assertTrue(ResultLines.keys(result, 2).containsAll(TorchScriptKeys.EPOCH), result);
    TorchScriptKeys.checkAgainstScript(TorchScriptKeys.TRAINING);
    TorchScriptKeys.checkAgainstScript(TorchScriptKeys.EPOCH);
    assertTrue(result.contains("\"workload\": \"cnn\""), result);
    assertEquals(192, PyTorchComparison.number(result, "train_samples"), "the first --train-samples images");
    assertEquals(64, PyTorchComparison.number(result, "batch"));
    assertEquals(2, PyTorchComparison.number(result, "epochs"));
    assertTrue(PyTorchComparison.number(result, "samples_per_s_median") > 0, result);
    double accuracy = PyTorchComparison.number(result, "test_acc");
    assertTrue(accuracy >= 0 && accuracy <= 1, result);
    assertTrue(Double.isNaN(PyTorchComparison.number(result, "alloc_bytes_per_batch")),
        "3 batches per epoch are too few to measure the steady state: null, " + result);
    assertTrue(PyTorchComparison.number(result, "peak_rss_mb") > 0, result);
  }

  @Test
  void aTinyResnetRunEndsWithTheScriptsResultKeys() {
    String result = tiny("resnet");
    assertTrue(ResultLines.keys(result, 1).containsAll(TorchScriptKeys.TRAINING), result);
    assertTrue(result.contains("\"workload\": \"resnet\""), result);
    assertTrue(PyTorchComparison.number(result, "samples_per_s_median") > 0, result);
  }

  /** Two epochs of 3 batches of 64, evaluated on 200 test images. */
  private static String tiny(String workload) {
    Path folder = ReferenceFiles.fashionMnist();
    FashionMnist all = FashionMnist.load(folder);
    FashionMnist few = new FashionMnist(all.trainImages().rows(0, 256), all.trainLabels().rows(0, 256),
        all.testImages().rows(0, 200), all.testLabels().rows(0, 200));
    Bench.Options o = Bench.parse(new String[] {"--workload", workload, "--train-samples", "192", "--threads", "2",
        "--data", folder.toString()});
    Tensor images = few.trainImages();
    assertEquals(3, images.rank(), "Fashion-MNIST comes as [n, 28, 28]; the workload makes it [n, 1, 28, 28]");
    String result = TrainingBench.run(o, Workload.named(workload), few);
    assertTrue(result.startsWith("RESULT {"), result);
    return result;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The keys of torch_cnn.py's RESULT lines (read from the script), which Lamina's must have too.
 * When the script is found beside the checkout (../shared/bench), each key is checked to be in it.
 */
final class TorchScriptKeys {
  static final Set<String> TRAINING = Set.of("batch", "epochs", "train_samples", "samples_per_s_median",
      "samples_per_s_min", "samples_per_s_max", "test_acc", "epochs_detail", "workload", "threads", "blas_threads",
      "env");
  static final Set<String> EPOCH = Set.of("epoch", "seconds", "samples_per_s", "train_loss", "test_acc");
  static final Set<String> INFERENCE = Set.of("b1_us_per_call_median", "b1_us_per_call_min", "b1_us_per_call_max",
      "b256_samples_per_s_median", "b256_samples_per_s_min", "b256_samples_per_s_max", "workload", "threads",
      "blas_threads", "env");

  private TorchScriptKeys() {}

  /** Checks that the script, when present, still writes each of these keys. */
  static void checkAgainstScript(Set<String> keys) {
    Path script = Path.of("..", "..", "shared", "bench", "torch_cnn.py");
    if (!Files.isRegularFile(script)) {
      return;
    }
    try {
      String text = Files.readString(script);
      for (String key : keys) {
        assertTrue(text.contains("\"" + key + "\""), "torch_cnn.py no longer writes \"" + key + "\"");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

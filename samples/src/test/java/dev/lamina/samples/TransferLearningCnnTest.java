// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferLearningCnnTest {
  @TempDir
  Path tmp;

  @Test
  void oneShortSeedOfTheCnnExperimentLearnsTaskBBothWaysAndPrintsTheTable() throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    Path plot = tmp.resolve("cnn.png");
    TransferLearningCnn.Config config = TransferLearningCnn.Config.of(ReferenceFiles.onnxModels(),
            ReferenceFiles.fashionMnist()).seeds(List.of(0L)).epochs(2, 1, 3).dense(false).plot(plot)
        .out(new PrintStream(report, true, StandardCharsets.UTF_8));
    TransferLearningCnn.Result r = TransferLearningCnn.run(config);
    String text = report.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertEquals(1, r.cnnOnA().size());
    assertTrue(r.cnnOnA().get(0) > 0.9, "B on A after 2 + 1 epochs: " + r.cnnOnA()); // 0.947 when written (chance 0.5)
    assertTrue(r.cnnScratch().get(0) > 0.6, "B from scratch after 3 epochs: " + r.cnnScratch()); // 0.893 when written
    assertTrue(r.denseOnA().isEmpty());
    assertTrue(text.contains("B from scratch") && text.contains("gain from transfer"), text);
    assertTrue(Files.size(plot) > 1000, "plot " + plot);
  }

  @Test
  void statsArePopulationMeanAndStandardDeviationAsTheReference() {
    // transfer_task_B_cnn's b_from_scratch over seeds 0-4: mean 0.9922, std 0.0014697 (numpy's default, ddof 0)
    TransferLearningCnn.Stats s = TransferLearningCnn.Stats.of(List.of(0.99, 0.991, 0.993, 0.993, 0.994));
    assertEquals(0.9922, s.mean(), 1e-12);
    assertEquals(0.0014696938456699082, s.std(), 1e-12);
    assertEquals(0.99, s.min());
    assertEquals(0.994, s.max());
  }
}

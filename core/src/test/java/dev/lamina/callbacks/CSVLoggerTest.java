// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CSVLoggerTest {

  @TempDir
  Path folder;

  @Test
  void writesAHeaderOnceAndOneLinePerEpochInFullPrecision() throws IOException {
    Tensor[] d = Toy.data(64, 1);
    Path file = folder.resolve("log.csv");
    Files.writeString(file, "stale\n");
    Sequential model = Toy.model(1);
    History h = model.fit(d[0], d[1], Toy.quiet().epochs(2).validationSplit(0.25).callbacks(new CSVLogger(file, false)));
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size());
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.get(0));
    for (int epoch = 0; epoch < 2; epoch++) {
      assertEquals(epoch + "," + h.get("loss").get(epoch) + "," + h.get("accuracy").get(epoch) + ","
          + h.get("val_loss").get(epoch) + "," + h.get("val_accuracy").get(epoch), lines.get(epoch + 1));
    }

    History more = model.fit(d[0], d[1], Toy.quiet().epochs(4).initialEpoch(2).validationSplit(0.25)
        .callbacks(new CSVLogger(file, true)));
    lines = Files.readAllLines(file);
    assertEquals(5, lines.size());
    assertEquals(1, lines.stream().filter(l -> l.startsWith("epoch")).count());
    assertEquals("3," + more.get("loss").get(1), lines.get(4).substring(0, lines.get(4).indexOf(',', 2)));
  }

  @Test
  void writesWithTheGivenSeparatorAndTheLearningRateOfTheCallbacksBefore() throws IOException {
    Tensor[] d = Toy.data(32, 3);
    Path file = folder.resolve("semi.csv");
    History h = Toy.model(3).fit(d[0], d[1], Toy.quiet().epochs(2).callbacks(
        new LearningRateScheduler((epoch, lr) -> 0.5 / (epoch + 1)), CSVLogger.builder(file).separator(';').build()));
    List<String> lines = Files.readAllLines(file);
    assertEquals(List.of("epoch;loss;accuracy;learning_rate",
        "0;" + h.get("loss").get(0) + ";" + h.get("accuracy").get(0) + ";0.5",
        "1;" + h.get("loss").get(1) + ";" + h.get("accuracy").get(1) + ";0.25"), lines);
  }

  @Test
  void aMissingValueIsWrittenNAAndAFieldHoldingTheSeparatorIsQuoted() throws IOException {
    Tensor[] d = Toy.data(32, 4);
    Path file = folder.resolve("na.csv");
    Callback sometimes = Callback.onEpochEnd(e -> {
      if (e.epoch() == 0) {
        e.log("a.b", 1.5);
      }
    });
    Toy.model(4).fit(d[0], d[1], Toy.quiet().epochs(2).callbacks(sometimes, CSVLogger.builder(file).separator('.').build()));
    List<String> lines = Files.readAllLines(file);
    assertEquals("epoch.loss.accuracy.\"a.b\"", lines.get(0));
    assertTrue(lines.get(1).endsWith(".\"1.5\""), lines.get(1));
    assertTrue(lines.get(2).endsWith(".NA"), lines.get(2));
    assertEquals("CSVLogger: the separator must not be a quote or a line break, but was '\\n'",
        assertThrows(IllegalArgumentException.class, () -> CSVLogger.builder(file).separator('\n')).getMessage());
  }

  @Test
  void appendedLinesFollowTheColumnsOfTheFilesHeader() throws IOException {
    Tensor[] d = Toy.data(32, 5);
    Path file = folder.resolve("append.csv");
    Sequential model = Toy.model(5);
    model.fit(d[0], d[1], Toy.quiet().epochs(1).callbacks(new LearningRateScheduler((epoch, lr) -> lr),
        CSVLogger.builder(file).separator(';').build()));
    History more = model.fit(d[0], d[1], Toy.quiet().epochs(2).initialEpoch(1).callbacks(CSVLogger.builder(file).separator(';').append(true).build()));
    List<String> lines = Files.readAllLines(file);
    assertEquals("epoch;loss;accuracy;learning_rate", lines.get(0));
    assertEquals("1;" + more.get("loss").get(0) + ";" + more.get("accuracy").get(0) + ";NA", lines.get(2));
  }

  @Test
  void appendingToAMissingFileWritesTheHeader() throws IOException {
    Tensor[] d = Toy.data(32, 2);
    Path file = folder.resolve("new.csv");
    Toy.model(2).fit(d[0], d[1], Toy.quiet().callbacks(new CSVLogger(file, true)));
    List<String> lines = Files.readAllLines(file);
    assertEquals("epoch,loss,accuracy", lines.get(0));
    assertEquals(2, lines.size());
  }
}

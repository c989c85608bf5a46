// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {

  @TempDir
  Path folder;

  private static EpochEnd end(int epoch, Sequential model, Object... namesAndValues) {
    return cut(epoch, model, true, namesAndValues);
  }

  private static EpochEnd cut(int epoch, Sequential model, boolean complete, Object... namesAndValues) {
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      logs.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
    }
    return new EpochEnd(epoch, logs, 0.1, model, complete);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFilePathIsFilledInWithTheEpochAndLoggedValuesAsKeras() throws IOException {
    Sequential model = Toy.model(1);
    ModelCheckpoint c = ModelCheckpoint.builder(folder.resolve("m-{epoch:02d}-{val_loss:.2f}-{loss:.4e}-{accuracy}"
        + "-{epoch}-{{x}}.ckpt")).build();
    c.onTrainBegin(new TrainBegin(model, 0, 12, 1));
    c.onEpochEnd(end(2, model, "loss", 0.00123456, "accuracy", 0.75, "val_loss", 0.456));
    c.onEpochEnd(end(11, model, "loss", 2.5, "accuracy", 1e-5, "val_loss", 12.0));
    assertEquals(List.of("m-03-0.46-1.2346e-03-0.75-3-{x}.ckpt", "m-12-12.00-2.5000e+00-1e-05-12-{x}.ckpt"), files());
    assertEquals(3, Toy.model(1).loadCheckpoint(folder.resolve("m-03-0.46-1.2346e-03-0.75-3-{x}.ckpt")));
  }

  @Test
  void aStringPathTakesPlaceholdersAndWidths() {
    Sequential model = Toy.model(1);
    ModelCheckpoint c = ModelCheckpoint.builder(folder + "/w{epoch:3d}_{loss:08.3f}_{loss:e}_{epoch:.1f}").build();
    assertEquals(folder.resolve("w  7_0001.500_1.500000e+00_7.0"), c.fileFor(end(6, model, "loss", 1.5)));
  }

  @Test
  void aNameThatWasNotLoggedFailsNamingThePlaceholder() {
    Sequential model = Toy.model(1);
    ModelCheckpoint c = ModelCheckpoint.builder(folder.resolve("m-{val_accuracy:.2f}.ckpt")).build();
    c.onTrainBegin(new TrainBegin(model, 0, 1, 1));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> c.onEpochEnd(end(0, model, "loss", 1.0, "accuracy", 0.5)));
    assertEquals("ModelCheckpoint: placeholder {val_accuracy:.2f} in \"" + folder.resolve("m-{val_accuracy:.2f}.ckpt")
        + "\" names no logged value; logged are [loss, accuracy] and epoch; validation needs "
        + "FitOptions.validationData or validationSplit", e.getMessage());
  }

  @Test
  void unsupportedFormatsAndUnpairedBracesAreRefusedWhenBuilt() {
    IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
        () -> ModelCheckpoint.builder("m-{val_loss:d}").build());
    assertEquals("ModelCheckpoint: unsupported format 'd' in placeholder {val_loss:d} of \"m-{val_loss:d}\"; "
        + "supported are [0][width][.precision] then f or e (d only for the epoch)", d.getMessage());
    IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
        () -> ModelCheckpoint.builder("m-{epoch:.3g}").build());
    assertTrue(g.getMessage().contains("unsupported format '.3g' in placeholder {epoch:.3g}"), g.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m-{epoch:.2d}").build())
        .getMessage().contains("{epoch:.2d}"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m-{loss!r}").build())
        .getMessage().contains("unsupported placeholder {loss!r}"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m-{}").build())
        .getMessage().contains("unsupported placeholder {}"));
    assertEquals("ModelCheckpoint: the '{' at index 2 of \"m-{epoch\" is not closed; write {{ for a brace",
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m-{epoch").build()).getMessage());
    assertEquals("ModelCheckpoint: a single '}' at index 1 of \"m}\"; write }} for a brace",
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m}").build()).getMessage());
  }

  @Test
  void initialValueThresholdKeepsABetterEarlierCheckpoint() {
    Sequential model = Toy.model(1);
    Path file = folder.resolve("best.ckpt");
    ModelCheckpoint c = ModelCheckpoint.builder(file).saveBestOnly(true).monitor(Monitor.LOSS)
        .initialValueThreshold(0.5).build();
    c.onTrainBegin(new TrainBegin(model, 2, 5, 1));
    c.onEpochEnd(end(2, model, "loss", 0.6));
    assertFalse(Files.exists(file));
    c.onEpochEnd(end(3, model, "loss", 0.4));
    assertEquals(4, Toy.model(1).loadCheckpoint(file));
    c.onEpochEnd(end(4, model, "loss", 0.45));
    assertEquals(4, Toy.model(1).loadCheckpoint(file));

    ModelCheckpoint max = ModelCheckpoint.builder(file).saveBestOnly(true).monitor(Monitor.ACCURACY)
        .initialValueThreshold(0.9).build();
    max.onTrainBegin(new TrainBegin(model, 0, 5, 1));
    max.onEpochEnd(end(0, model, "loss", 0.1, "accuracy", 0.8));
    assertEquals(4, Toy.model(1).loadCheckpoint(file));
  }

  @Test
  void initialValueThresholdIsCheckedAndNeedsSaveBestOnly() {
    assertEquals("ModelCheckpoint: initialValueThreshold must be finite, but was NaN",
        assertThrows(IllegalArgumentException.class,
            () -> ModelCheckpoint.builder(folder).initialValueThreshold(Double.NaN)).getMessage());
    assertEquals("ModelCheckpoint: initialValueThreshold applies only with saveBestOnly(true)",
        assertThrows(IllegalStateException.class,
            () -> ModelCheckpoint.builder(folder).initialValueThreshold(1).build()).getMessage());
  }

  @Test
  void savingEveryEpochDoesNotNeedADirectionForTheMonitor() {
    Sequential model = Toy.model(1);
    Path file = folder.resolve("every.ckpt");
    ModelCheckpoint c = ModelCheckpoint.builder(file).monitor(Monitor.of("val_auc")).build();
    c.onTrainBegin(new TrainBegin(model, 0, 1, 1));
    c.onEpochEnd(end(0, model, "loss", 1.0));
    assertEquals(1, Toy.model(1).loadCheckpoint(file));
    assertThrows(IllegalArgumentException.class,
        () -> ModelCheckpoint.builder(file).monitor(Monitor.of("val_auc")).saveBestOnly(true).build());
  }

  @Test
  void aCutShortEpochOrANonFiniteValueIsNotSaved() {
    Sequential model = Toy.model(1);
    Path file = folder.resolve("run.ckpt");
    ModelCheckpoint every = ModelCheckpoint.builder(file).build();
    every.onTrainBegin(new TrainBegin(model, 0, 4, 1));
    every.onEpochEnd(end(0, model, "loss", 1.0));
    every.onEpochEnd(cut(1, model, false, "loss", 0.9));
    every.onEpochEnd(end(2, model, "loss", Double.NaN));
    every.onEpochEnd(end(3, model, "loss", Double.POSITIVE_INFINITY));
    assertEquals(1, Toy.model(1).loadCheckpoint(file));

    ModelCheckpoint best = ModelCheckpoint.builder(file).saveBestOnly(true).monitor(Monitor.ACCURACY).build();
    best.onTrainBegin(new TrainBegin(model, 0, 4, 1));
    best.onEpochEnd(end(0, model, "loss", 1.0, "accuracy", Double.POSITIVE_INFINITY));
    best.onEpochEnd(end(1, model, "loss", 1.0, "accuracy", Double.NaN));
    assertEquals(1, Toy.model(1).loadCheckpoint(file));
    best.onEpochEnd(end(2, model, "loss", 1.0, "accuracy", 0.5));
    assertEquals(3, Toy.model(1).loadCheckpoint(file));
  }

  @Test
  void aStopInTheMiddleOfAnEpochKeepsTheLastWholeEpochsCheckpoint() {
    Tensor[] d = Toy.data(64, 3);
    Path file = folder.resolve("stop.ckpt");
    Sequential model = Toy.model(3);
    List<Boolean> complete = new ArrayList<>();
    model.fit(d[0], d[1], Toy.quiet().epochs(4).callbacks(
        Callback.onBatchEnd(b -> {
          if (b.epoch() == 2 && b.batch() == 1) {
            b.stopTraining("mid-epoch");
          }
        }),
        ModelCheckpoint.builder(file).build(), Callback.onEpochEnd(e -> complete.add(e.complete()))));
    assertEquals(List.of(true, true, false), complete);
    assertEquals(2, Toy.model(3).loadCheckpoint(file));
  }
}

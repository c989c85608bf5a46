// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static ProgressBar started(ProgressSink sink, int initialEpoch, int epochs, int steps) {
    ProgressBar p = new ProgressBar(sink);
    p.onTrainBegin(new TrainBegin(Toy.model(1), initialEpoch, epochs, steps));
    return p;
  }

  @Test
  void theBarShowsStepsRunningMeansAndTimeLeft() {
    ProgressBar p = started(line -> {}, 0, 3, 10);
    String bar = p.bar(0, 5, 1_000_000_000L, 2.0, List.of("accuracy"), new double[] {0.75});
    assertEquals("Epoch 1/3 5/10 [==============>               ] - ETA: 1s - loss: 2.0000 - accuracy: 0.7500", bar);
    String done = p.bar(0, 10, 0, 0, List.of(), new double[0]);
    assertTrue(done.contains("[" + "=".repeat(30) + "]"), done);
  }

  @Test
  void theEpochLineHasTimeEtaAndLogsInKerasOrder() {
    ProgressBar p = started(line -> {}, 0, 3, 10);
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", 0.5);
    logs.put("accuracy", 0.8);
    logs.put("val_loss", 0.6);
    // 2 s for the first epoch, two to go
    assertEquals("Epoch 1/3 - 2.0s - ETA 4s - loss: 0.5000 - accuracy: 0.8000 - val_loss: 0.6000",
        p.summary(0, 2_000_000_000L, logs));
  }

  /** Each epoch's line and the reason of an early stop reach a sink of lines; no bar is drawn on it. */
  @Test
  void fitSendsEachEpochLineAndTheStopReasonToTheSink() {
    Tensor[] d = Toy.data(64, 1);
    Sequential m = Toy.model(1);
    List<String> lines = new ArrayList<>();
    m.fit(d[0], d[1], FitOptions.defaults().epochs(5).batchSize(16).progress(lines::add).callbacks(
        Callback.onEpochEnd(e -> {
          if (e.epoch() == 2) {
            e.stopTraining("stopped at epoch 3 for the test");
          }
        })));
    assertEquals(4, lines.size(), lines.toString());
    for (int e = 0; e < 3; e++) {
      assertTrue(lines.get(e).matches("Epoch " + (e + 1) + "/5 - [0-9.]+s - ETA [0-9]+s - loss: [0-9.]+ - accuracy: [0-9.]+"),
          lines.get(e));
    }
    assertEquals("stopped at epoch 3 for the test", lines.get(3));
  }

  /** On a sink that redraws, the last batch of each epoch always draws a full bar with the running means. */
  @Test
  void aRedrawingSinkGetsTheBarOfTheLastBatch() {
    Tensor[] d = Toy.data(64, 2);
    Sequential m = Toy.model(2);
    List<String> bars = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    ProgressSink sink = new ProgressSink() {
      @Override
      public void line(String line) {
        lines.add(line);
      }

      @Override
      public void redraw(String bar) {
        bars.add(bar);
      }

      @Override
      public boolean redraws() {
        return true;
      }
    };
    var history = m.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(16).shuffle(false).progress(sink));
    String last = bars.get(bars.size() - 1);
    assertTrue(last.startsWith("Epoch 2/2 4/4 [" + "=".repeat(30) + "] - ETA: 0s - loss: "), last);
    // the bar's running means at the epoch's end are the epoch's logs
    assertTrue(last.endsWith(String.format(java.util.Locale.ROOT, " - loss: %.4f - accuracy: %.4f",
        history.get("loss").get(1), history.get("accuracy").get(1))), last + " vs " + history);
    assertEquals(2, lines.size());
  }

  @Test
  void verboseFalseShowsNothingEvenWithASink() {
    Tensor[] d = Toy.data(32, 3);
    List<String> lines = new ArrayList<>();
    Toy.model(3).fit(d[0], d[1], FitOptions.defaults().progress(lines::add).verbose(false));
    assertEquals(List.of(), lines);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateSchedulerTest {

  @Test
  void setsTheRateAtEachEpochBeginFromTheAbsoluteEpochIndex() {
    Tensor[] d = Toy.data(32, 1);
    List<String> seen = new ArrayList<>();
    LearningRateScheduler scheduler = new LearningRateScheduler((epoch, lr) -> 0.1 * Math.pow(0.5, epoch));
    Toy.model(1).fit(d[0], d[1], Toy.quiet().epochs(4).initialEpoch(2).callbacks(scheduler,
        Callback.onEpochEnd(e -> seen.add(e.epoch() + ":" + e.learningRate()))));
    assertEquals(List.of("2:0.025", "3:0.0125"), seen);
  }

  /** A rule that depends on the current rate continues across fits with initialEpoch. */
  @Test
  void resumedTrainingContinuesTheSchedule() {
    Tensor[] d = Toy.data(32, 2);
    List<Double> rates = new ArrayList<>();
    Callback record = Callback.onEpochEnd(e -> rates.add(e.learningRate()));
    LearningRateScheduler halve = new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr / 2);
    Sequential model = Toy.model(2);
    model.fit(d[0], d[1], Toy.quiet().epochs(2).callbacks(halve, record));
    model.fit(d[0], d[1], Toy.quiet().epochs(4).initialEpoch(2).callbacks(halve, record));
    assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), rates);
  }

  @Test
  void logsTheLearningRateForTheHistoryAndLaterCallbacks() {
    Tensor[] d = Toy.data(32, 4);
    List<Double> seen = new ArrayList<>();
    History h = Toy.model(4).fit(d[0], d[1], Toy.quiet().epochs(3).callbacks(
        new LearningRateScheduler((epoch, lr) -> 0.1 * Math.pow(0.5, epoch)),
        Callback.onEpochEnd(e -> seen.add(e.get("learning_rate")))));
    assertEquals(List.of(0.1, 0.05, 0.025), seen);
    assertEquals(seen, h.get("learning_rate"));
  }

  @Test
  void aScheduleReturningNaNIsAnError() {
    Tensor[] d = Toy.data(32, 3);
    LearningRateScheduler bad = new LearningRateScheduler((epoch, lr) -> Double.NaN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Toy.model(3).fit(d[0], d[1], Toy.quiet().callbacks(bad)));
    assertEquals("LearningRateScheduler: the schedule must return a finite rate >= 0, but gave NaN at epoch 0",
        e.getMessage());
  }
}

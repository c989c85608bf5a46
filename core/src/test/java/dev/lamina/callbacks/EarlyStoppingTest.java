// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  /** Feeds a sequence of monitored values to a callback; returns the epoch it stopped at, or -1. */
  private static int run(EarlyStopping callback, String monitor, double... values) {
    Sequential model = Toy.model(1);
    callback.onTrainBegin(new TrainBegin(model, 0, values.length, 1));
    for (int epoch = 0; epoch < values.length; epoch++) {
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", 1.0);
      logs.put(monitor, values[epoch]);
      callback.onEpochEnd(new EpochEnd(epoch, logs, 0.1, model));
      if (callback.stoppedEpoch() >= 0) {
        return epoch;
      }
    }
    return -1;
  }

  @Test
  void kerasDefaults() {
    EarlyStopping e = EarlyStopping.builder().build();
    assertEquals(-1, run(e, "val_loss", 1, 0.9, 0.8)); // monitors val_loss, lower is better
    assertEquals(1, run(e, "val_loss", 1, 1)); // patience 0, minDelta 0: equal is no improvement
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochThatDoesNotImprove() {
    EarlyStopping e = EarlyStopping.builder().patience(0).build();
    assertEquals(3, run(e, "val_loss", 1.0, 0.9, 0.8, 0.85, 0.7));
    assertEquals(2, e.bestEpoch());
    assertEquals(0.8, e.best());
  }

  @Test
  void patienceCountsEpochsWithoutImprovement() {
    EarlyStopping e = EarlyStopping.builder().patience(2).build();
    assertEquals(2, run(e, "val_loss", 1.0, 1.1, 1.2, 1.3, 0.1));
    assertEquals(-1, run(e, "val_loss", 1.0, 1.1, 0.9, 1.2, 0.8));
  }

  /** Keras: min_delta is absolute, its sign ignored, and subtracted in the direction of improvement. */
  @Test
  void minDeltaIsAnAbsoluteMarginInEitherMode() {
    assertEquals(1, run(EarlyStopping.builder().minDelta(0.1).build(), "val_loss", 1.0, 0.95));
    assertEquals(1, run(EarlyStopping.builder().minDelta(-0.1).build(), "val_loss", 1.0, 0.95));
    assertEquals(-1, run(EarlyStopping.builder().minDelta(0.1).build(), "val_loss", 1.0, 0.89));
    assertEquals(1, run(EarlyStopping.builder().monitor(Monitor.VAL_ACCURACY).minDelta(0.1).build(),
        "val_accuracy", 0.5, 0.55));
    assertEquals(-1, run(EarlyStopping.builder().monitor(Monitor.VAL_ACCURACY).minDelta(0.1).build(),
        "val_accuracy", 0.5, 0.61));
  }

  @Test
  void modeAutoFollowsTheNameAndExplicitModesOverrideIt() {
    assertEquals(-1, run(EarlyStopping.builder().monitor(Monitor.of("val_accuracy")).build(), "val_accuracy", 0.5, 0.6));
    assertEquals(1, run(EarlyStopping.builder().monitor(Monitor.of("val_accuracy")).mode(MonitorMode.MIN).build(),
        "val_accuracy", 0.5, 0.6));
    assertEquals(1, run(EarlyStopping.builder().monitor(Monitor.of("score")).mode(MonitorMode.MAX).build(), "score", 0.5, 0.4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EarlyStopping.builder().monitor(Monitor.of("score")).build());
    assertEquals("Monitor(name=score): MonitorMode.AUTO cannot tell whether it should rise or fall; pass MonitorMode.MAX or MonitorMode.MIN",
        e.getMessage());
  }

  /** The wait resets only on values that beat both the best and the baseline (Keras 3). */
  @Test
  void baselineMustBeBeatenForTheWaitToReset() {
    EarlyStopping withBaseline = EarlyStopping.builder().patience(2).baseline(0.5).build();
    assertEquals(2, run(withBaseline, "val_loss", 1.0, 0.9, 0.95, 0.96));
    EarlyStopping without = EarlyStopping.builder().patience(2).build();
    assertEquals(3, run(without, "val_loss", 1.0, 0.9, 0.95, 0.96));
  }

  @Test
  void startFromEpochIgnoresTheWarmUp() {
    EarlyStopping e = EarlyStopping.builder().startFromEpoch(3).build();
    assertEquals(4, run(e, "val_loss", 1.0, 2.0, 3.0, 4.0, 5.0));
    assertEquals(3, e.bestEpoch());
  }

  @Test
  void aMissingMonitorIsAnErrorThatListsWhatWasLogged() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> run(EarlyStopping.builder().build(), "loss", 1.0));
    assertEquals("EarlyStopping: monitor val_loss was not logged; logged are [loss]; validation needs "
        + "FitOptions.validationData or validationSplit", e.getMessage());
  }

  @Test
  void builderRejectsBadValues() {
    assertEquals("EarlyStopping: patience must be >= 0, but was -1",
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().patience(-1)).getMessage());
    assertEquals("EarlyStopping: baseline must be finite, but was NaN",
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().baseline(Double.NaN)).getMessage());
  }

  // ---- in fit -------------------------------------------------------------------------------

  /** With a huge minDelta nothing after epoch 0 improves, so epoch 0 is the best. */
  private static EarlyStopping neverImproving(int patience) {
    return EarlyStopping.builder().monitor(Monitor.LOSS).minDelta(1e9).patience(patience).restoreBestWeights(true).build();
  }

  @Test
  void inFitItStopsAndRestoresTheBestEpochsWeights() {
    Tensor[] d = Toy.data(64, 7);
    Sequential oneEpoch = Toy.model(7);
    oneEpoch.fit(d[0], d[1], Toy.quiet().epochs(1));
    Sequential model = Toy.model(7);
    EarlyStopping stopping = neverImproving(2);
    History h = model.fit(d[0], d[1], Toy.quiet().epochs(10).callbacks(stopping));
    assertEquals(3, h.epochs());
    assertEquals(2, stopping.stoppedEpoch());
    assertTrue(h.stopReason().startsWith("EarlyStopping: loss did not improve for 2 epoch(s); the best was "),
        h.stopReason());
    assertWeightsEqual(oneEpoch, model);
  }

  /** Keras 3 restores the best weights also when training ran all its epochs. */
  @Test
  void inFitItRestoresTheBestWeightsAlsoWithoutAStop() {
    Tensor[] d = Toy.data(64, 8);
    Sequential oneEpoch = Toy.model(8);
    oneEpoch.fit(d[0], d[1], Toy.quiet().epochs(1));
    Sequential model = Toy.model(8);
    EarlyStopping stopping = neverImproving(5);
    History h = model.fit(d[0], d[1], Toy.quiet().epochs(3).callbacks(stopping));
    assertEquals(3, h.epochs());
    assertEquals(-1, stopping.stoppedEpoch());
    assertWeightsEqual(oneEpoch, model);
  }

  private static void assertWeightsEqual(Sequential expected, Sequential actual) {
    List<Tensor> a = expected.getWeights();
    List<Tensor> b = actual.getWeights();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(java.util.Arrays.toString(a.get(i).data()), java.util.Arrays.toString(b.get(i).data()));
    }
  }
}

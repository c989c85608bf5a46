// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {

  /** Feeds val_loss values to the callback on a model whose rate starts at 0.1; returns the rate after each epoch. */
  private static List<Double> rates(ReduceLROnPlateau callback, double... values) {
    Sequential model = Toy.model(1);
    callback.onTrainBegin(new TrainBegin(model, 0, values.length, 1));
    List<Double> rates = new ArrayList<>();
    for (int epoch = 0; epoch < values.length; epoch++) {
      callback.onEpochEnd(new EpochEnd(epoch, Map.of("val_loss", values[epoch]), 0.1, model));
      rates.add(model.optimizer().currentLearningRate());
    }
    return rates;
  }

  @Test
  void kerasDefaults() {
    assertEquals(0.1, ReduceLROnPlateau.DEFAULT_FACTOR);
    assertEquals(10, ReduceLROnPlateau.DEFAULT_PATIENCE);
    assertEquals(1e-4, ReduceLROnPlateau.DEFAULT_MIN_DELTA);
    double[] flat = new double[12];
    java.util.Arrays.fill(flat, 1.0);
    List<Double> r = rates(ReduceLROnPlateau.builder().build(), flat);
    assertEquals(0.1, r.get(9)); // epoch 0 sets the best, epochs 1..10 wait
    assertEquals(0.1 * 0.1, r.get(10), 1e-15);
    // an improvement smaller than min_delta = 1e-4 does not count
    double[] creeping = new double[11];
    for (int i = 0; i < creeping.length; i++) {
      creeping[i] = 1 - (i % 2) * 5e-5;
    }
    assertEquals(0.01, rates(ReduceLROnPlateau.builder().build(), creeping).get(10), 1e-15);
  }

  @Test
  void reducesAfterPatienceEpochsWithoutImprovement() {
    List<Double> r = rates(ReduceLROnPlateau.builder().patience(2).factor(0.5).build(), 1, 1, 1, 0.5, 0.6, 0.6, 0.6);
    assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025), r);
  }

  /** As Keras, the cooldown counter is decremented before the check, so cooldown c delays by c − 1 epochs. */
  @Test
  void respectsTheCooldown() {
    double[] flat = {1, 1, 1, 1, 1, 1, 1};
    assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125),
        rates(ReduceLROnPlateau.builder().patience(2).factor(0.5).build(), flat));
    assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025),
        rates(ReduceLROnPlateau.builder().patience(2).factor(0.5).cooldown(2).build(), flat));
  }

  @Test
  void neverGoesBelowTheMinimumRate() {
    List<Double> r = rates(ReduceLROnPlateau.builder().patience(1).factor(0.1).minLearningRate(0.005).build(),
        1, 1, 1, 1);
    assertEquals(List.of(0.1, 0.010000000000000002, 0.005, 0.005), r);
  }

  @Test
  void accuracyIsMaximised() {
    ReduceLROnPlateau c = ReduceLROnPlateau.builder().monitor(Monitor.VAL_ACCURACY).patience(1).build();
    Sequential model = Toy.model(1);
    c.onTrainBegin(new TrainBegin(model, 0, 2, 1));
    c.onEpochEnd(new EpochEnd(0, Map.of("val_accuracy", 0.5), 0.1, model));
    c.onEpochEnd(new EpochEnd(1, Map.of("val_accuracy", 0.7), 0.1, model));
    assertEquals(0.1, model.optimizer().currentLearningRate());
    c.onEpochEnd(new EpochEnd(2, Map.of("val_accuracy", 0.6), 0.1, model));
    assertEquals(0.01, model.optimizer().currentLearningRate(), 1e-15);
  }

  /** Keras 3 ({@code _reset}): in AUTO, a name without "acc" is minimised, whatever it is. */
  @Test
  void autoMinimisesAnyNameWithoutAcc() {
    for (String name : List.of("val_mae", "val_auc", "score")) {
      ReduceLROnPlateau c = ReduceLROnPlateau.builder().monitor(Monitor.of(name)).patience(1).build();
      Sequential model = Toy.model(1);
      c.onTrainBegin(new TrainBegin(model, 0, 3, 1));
      c.onEpochEnd(new EpochEnd(0, Map.of(name, 0.5), 0.1, model));
      c.onEpochEnd(new EpochEnd(1, Map.of(name, 0.4), 0.1, model));
      assertEquals(0.1, model.optimizer().currentLearningRate(), name);
      c.onEpochEnd(new EpochEnd(2, Map.of(name, 0.45), 0.1, model));
      assertEquals(0.01, model.optimizer().currentLearningRate(), 1e-15, name);
    }
  }

  @Test
  void logsTheRateTheEpochTrainedWithBeforeAReduction() {
    ReduceLROnPlateau c = ReduceLROnPlateau.builder().monitor(Monitor.LOSS).patience(1).build();
    Sequential model = Toy.model(1);
    c.onTrainBegin(new TrainBegin(model, 0, 2, 1));
    EpochEnd first = new EpochEnd(0, Map.of("loss", 1.0), 0.1, model);
    c.onEpochEnd(first);
    EpochEnd second = new EpochEnd(1, Map.of("loss", 1.0), 0.1, model);
    c.onEpochEnd(second);
    assertEquals(0.1, first.get("learning_rate"));
    assertEquals(0.1, second.get("learning_rate"));
    assertEquals(0.01, model.optimizer().currentLearningRate(), 1e-15);
  }

  @Test
  void theHistoryAndLaterCallbacksGetTheLearningRate() {
    Tensor[] d = Toy.data(32, 5);
    List<Boolean> before = new ArrayList<>();
    List<Double> after = new ArrayList<>();
    History h = Toy.model(5).fit(d[0], d[1], Toy.quiet().epochs(3).callbacks(
        Callback.onEpochEnd(e -> before.add(e.has("learning_rate"))),
        ReduceLROnPlateau.builder().monitor(Monitor.LOSS).minDelta(10).patience(1).build(),
        Callback.onEpochEnd(e -> after.add(e.get("learning_rate")))));
    assertEquals(List.of(false, false, false), before);
    assertEquals(List.of(0.1, 0.1, 0.010000000000000002), after);
    assertEquals(after, h.get("learning_rate"));
    assertEquals(List.of("loss", "accuracy", "learning_rate"), List.copyOf(h.asMap().keySet()));
  }

  @Test
  void builderRejectsAFactorOfOneOrMore() {
    assertEquals("ReduceLROnPlateau: factor must be in (0, 1), but was 1.0",
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1)).getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackTest {

  /** Records every hook as a line, prefixed by its name. */
  private static final class Recorder implements Callback {
    final String name;
    final List<String> lines;

    Recorder(String name, List<String> lines) {
      this.name = name;
      this.lines = lines;
    }

    @Override
    public void onTrainBegin(TrainBegin e) {
      lines.add(name + " trainBegin " + e.initialEpoch() + ".." + e.epochs() + " steps " + e.stepsPerEpoch());
    }

    @Override
    public void onEpochBegin(EpochStart e) {
      lines.add(name + " epochBegin " + e.epoch());
    }

    @Override
    public void onBatchBegin(BatchStart e) {
      lines.add(name + " batchBegin " + e.epoch() + "/" + e.batch());
    }

    @Override
    public void onBatchEnd(BatchEnd e) {
      lines.add(name + " batchEnd " + e.epoch() + "/" + e.batch());
    }

    @Override
    public void onEpochEnd(EpochEnd e) {
      lines.add(name + " epochEnd " + e.epoch());
    }

    @Override
    public void onTrainEnd(TrainEnd e) {
      lines.add(name + " trainEnd " + e.history().epochs());
    }
  }

  @Test
  void hooksRunInKerasOrderAndCallbacksInTheGivenOrder() {
    Tensor[] d = Toy.data(32, 1);
    List<String> lines = new ArrayList<>();
    Toy.model(1).fit(d[0], d[1], Toy.quiet().epochs(3).initialEpoch(1)
        .callbacks(new Recorder("a", lines), new Recorder("b", lines)));
    List<String> expected = new ArrayList<>(List.of("a trainBegin 1..3 steps 2", "b trainBegin 1..3 steps 2"));
    for (int epoch = 1; epoch < 3; epoch++) {
      expected.addAll(List.of("a epochBegin " + epoch, "b epochBegin " + epoch));
      for (int batch = 0; batch < 2; batch++) {
        String at = epoch + "/" + batch;
        expected.addAll(List.of("a batchBegin " + at, "b batchBegin " + at, "a batchEnd " + at, "b batchEnd " + at));
      }
      expected.addAll(List.of("a epochEnd " + epoch, "b epochEnd " + epoch));
    }
    expected.addAll(List.of("a trainEnd 2", "b trainEnd 2"));
    assertEquals(expected, lines);
  }

  @Test
  void epochEndIsTypedAndMatchesTheHistory() {
    Tensor[] d = Toy.data(64, 2);
    Sequential model = Toy.model(2);
    List<EpochEnd> ends = new ArrayList<>();
    History h = model.fit(d[0], d[1], Toy.quiet().epochs(2).validationSplit(0.25).callbacks(Callback.onEpochEnd(ends::add)));
    assertEquals(2, ends.size());
    for (int i = 0; i < 2; i++) {
      EpochEnd e = ends.get(i);
      assertEquals(i, e.epoch());
      assertEquals(h.get("loss").get(i), e.loss());
      assertEquals(h.get("accuracy").get(i), e.get("accuracy"));
      assertEquals(h.get("val_loss").get(i), e.validationLoss());
      assertEquals(h.get("val_accuracy").get(i), Monitor.VAL_ACCURACY.valueIn(e));
      assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(e.logs().keySet()));
      assertEquals(0.1, e.learningRate());
      assertSame(model, e.model());
      assertSame(model.optimizer(), e.optimizer());
    }
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ends.get(0).get("acc"));
    assertEquals("EpochEnd: no value named 'acc'; logged are [loss, accuracy, val_loss, val_accuracy]",
        unknown.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> ends.get(0).logs().put("x", 1.0));
  }

  @Test
  void validationLossWithoutValidationDataSaysHowToGetIt() {
    Tensor[] d = Toy.data(16, 3);
    List<EpochEnd> ends = new ArrayList<>();
    Toy.model(3).fit(d[0], d[1], Toy.quiet().callbacks(Callback.onEpochEnd(ends::add)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ends.get(0).validationLoss());
    assertTrue(e.getMessage().startsWith("EpochEnd: there is no val_loss without validation data; pass "
        + "FitOptions.validationData(x, y) or validationSplit(fraction)"), e.getMessage());
  }

  /** A stop finishes the batch and the epoch (with onEpochEnd), and the reason reaches the history. */
  @Test
  void aCallbackStopsTrainingAfterTheCurrentBatch() {
    Tensor[] d = Toy.data(64, 4);
    List<String> lines = new ArrayList<>();
    Callback stopper = Callback.onBatchEnd(e -> {
      if (e.epoch() == 1 && e.batch() == 1) {
        e.stopTraining("enough");
      }
    });
    History h = Toy.model(4).fit(d[0], d[1], Toy.quiet().epochs(5).callbacks(stopper, new Recorder("r", lines)));
    assertEquals(2, h.epochs());
    assertEquals("enough", h.stopReason());
    assertEquals(List.of("r batchEnd 1/1", "r epochEnd 1", "r trainEnd 2"), lines.subList(lines.size() - 3, lines.size()));
    assertEquals(0, lines.stream().filter(l -> l.contains("1/2")).count());
  }

  @Test
  void theNextFitStartsAfreshAfterAStop() {
    Tensor[] d = Toy.data(32, 5);
    Sequential model = Toy.model(5);
    model.fit(d[0], d[1], Toy.quiet().epochs(3).callbacks(Callback.onEpochEnd(e -> e.stopTraining("once"))));
    History h = model.fit(d[0], d[1], Toy.quiet().epochs(3));
    assertEquals(3, h.epochs());
    assertNull(h.stopReason());
  }

  @Test
  void theBatchEventIsOneReusedObject() {
    Tensor[] d = Toy.data(64, 6);
    List<BatchEnd> events = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    Toy.model(6).fit(d[0], d[1], Toy.quiet().callbacks(Callback.onBatchEnd(e -> {
      events.add(e);
      losses.add(e.loss());
    })));
    assertEquals(4, events.size());
    assertTrue(events.stream().allMatch(e -> e == events.get(0)));
    assertTrue(losses.stream().allMatch(l -> l > 0 && Double.isFinite(l)));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.ProgressSink;
import dev.lamina.callbacks.TerminateOnNaN;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitOptionsTest {

  @Test
  void trainingSamplesKeepsTheFirstFloorOfTheSplitAsKeras() {
    FitOptions o = FitOptions.defaults();
    assertEquals(100, o.trainingSamples(100));
    assertEquals(75, o.validationSplit(0.25).trainingSamples(100));
    assertEquals(66, o.validationSplit(1 / 3.0).trainingSamples(100), "floor(66.67)");
    assertEquals(100, o.validationSplit(0.25).validationData(Tensor.zeros(2, 4), Tensor.zeros(2)).trainingSamples(100),
        "validation data given: no split");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.validationSplit(0.5).trainingSamples(1));
    assertEquals("fit: validationSplit 0.5 of 1 samples leaves no training samples (0 kept for training, "
        + "floor(n * (1 - validationSplit)) as Keras); give more data or another validationSplit", e.getMessage());
  }

  @Test
  void kerasDefaults() {
    FitOptions o = FitOptions.defaults();
    assertEquals(1, o.epochs());
    assertEquals(0, o.initialEpoch());
    assertEquals(32, o.batchSize());
    assertEquals(List.of(), o.callbacks());
    assertTrue(o.verbose(), "Keras shows progress unless told not to");
  }

  @Test
  void progressSetsTheSinkAndTurnsVerboseOn() {
    ProgressSink sink = line -> {};
    FitOptions o = FitOptions.defaults().verbose(false).progress(sink).epochs(2);
    assertSame(sink, o.progress());
    assertTrue(o.verbose());
    assertFalse(o.verbose(false).verbose());
  }

  @Test
  void callbacksAsVarargsOrListReplaceEarlierOnes() {
    Callback a = new TerminateOnNaN();
    Callback b = Callback.onEpochEnd(e -> {});
    assertEquals(List.of(a, b), FitOptions.defaults().callbacks(b).callbacks(a, b).callbacks());
    assertEquals(List.of(b), FitOptions.defaults().callbacks(List.of(b)).callbacks());
    assertEquals(List.of(b), FitOptions.defaults().callbacks(b).epochs(3).initialEpoch(1).callbacks());
  }

  @Test
  void initialEpochMustNotBeNegative() {
    assertEquals("fit: initialEpoch must be >= 0, but was -1",
        assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().initialEpoch(-1)).getMessage());
  }

  /** Keras: epochs is the index to stop before, so initialEpoch ≥ epochs trains nothing. */
  @Test
  void epochsIsTheFinalEpochIndex() {
    Tensor[] d = SequentialTest.toyData(32, 1);
    Sequential m = SequentialTest.toyModel(1);
    assertEquals(2, m.fit(d[0], d[1], FitOptions.defaults().epochs(5).initialEpoch(3).verbose(false)).epochs());
    assertEquals(0, m.fit(d[0], d[1], FitOptions.defaults().epochs(3).initialEpoch(3).verbose(false)).epochs());
  }
}

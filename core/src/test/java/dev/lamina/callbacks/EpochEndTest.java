// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.Sequential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochEndTest {

  @Test
  void aCallbackAddsAValueThatTheLogsShowAfterTheComputedOnes() {
    Sequential model = Toy.model(1);
    Map<String, Double> computed = new LinkedHashMap<>();
    computed.put("loss", 0.5);
    computed.put("accuracy", 0.75);
    EpochEnd e = new EpochEnd(3, computed, 0.1, model);
    Map<String, Double> view = e.logs();
    e.log("learning_rate", 0.01);
    assertEquals(List.of("loss", "accuracy", "learning_rate"), List.copyOf(view.keySet()));
    assertEquals(0.01, e.get("learning_rate"));
    e.log("learning_rate", 0.02); // a callback's value may be replaced by a later one
    assertEquals(0.02, view.get("learning_rate"));
    assertFalse(computed.containsKey("learning_rate"), "the caller's map is copied");
    assertThrows(UnsupportedOperationException.class, () -> view.put("x", 1.0));
  }

  @Test
  void theValuesTrainingComputedCannotBeReplaced() {
    EpochEnd e = new EpochEnd(0, Map.of("loss", 0.5), 0.1, Toy.model(1));
    assertEquals("EpochEnd: 'loss' was computed by training and cannot be replaced; log the value under another name",
        assertThrows(IllegalArgumentException.class, () -> e.log("loss", 0)).getMessage());
    assertEquals("EpochEnd: a logged name must not be blank, but was ' '",
        assertThrows(IllegalArgumentException.class, () -> e.log(" ", 0)).getMessage());
    assertEquals(0.5, e.loss());
  }

  @Test
  void isARecordForKotlinPropertiesAndTellsWhetherTheEpochWasComplete() {
    Sequential model = Toy.model(1);
    EpochEnd whole = new EpochEnd(2, Map.of("loss", 1.0), 0.25, model);
    assertEquals(2, whole.epoch());
    assertEquals(0.25, whole.learningRate());
    assertEquals(model, whole.model());
    assertTrue(whole.complete());
    assertFalse(new EpochEnd(2, Map.of("loss", 1.0), 0.25, model, false).complete());
    assertTrue(EpochEnd.class.isRecord(), "Kotlin reads record components as properties: e.epoch, e.logs");
    assertEquals(new EpochEnd(2, Map.of("loss", 1.0), 0.25, model), whole, "equal values, equal events");
    assertEquals(Map.of("loss", 1.0), whole.logs());
  }
}

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs the Kotlin sample's training on the embedded digits, as its {@code main} does. */
class KotlinQuickstartTest {
  @Test
  void learnsTheDigits() {
    QuickstartResult result = KotlinQuickstart.trainOnDigits(Digits.load(), 15, 42L);
    assertTrue(result.getAccuracy() > 0.8, "test accuracy " + result.getAccuracy());
    assertEquals(15, result.getHistory().epochs());
    assertTrue(result.getHistory().last("loss") < result.getHistory().get("loss").get(0), "the loss decreases");
  }
}

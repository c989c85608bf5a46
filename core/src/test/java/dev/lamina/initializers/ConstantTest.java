// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConstantTest {

  @Test
  void fillsWithTheValue() {
    float[] w = new float[6];
    new Constant(0.25).initialize(w, new int[] {2, 3}, new SplittableRandom(1));
    for (float v : w) {
      assertEquals(0.25f, v);
    }
  }

  @Test
  void usesNoRandomness() {
    SplittableRandom used = new SplittableRandom(1);
    new Constant(3).initialize(new float[6], new int[] {2, 3}, used);
    assertEquals(new SplittableRandom(1).nextLong(), used.nextLong());
  }

  @Test
  void rejectsNonFiniteValues() {
    assertMessage("Constant: value must be finite (and within float range), but was NaN",
        () -> new Constant(Double.NaN));
    assertMessage("Constant: value must be finite (and within float range), but was -Infinity",
        () -> new Constant(Double.NEGATIVE_INFINITY));
    assertMessage("Constant: value must be finite (and within float range), but was 1.0E300",
        () -> new Constant(1e300));
  }

  @Test
  void toStringIsReadable() {
    assertEquals("Constant[value=0.25]", new Constant(0.25).toString());
  }
}

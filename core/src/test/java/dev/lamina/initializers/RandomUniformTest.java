// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomUniformTest {

  @Test
  void isAffineInUniformDraws() {
    float[] w = new float[5];
    new RandomUniform(-2, 6).initialize(w, new int[] {5}, new SplittableRandom(3));
    SplittableRandom expected = new SplittableRandom(3);
    for (float v : w) {
      assertEquals((float) (-2 + 8 * expected.nextDouble()), v);
    }
  }

  @Test
  void staysBelowMaxEvenWhenRoundingReachesIt() {
    // A float interval one ulp wide: most draws round to max and must be moved below it.
    float lo = 1f;
    float hi = Math.nextUp(lo);
    float[] w = new float[1000];
    new RandomUniform(lo, hi).initialize(w, new int[] {1000}, new SplittableRandom(2));
    for (float v : w) {
      assertEquals(lo, v);
    }
  }

  @Test
  void boundsAreRespected() {
    float[] w = new float[10_000];
    new RandomUniform(0.5, 0.75).initialize(w, new int[] {100, 100}, new SplittableRandom(8));
    for (float v : w) {
      assertTrue(v >= 0.5f && v < 0.75f, "value " + v);
    }
  }

  @Test
  void defaultsAreKeras() {
    assertEquals(-0.05, RandomUniform.DEFAULT_MIN);
    assertEquals(0.05, RandomUniform.DEFAULT_MAX);
  }

  @Test
  void rejectsInvalidParameters() {
    assertMessage("RandomUniform: min must be < max (as floats), but was min=1.0, max=1.0",
        () -> new RandomUniform(1, 1));
    assertMessage("RandomUniform: min must be < max (as floats), but was min=2.0, max=1.0",
        () -> new RandomUniform(2, 1));
    assertMessage("RandomUniform: max must be finite (and within float range), but was Infinity",
        () -> new RandomUniform(0, Double.POSITIVE_INFINITY));
    assertMessage("RandomUniform: min must be finite (and within float range), but was NaN",
        () -> new RandomUniform(Double.NaN, 1));
  }

  @Test
  void toStringIsReadable() {
    assertEquals("RandomUniform[min=-0.05, max=0.05]", Initializers.randomUniform().toString());
  }
}

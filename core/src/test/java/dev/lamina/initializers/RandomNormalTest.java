// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomNormalTest {

  @Test
  void isMeanPlusStddevTimesGaussianDraws() {
    float[] w = new float[5];
    new RandomNormal(1.0, 0.1).initialize(w, new int[] {5}, new SplittableRandom(9));
    SplittableRandom expected = new SplittableRandom(9);
    for (float v : w) {
      assertEquals((float) (1.0 + 0.1 * expected.nextGaussian()), v);
    }
  }

  @Test
  void defaultsAreKeras() {
    assertEquals(0.0, RandomNormal.DEFAULT_MEAN);
    assertEquals(0.05, RandomNormal.DEFAULT_STDDEV);
  }

  @Test
  void rejectsInvalidParameters() {
    assertMessage("RandomNormal: stddev must be > 0, but was 0.0", () -> new RandomNormal(0, 0));
    assertMessage("RandomNormal: stddev must be > 0, but was -0.5", () -> new RandomNormal(0, -0.5));
    assertMessage("RandomNormal: stddev must be finite (and within float range), but was NaN",
        () -> new RandomNormal(0, Double.NaN));
    assertMessage("RandomNormal: mean must be finite (and within float range), but was Infinity",
        () -> new RandomNormal(Double.POSITIVE_INFINITY, 1));
  }

  @Test
  void toStringIsReadable() {
    assertEquals("RandomNormal[mean=0.0, stddev=0.05]", Initializers.randomNormal().toString());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TruncatedNormalTest {

  @Test
  void redrawsGaussianDrawsBeyondTwoStddev() {
    int n = 2000;
    float[] w = new float[n];
    new TruncatedNormal(-1.0, 0.1).initialize(w, new int[] {n}, new SplittableRandom(4));
    SplittableRandom expected = new SplittableRandom(4);
    int redrawn = 0;
    for (float v : w) {
      double z = expected.nextGaussian();
      while (Math.abs(z) > 2) {
        redrawn++;
        z = expected.nextGaussian();
      }
      assertEquals((float) (-1.0 + 0.1 * z), v);
    }
    assertTrue(redrawn > 0, "no draw was beyond 2 stddev, so redrawing was not exercised");
  }

  @Test
  void defaultsAreKeras() {
    assertEquals(0.0, TruncatedNormal.DEFAULT_MEAN);
    assertEquals(0.05, TruncatedNormal.DEFAULT_STDDEV);
    assertEquals(2.0, InitializerSupport.TRUNCATION_STDDEVS);
  }

  @Test
  void rejectsInvalidParameters() {
    assertMessage("TruncatedNormal: stddev must be > 0, but was 0.0",
        () -> new TruncatedNormal(0, 0));
    assertMessage("TruncatedNormal: stddev must be > 0, but was -2.0",
        () -> new TruncatedNormal(0, -2));
    assertMessage("TruncatedNormal: mean must be finite (and within float range), but was NaN",
        () -> new TruncatedNormal(Double.NaN, 1));
  }

  @Test
  void toStringIsReadable() {
    assertEquals("TruncatedNormal[mean=0.0, stddev=0.05]",
        Initializers.truncatedNormal().toString());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Expm1Test {

  @Test
  void isWithinOneUlpOfMathExpm1FromMinusTwentyToZero() {
    float worst = 0;
    float worstAt = 0;
    for (float x = 0f; x >= -20f; x = Math.nextDown(x) - 1e-4f * Math.abs(x)) {
      double exact = Math.expm1(x);
      float ulps = (float) (Math.abs(Expm1.of(x) - exact) / Math.ulp((float) exact));
      if (ulps > worst) {
        worst = ulps;
        worstAt = x;
      }
    }
    assertTrue(worst <= 1, "worst error " + worst + " ulp at x = " + worstAt);
  }

  @Test
  void keepsItsRelativeAccuracyNearZeroAndSaturatesAtMinusOne() {
    for (float x : new float[] {-0f, -1e-30f, -1e-7f, -1e-3f}) {
      assertEquals((float) Math.expm1(x), Expm1.of(x), Math.ulp((float) Math.expm1(x)), "x = " + x);
    }
    assertEquals(-1f, Expm1.of(-20f), 0f);
    assertEquals(-1f, Expm1.of(-1e30f), 0f);
    assertEquals(-1f, Expm1.of(Float.NEGATIVE_INFINITY), 0f);
    assertTrue(Float.isNaN(Expm1.of(Float.NaN)));
  }

  /**
   * The bug this class fixes: the Vector API's EXPM1 gave other bits once C2 had compiled the
   * kernel. The first call below runs in the interpreter, the last in compiled code.
   */
  @Test
  void theVectorKernelGivesTheSameBitsBeforeAndAfterTheJitCompilesIt() {
    Elementwise vector = Elementwise.best();
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    float[] x = new float[4096];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (-6 * r.nextDouble());
    }
    float[] first = new float[x.length];
    vector.elu(x, first, 1f, x.length);
    float[] y = new float[x.length];
    for (int i = 0; i < 20_000; i++) {
      vector.elu(x, y, 1f, x.length);
    }
    assertArrayEquals(first, y, 0f);
  }
}

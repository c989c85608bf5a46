// SPDX-License-Identifier: Apache-2.0

package dev.lamina.regularizers;

import static dev.lamina.activations.ActivationGradientCheckTest.assertGradient;
import static dev.lamina.activations.ActivationGradientCheckTest.awayFromZero;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularizersTest {

  /** Keras 3 regularizers.py: L1(l1=0.01), L2(l2=0.01), L1L2(l1=0.0, l2=0.0). */
  @Test
  void defaultsAreKeras3s() {
    assertEquals(new L1L2(0.01, 0), Regularizers.l1());
    assertEquals(new L1L2(0, 0.01), Regularizers.l2());
    assertEquals(new L1L2(0, 0), Regularizers.l1l2());
    assertEquals(new L1L2(0.01, 0.02), Regularizers.l1l2().l1(0.01).l2(0.02));
    assertEquals(new L1L2(0.3, 0.4), Regularizers.l1l2(0.3, 0.4));
  }

  /** The examples of Keras' Regularizer docstring. */
  @Test
  void penaltiesMatchKerasExamples() {
    float[] ones = new float[25];
    Arrays.fill(ones, 1f);
    assertEquals(50.0, Regularizers.l2(2).penalty(ones, null), 1e-12); // L2(2.)(ones((5, 5)))
    assertEquals(0.25, Regularizers.l1().penalty(ones, null), 1e-12); // Dense kernel ones(5, 5), L1(0.01)
    float[] w = {-2, 0, 3};
    assertEquals(0.5 * 5 + 0.25 * 13, Regularizers.l1l2(0.5, 0.25).penalty(w, null), 1e-12);
  }

  @Test
  void theGradientIsAddedAndSignOfZeroIsZero() {
    float[] w = {-2, 0, 3};
    float[] g = {1, 1, 1};
    Regularizers.l1l2(0.5, 0.25).penalty(w, g);
    assertArrayEquals(new float[] {1 - 0.5f - 1f, 1, 1 + 0.5f + 1.5f}, g, 1e-6f);
  }

  /** Central differences of the penalty, in double, at values away from L1's kink. */
  @Test
  void gradientsMatchFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(5);
    for (L1L2 r : List.of(Regularizers.l1(0.3), Regularizers.l2(0.7), Regularizers.l1l2(0.2, 0.05))) {
      float[] w = awayFromZero(random, 12, 2.0);
      float[] analytic = new float[w.length];
      r.penalty(w, analytic);
      float[] numeric = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        float original = w[i];
        float h = 1e-2f;
        w[i] = original + h;
        double plus = r.penalty(w, null);
        w[i] = original - h;
        double minus = r.penalty(w, null);
        w[i] = original;
        numeric[i] = (float) ((plus - minus) / ((double) (original + h) - (original - h)));
      }
      assertGradient(r.toString(), numeric, analytic);
    }
  }

  @Test
  void negativeOrNonFiniteFactorsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(-1));
    assertEquals("L1L2: l1 must be a finite number >= 0, but was -1.0", e.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(Double.NaN));
    assertEquals("L1L2: l2 must be a finite number >= 0, but was NaN", n.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l1l2().l2(Double.POSITIVE_INFINITY));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Erf} against values of mpmath at 50 digits, rounded to double (x is the double itself:
 * {@code mp.erf(mp.mpf(x))}), on both sides of the switch between the two methods at |x| = 0.75
 * and deep in erfc's tail.
 */
class ErfTest {
  /** Relative tolerance: 4.5 ulp of 1 (worst measured over 15,000 points: 2.4e-16 erf, 7.5e-16 erfc). */
  static final double REL = 1e-15;

  /** {x, erf(x), erfc(x)}. */
  static final double[][] MPMATH = {
      {-26, -1.0, 2.0},
      {-10, -1.0, 2.0},
      {-5.5, -0.9999999999999927, 1.9999999999999927},
      {-3, -0.9999779095030014, 1.9999779095030015},
      {-1.5, -0.9661051464753108, 1.9661051464753108},
      {-0.75, -0.7111556336535151, 1.7111556336535152},
      {-0.7499999999999999, -0.7111556336535151, 1.711155633653515},
      {-0.3, -0.3286267594591274, 1.3286267594591274},
      {-1e-09, -1.1283791670955127e-09, 1.0000000011283792},
      {0.1, 0.1124629160182849, 0.887537083981715},
      {0.5, 0.5204998778130465, 0.4795001221869535},
      {0.7499999999999999, 0.7111556336535151, 0.2888443663464849},
      {0.75, 0.7111556336535151, 0.28884436634648486},
      {1, 0.8427007929497149, 0.15729920705028513},
      {2, 0.9953222650189527, 0.004677734981047266},
      {3.5, 0.9999992569016276, 7.430983723414128e-07},
      {6, 1.0, 2.1519736712498913e-17},
      {10, 1.0, 2.088487583762545e-45},
      {20, 1.0, 5.395865611607901e-176},
      {26, 1.0, 5.663192408856143e-296},
  };

  @Test
  void matchesMpmath() {
    for (double[] row : MPMATH) {
      double x = row[0];
      assertEquals(row[1], Erf.erf(x), REL * Math.abs(row[1]), "erf(" + x + ")");
      assertEquals(row[2], Erf.erfc(x), REL * Math.abs(row[2]), "erfc(" + x + ")");
    }
  }

  @Test
  void oddAndComplementary() {
    for (double x = -7; x <= 7; x += 0.01) {
      assertEquals(-Erf.erf(x), Erf.erf(-x), 0, "erf is odd at " + x);
      assertEquals(2, Erf.erfc(x) + Erf.erfc(-x), 2e-15, "erfc(x) + erfc(-x) = 2 at " + x);
      assertEquals(1, Erf.erf(x) + Erf.erfc(x), 2e-15, "erf + erfc = 1 at " + x);
    }
  }

  @Test
  void monotoneAcrossTheSwitch() {
    double previous = Erf.erf(0.7);
    for (double x = 0.7; x <= 0.8; x += 1e-4) {
      double e = Erf.erf(x);
      assertTrue(e >= previous, "erf decreases at " + x);
      previous = e;
    }
  }

  @Test
  void specialValues() {
    assertEquals(0.0, Erf.erf(0.0), 0);
    assertEquals(1.0, Erf.erfc(0.0), 0);
    assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0);
    assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY), 0);
    assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY), 0);
    assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY), 0);
    assertEquals(0.0, Erf.erfc(30), 0);
    assertTrue(Erf.erfc(27) > 0, "erfc(27) is about 5e-319, a subnormal, not 0");
    assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
  }
}

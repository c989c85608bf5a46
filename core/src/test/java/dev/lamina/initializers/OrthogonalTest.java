// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrthogonalTest {

  private static final double TOLERANCE = 1e-4;

  @Test
  void tallKernelHasOrthonormalColumns() {
    for (double gain : new double[] {1.0, 0.5, 2.5}) {
      float[] w = fill(new Orthogonal(gain), new int[] {300, 100}, 11L);
      assertGram(w, 300, 100, true, gain);
    }
  }

  @Test
  void wideKernelHasOrthonormalRows() {
    for (double gain : new double[] {1.0, 0.5, 2.5}) {
      float[] w = fill(new Orthogonal(gain), new int[] {100, 300}, 12L);
      assertGram(w, 100, 300, false, gain);
    }
  }

  @Test
  void squareKernelIsOrthogonalBothWays() {
    float[] w = fill(Initializers.orthogonal(), new int[] {64, 64}, 13L);
    assertGram(w, 64, 64, true, 1.0);
    assertGram(w, 64, 64, false, 1.0);
  }

  @Test
  void convKernelHasOrthonormalFilters() {
    // [out 32, in 16, 3, 3] -> 32 x 144: each filter is a row, and the rows are orthonormal (Keras'
    // [3, 3, 16, 32] kernel is the 144 x 32 transpose, with orthonormal columns)
    float[] w = fill(Initializers.orthogonal(), new int[] {32, 16, 3, 3}, 14L);
    assertGram(w, 32, 144, false, 1.0);
    assertEquals(java.util.Arrays.toString(fill(Initializers.orthogonal(), new int[] {32, 144}, 14L)),
        java.util.Arrays.toString(w), "the conv kernel is its [out, in·kh·kw] matrix");
    // more filters than inputs per filter: the columns are orthonormal
    float[] tall = fill(Initializers.orthogonal(), new int[] {40, 2, 1, 3}, 16L);
    assertGram(tall, 40, 6, true, 1.0);
  }

  @Test
  void isTheQOfTheSeededGaussianMatrixWithPositiveDiagonalR() {
    // Tall: W = Q D, and W^T A must be R D: upper triangular with a positive diagonal.
    assertUniqueQr(new int[] {30, 10}, 30, 10, false);
    // Wide: W = (Q D)^T, drawn as A of shape (cols, rows); W A must be upper triangular likewise.
    assertUniqueQr(new int[] {10, 30}, 30, 10, true);
  }

  @Test
  void singleElementIsTheSignOfTheDrawTimesGain() {
    float[] w = fill(new Orthogonal(3.0), new int[] {1, 1}, 15L);
    double g = new SplittableRandom(15L).nextGaussian();
    assertEquals((float) (Math.signum(g) * 3.0), w[0]);
  }

  @Test
  void defaultGainIsKeras() {
    assertEquals(1.0, Orthogonal.DEFAULT_GAIN);
    assertEquals("Orthogonal[gain=1.0]", Initializers.orthogonal().toString());
  }

  @Test
  void rejectsRankBelowTwoAndNonFiniteGain() {
    assertMessage("Orthogonal: shape must have rank >= 2, but was [6]",
        () -> Initializers.orthogonal().initialize(new float[6], new int[] {6},
            new SplittableRandom(1)));
    assertMessage("Orthogonal: shape must have rank >= 2, but was []",
        () -> Initializers.orthogonal().initialize(new float[1], new int[] {},
            new SplittableRandom(1)));
    assertMessage("Orthogonal: gain must be finite (and within float range), but was NaN",
        () -> new Orthogonal(Double.NaN));
  }

  private static float[] fill(Initializer init, int[] shape, long seed) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[] w = new float[size];
    init.initialize(w, shape, new SplittableRandom(seed));
    return w;
  }

  /** W^T W (columns) or W W^T (rows) equals gain^2 I within TOLERANCE * gain^2. */
  private static void assertGram(float[] w, int rows, int cols, boolean columns, double gain) {
    int n = columns ? cols : rows;
    int len = columns ? rows : cols;
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < len; k++) {
          dot += columns
              ? (double) w[k * cols + i] * w[k * cols + j]
              : (double) w[i * cols + k] * w[j * cols + k];
        }
        double expected = i == j ? gain * gain : 0;
        worst = Math.max(worst, Math.abs(dot - expected) / (gain * gain));
      }
    }
    assertTrue(worst < TOLERANCE, (columns ? "W^T W" : "W W^T") + " of " + rows + "x" + cols
        + " gain " + gain + ": worst relative deviation from gain^2 I " + worst);
  }

  private static void assertUniqueQr(int[] shape, int tall, int narrow, boolean wide) {
    long seed = 21L;
    float[] w = fill(Initializers.orthogonal(), shape, seed);
    SplittableRandom random = new SplittableRandom(seed);
    double[][] a = new double[tall][narrow];
    for (int i = 0; i < tall; i++) {
      for (int j = 0; j < narrow; j++) {
        a[i][j] = (float) random.nextGaussian();
      }
    }
    int cols = shape[1];
    for (int i = 0; i < narrow; i++) {
      for (int j = 0; j < narrow; j++) {
        // R[i][j] = sum_k Q[k][i] A[k][j], where Q[k][i] = W[k][i] (tall) or W[i][k] (wide).
        double r = 0;
        for (int k = 0; k < tall; k++) {
          r += (wide ? w[i * cols + k] : w[k * cols + i]) * a[k][j];
        }
        if (i > j) {
          assertEquals(0.0, r, 1e-4, "R[" + i + "][" + j + "] below the diagonal");
        } else if (i == j) {
          assertTrue(r > 0, "R[" + i + "][" + i + "] = " + r + " is not positive");
        }
      }
    }
  }
}

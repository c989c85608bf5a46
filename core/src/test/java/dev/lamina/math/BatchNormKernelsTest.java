// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API batch-normalisation kernels against the portable loops, and both against sums
 * in double, on the shapes of {@link ElementwiseTest#shapes()}. The vector kernels use fused
 * multiply-adds, so they agree with the portable ones within float rounding of the terms.
 */
class BatchNormKernelsTest {
  private static final BatchNormKernels PORTABLE = new BatchNormKernels.Portable();
  private static final BatchNormKernels VECTOR = new VectorBatchNormKernels();

  private static float[] random(int n, long seed, double mean) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (mean + r.nextGaussian());
    }
    return v;
  }

  /** |a − b| within a few float roundings of {@code scale}, the size of the terms. */
  private static void assertClose(double expected, double actual, double scale, String what) {
    assertEquals(expected, actual, 1e-6 * scale + 1e-30, what);
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("dev.lamina.math.ElementwiseTest#shapes")
  void shiftedMomentsAreTheSumsOverTheRowRange(int rows, int cols) {
    float[] x = random(rows * cols + 3, rows + 17L * cols, 50);
    float[] shift = random(cols, 2, 50);
    int from = rows / 3;
    for (BatchNormKernels kernels : new BatchNormKernels[] {PORTABLE, VECTOR}) {
      float[] sum = new float[cols];
      float[] squares = new float[cols];
      java.util.Arrays.fill(sum, 7f); // overwritten, not added to
      kernels.shiftedMoments(x, cols, from, rows, shift, sum, squares);
      for (int j = 0; j < cols; j++) {
        double s = 0;
        double q = 0;
        double size = 0;
        for (int i = from; i < rows; i++) {
          double d = (double) x[i * cols + j] - shift[j];
          s += d;
          q += d * d;
          size += Math.abs(d) + d * d;
        }
        assertClose(s, sum[j], 10 * size, kernels + " sum " + j);
        assertClose(q, squares[j], 10 * size, kernels + " squares " + j);
      }
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("dev.lamina.math.ElementwiseTest#shapes")
  void normalizeAndScaleShiftMatchThePortableLoops(int rows, int cols) {
    int n = rows * cols;
    float[] x = random(n + 3, rows * 5L + cols, 3);
    float[] mean = random(cols, 1, 3);
    float[] inverseStd = random(cols, 2, 2);
    float[] gamma = random(cols, 3, 1);
    float[] beta = random(cols, 4, 0);
    float[] expected = new float[n];
    PORTABLE.normalize(x, rows, cols, mean, inverseStd, gamma, beta, expected);
    float[] y = x.clone();
    VECTOR.normalize(y, rows, cols, mean, inverseStd, gamma, beta, y); // y may be x
    for (int k = 0; k < n; k++) {
      int j = k % cols;
      double hat = (x[k] - mean[j]) * inverseStd[j];
      assertClose(expected[k], y[k], Math.abs(gamma[j] * hat) + Math.abs(beta[j]), "y " + k);
    }

    float[] shifted = new float[n];
    PORTABLE.scaleShift(x, rows, cols, gamma, beta, shifted);
    float[] inPlace = x.clone();
    VECTOR.scaleShift(inPlace, rows, cols, gamma, beta, inPlace); // y may be x
    for (int k = 0; k < n; k++) {
      int j = k % cols;
      assertClose(shifted[k], inPlace[k], Math.abs(x[k] * gamma[j]) + Math.abs(beta[j]), "x · scale + shift " + k);
    }
    assertArrayEquals(new float[] {x[n], x[n + 1], x[n + 2]}, java.util.Arrays.copyOfRange(inPlace, n, n + 3), 0f,
        "the spare capacity is left alone");
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("dev.lamina.math.ElementwiseTest#shapes")
  void gradientSumsAndTheInputGradientMatchThePortableLoops(int rows, int cols) {
    int n = rows * cols;
    float[] dy = random(n, rows * 3L + cols, 0);
    float[] x = random(n, rows * 13L + cols, 4);
    float[] mean = random(cols, 8, 4);
    float[] sumDy = new float[cols];
    float[] sumDyCentered = new float[cols];
    float[] vectorSumDy = new float[cols];
    float[] vectorSumDyCentered = new float[cols];
    int from = rows / 3;
    PORTABLE.gradientSums(dy, x, mean, cols, from, rows, sumDy, sumDyCentered);
    VECTOR.gradientSums(dy, x, mean, cols, from, rows, vectorSumDy, vectorSumDyCentered);
    for (int j = 0; j < cols; j++) {
      double s = 0;
      double p = 0;
      double size = 0;
      for (int i = from; i < rows; i++) {
        double g = dy[i * cols + j];
        double centered = (double) x[i * cols + j] - mean[j];
        s += g;
        p += g * centered;
        size += Math.abs(g) * (1 + Math.abs(centered));
      }
      assertClose(s, sumDy[j], 10 * size, "portable Σdy " + j);
      assertClose(p, sumDyCentered[j], 10 * size, "portable Σdy·(x − mean) " + j);
      assertClose(s, vectorSumDy[j], 10 * size, "Σdy " + j);
      assertClose(p, vectorSumDyCentered[j], 10 * size, "Σdy·(x − mean) " + j);
    }
    float[] scale = random(cols, 5, 1);
    float[] meanDy = random(cols, 6, 0);
    float[] slope = random(cols, 7, 0);
    float[] expected = new float[n];
    PORTABLE.normalizeBackward(dy, x, mean, rows, cols, scale, meanDy, slope, expected);
    float[] inPlace = dy.clone();
    VECTOR.normalizeBackward(inPlace, x, mean, rows, cols, scale, meanDy, slope, inPlace); // dx may be dy
    for (int k = 0; k < n; k++) {
      int j = k % cols;
      double centered = Math.abs(x[k] - mean[j]);
      double size = Math.abs(scale[j]) * (Math.abs(dy[k]) + Math.abs(meanDy[j]) + centered * (1 + Math.abs(slope[j])));
      assertClose(expected[k], inPlace[k], 4 * size, "dx " + k);
    }
  }

  @Test
  void theVectorKernelsAreChosenWhenTheModuleIsPresent() {
    assertInstanceOf(VectorBatchNormKernels.class, BatchNormKernels.best());
  }

  @Test
  void anInfiniteInputStaysInfiniteInItsOwnColumnOnly() {
    int cols = VectorMatMul.S.length() + 1; // the last vector overlaps the first: only its new lane counts
    int infinite = cols / 2; // a column both vectors cover, for every vector length (4 lanes on NEON)
    float[] dy = new float[cols];
    java.util.Arrays.fill(dy, 1f);
    float[] x = new float[cols];
    x[infinite] = Float.POSITIVE_INFINITY;
    for (BatchNormKernels kernels : new BatchNormKernels[] {PORTABLE, VECTOR}) {
      float[] sumDy = new float[cols];
      float[] sumDyCentered = new float[cols];
      kernels.gradientSums(dy, x, new float[cols], cols, 0, 1, sumDy, sumDyCentered);
      for (int j = 0; j < cols; j++) {
        assertEquals(j == infinite ? Float.POSITIVE_INFINITY : 0f, sumDyCentered[j], kernels + ": column " + j);
      }
    }
  }
}

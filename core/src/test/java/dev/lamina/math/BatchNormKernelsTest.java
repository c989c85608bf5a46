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
    float[] expectedHat = new float[n];
    float[] expectedY = new float[n];
    PORTABLE.normalize(x, rows, cols, mean, inverseStd, gamma, beta, expectedHat, expectedY);
    float[] hat = new float[n];
    float[] y = new float[n];
    VECTOR.normalize(x, rows, cols, mean, inverseStd, gamma, beta, hat, y);
    assertArrayEquals(expectedHat, hat, 0f, "x̂ = (x − mean) · inverseStd, the same operations");
    for (int k = 0; k < n; k++) {
      int j = k % cols;
      assertClose(expectedY[k], y[k], Math.abs(gamma[j] * hat[k]) + Math.abs(beta[j]), "y " + k);
    }
    float[] same = new float[n];
    VECTOR.normalize(x, rows, cols, mean, inverseStd, gamma, beta, same, same); // y may be x̂
    assertArrayEquals(y, same, 0f);

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
    float[] hat = random(n, rows * 13L + cols, 0);
    float[] sumDy = new float[cols];
    float[] sumDyHat = new float[cols];
    float[] vectorSumDy = new float[cols];
    float[] vectorSumDyHat = new float[cols];
    PORTABLE.gradientSums(dy, hat, cols, 0, rows, sumDy, sumDyHat);
    VECTOR.gradientSums(dy, hat, cols, 0, rows, vectorSumDy, vectorSumDyHat);
    for (int j = 0; j < cols; j++) {
      double size = 0;
      for (int i = 0; i < rows; i++) {
        size += Math.abs(dy[i * cols + j]) * (1 + Math.abs(hat[i * cols + j]));
      }
      assertClose(sumDy[j], vectorSumDy[j], 10 * size, "Σdy " + j);
      assertClose(sumDyHat[j], vectorSumDyHat[j], 10 * size, "Σdy·x̂ " + j);
    }
    float[] scale = random(cols, 5, 1);
    float[] meanDy = random(cols, 6, 0);
    float[] meanDyHat = random(cols, 7, 0);
    float[] expected = new float[n];
    PORTABLE.normalizeBackward(dy, hat, rows, cols, scale, meanDy, meanDyHat, expected);
    float[] inPlace = dy.clone();
    VECTOR.normalizeBackward(inPlace, hat, rows, cols, scale, meanDy, meanDyHat, inPlace); // dx may be dy
    for (int k = 0; k < n; k++) {
      int j = k % cols;
      double size = Math.abs(scale[j]) * (Math.abs(dy[k]) + Math.abs(meanDy[j]) + Math.abs(hat[k] * meanDyHat[j]));
      assertClose(expected[k], inPlace[k], 4 * size, "dx " + k);
    }
  }

  @Test
  void theVectorKernelsAreChosenWhenTheModuleIsPresent() {
    assertInstanceOf(VectorBatchNormKernels.class, BatchNormKernels.best());
  }
}

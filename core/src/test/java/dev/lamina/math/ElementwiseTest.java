// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API kernels against the portable loops (and naive sums), on sizes around the vector length. */
class ElementwiseTest {
  private static final Elementwise PORTABLE = new Elementwise.Portable();
  private static final Elementwise VECTOR = new VectorElementwise();

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i % 7 == 0 ? 0f : (float) r.nextGaussian(); // exact zeros: the derivative is 0 there
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 33, 300, 1001})
  void reluMatchesThePortableLoop(int n) {
    float[] x = random(n + 3, n);
    float[] dy = random(n + 3, n + 1);
    float[] expected = new float[n + 3];
    float[] actual = new float[n + 3];
    PORTABLE.relu(x, expected, n);
    VECTOR.relu(x, actual, n);
    assertArrayEquals(expected, actual, 0f);
    PORTABLE.reluBackward(x, dy, expected, n);
    VECTOR.reluBackward(x, dy, actual, n);
    assertArrayEquals(expected, actual, 0f);
    // A range (a thread's part) writes only its own indices.
    int from = n / 3;
    float[] part = new float[n + 3];
    VECTOR.reluBackward(x, dy, part, from, n);
    for (int i = 0; i < n + 3; i++) {
      assertEquals(i >= from && i < n ? expected[i] : 0f, part[i], "index " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 33, 300, 1001})
  void eluMatchesThePortableLoopBitForBit(int n) {
    float[] x = random(n + 3, n);
    float[] dy = random(n + 3, n + 1);
    for (int i = 0; i < n; i += 5) {
      x[i] *= 30; // far into saturation and beyond float's exp range on the positive side
    }
    float[] expected = new float[n + 3];
    float[] actual = new float[n + 3];
    PORTABLE.elu(x, expected, 0.7f, n);
    VECTOR.elu(x, actual, 0.7f, n);
    for (int i = 0; i < n + 3; i++) {
      assertEquals(expected[i], actual[i], 0f, "elu at " + x[i]);
    }
    PORTABLE.eluBackward(x, expected, dy, expected, 0.7f, n);
    VECTOR.eluBackward(x, actual, dy, actual, 0.7f, n);
    for (int i = 0; i < n + 3; i++) {
      assertEquals(expected[i], actual[i], 0f, "elu' at " + x[i]);
    }
  }

  /**
   * Shapes of the row-wise kernels: rows shorter than two vectors (the portable loop), a multiple
   * of a vector, and longer ones whose last vector overlaps the one before; more rows than a row
   * block.
   */
  static Stream<Arguments> shapes() {
    return Stream.of(1, 3, 17, 40).flatMap(rows -> Stream.of(1, 15, 16, 17, 33, 100, 300)
        .map(cols -> Arguments.of(rows, cols)));
  }

  /** Row order in float, as the dense layer summed its bias gradient before the kernels. */
  private static float[] naiveColumnSums(float[] g, int rows, int cols) {
    float[] sum = new float[cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        sum[c] += g[r * cols + c];
      }
    }
    return sum;
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("shapes")
  void biasAndActivationMatchThePortableLoopsAndLeaveTheSpareCapacityAlone(int rows, int cols) {
    int n = rows * cols;
    float[] bias = random(cols, 5);
    float[] z = random(n + 7, rows + 31L * cols);
    for (String kernel : new String[] {"bias", "relu", "elu"}) {
      float[] zExpected = z.clone();
      float[] zActual = z.clone();
      float[] yExpected = new float[n + 7];
      float[] yActual = new float[n + 7];
      switch (kernel) {
        case "bias" -> {
          PORTABLE.addBias(zExpected, 0, rows, cols, bias);
          VECTOR.addBias(zActual, 0, rows / 2, cols, bias); // two row ranges make the whole
          VECTOR.addBias(zActual, rows / 2, rows, cols, bias);
        }
        case "relu" -> {
          PORTABLE.biasRelu(zExpected, 0, rows, cols, bias, yExpected);
          VECTOR.biasRelu(zActual, 0, rows / 2, cols, bias, yActual);
          VECTOR.biasRelu(zActual, rows / 2, rows, cols, bias, yActual);
        }
        default -> {
          PORTABLE.biasElu(zExpected, 0, rows, cols, bias, 0.7f, yExpected);
          VECTOR.biasElu(zActual, 0, rows / 2, cols, bias, 0.7f, yActual);
          VECTOR.biasElu(zActual, rows / 2, rows, cols, bias, 0.7f, yActual);
        }
      }
      for (int i = 0; i < n; i++) {
        assertEquals(z[i] + bias[i % cols], zActual[i], 0f, kernel + ": z + bias at " + i);
        assertEquals(yExpected[i], yActual[i], 0f, kernel + ": y at " + i);
      }
      assertArrayEquals(zExpected, zActual, 0f, kernel);
      for (int i = n; i < n + 7; i++) {
        assertEquals(z[i], zActual[i], 0f, kernel + ": spare z");
        assertEquals(0f, yActual[i], 0f, kernel + ": spare y");
      }
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("shapes")
  void columnSumsAddEachColumnInRowOrder(int rows, int cols) {
    int n = rows * cols;
    float[] g = random(n + 5, 3L * rows + cols);
    float[] expected = naiveColumnSums(g, rows, cols);
    float[] portable = new float[cols + 2];
    float[] vector = new float[cols + 2];
    Arrays.fill(vector, 9f); // overwritten, not added to
    vector[cols] = vector[cols + 1] = 0f;
    PORTABLE.columnSums(g, rows, cols, portable);
    VECTOR.columnSums(g, rows, cols, vector);
    assertArrayEquals(expected, Arrays.copyOf(portable, cols), 0f);
    assertArrayEquals(expected, Arrays.copyOf(vector, cols), 0f);
    assertEquals(0f, vector[cols], 0f, "beyond cols");
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("shapes")
  void activationGradientsWithTheirColumnSumsMatchTheSeparatePasses(int rows, int cols) {
    int n = rows * cols;
    float[] z = random(n, rows * 7L + cols);
    float[] dy = random(n, rows * 11L + cols);
    float[] y = new float[n];
    PORTABLE.elu(z, y, 0.7f, n);
    float[] reluDz = new float[n];
    float[] eluDz = new float[n];
    PORTABLE.reluBackward(z, dy, reluDz, n);
    PORTABLE.eluBackward(z, y, dy, eluDz, 0.7f, n);
    for (Elementwise kernels : new Elementwise[] {PORTABLE, VECTOR}) {
      float[] dz = new float[n];
      float[] sum = new float[cols];
      kernels.reluBackwardColumnSums(z, dy, dz, rows, cols, sum);
      assertArrayEquals(reluDz, dz, 0f, kernels + " relu'");
      assertArrayEquals(naiveColumnSums(reluDz, rows, cols), sum, 0f, kernels + " relu' column sums");
      kernels.eluBackwardColumnSums(z, y, dy, dz, 0.7f, rows, cols, sum);
      assertArrayEquals(eluDz, dz, 0f, kernels + " elu'");
      assertArrayEquals(naiveColumnSums(eluDz, rows, cols), sum, 0f, kernels + " elu' column sums");
    }
  }

  @Test
  void theVectorKernelsAreChosenWhenTheModuleIsPresent() {
    assertInstanceOf(VectorElementwise.class, Elementwise.best());
  }
}

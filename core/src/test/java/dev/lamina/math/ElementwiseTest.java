package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API kernels against the portable loops, on sizes around the vector length. */
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
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 33, 300, 1001})
  void eluMatchesThePortableLoopWithinAnUlpOrTwo(int n) {
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
      assertEquals(expected[i], actual[i], 2 * Math.ulp(expected[i]), "elu at " + x[i]);
    }
    PORTABLE.eluBackward(x, expected, dy, expected, 0.7f, n);
    VECTOR.eluBackward(x, actual, dy, actual, 0.7f, n);
    for (int i = 0; i < n + 3; i++) {
      assertEquals(expected[i], actual[i], 4 * Math.ulp(expected[i]) + 1e-7f, "elu' at " + x[i]);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1})
  void theVectorKernelsAreChosenWhenTheModuleIsPresent(int unused) {
    assertInstanceOf(VectorElementwise.class, Elementwise.best());
  }
}

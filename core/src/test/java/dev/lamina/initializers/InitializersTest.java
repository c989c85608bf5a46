// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.initializers.VarianceScaling.Distribution;
import dev.lamina.initializers.VarianceScaling.FanMode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InitializersTest {

  /**
   * One initializer per factory method of {@link Initializers}: THE list the contract tests run
   * over. {@link #everyFactoryMethodIsInTheContractList()} fails when a factory method is added
   * without an entry here.
   *
   * @param factory the factory method's signature, e.g. {@code "randomNormal(double,double)"}
   * @param random whether the initializer draws from the generator
   */
  record Case(String factory, Initializer initializer, boolean random) {
    @Override
    public String toString() {
      return factory + " = " + initializer;
    }
  }

  static final List<Case> ALL = List.of(
      new Case("zeros()", Initializers.zeros(), false),
      new Case("ones()", Initializers.ones(), false),
      new Case("constant(double)", Initializers.constant(-0.3), false),
      new Case("randomNormal()", Initializers.randomNormal(), true),
      new Case("randomNormal(double,double)", Initializers.randomNormal(0.5, 2.0), true),
      new Case("randomUniform()", Initializers.randomUniform(), true),
      new Case("randomUniform(double,double)", Initializers.randomUniform(-1, 3), true),
      new Case("truncatedNormal()", Initializers.truncatedNormal(), true),
      new Case("truncatedNormal(double,double)", Initializers.truncatedNormal(1, 0.5), true),
      new Case("varianceScaling(double,FanMode,Distribution)",
          Initializers.varianceScaling(0.5, FanMode.FAN_OUT, Distribution.UNTRUNCATED_NORMAL), true),
      new Case("glorotUniform()", Initializers.glorotUniform(), true),
      new Case("glorotNormal()", Initializers.glorotNormal(), true),
      new Case("heUniform()", Initializers.heUniform(), true),
      new Case("heNormal()", Initializers.heNormal(), true),
      new Case("lecunUniform()", Initializers.lecunUniform(), true),
      new Case("lecunNormal()", Initializers.lecunNormal(), true),
      new Case("orthogonal()", Initializers.orthogonal(), true),
      new Case("orthogonal(double)", Initializers.orthogonal(1.5), true));

  /** Shapes every initializer must fill (rank >= 2, as Orthogonal requires): tall, wide, conv, row. */
  private static final List<int[]> SHAPES =
      List.of(new int[] {7, 5}, new int[] {5, 7}, new int[] {3, 3, 4, 6}, new int[] {1, 6});

  static List<Case> all() {
    return ALL;
  }

  @Test
  void everyFactoryMethodIsInTheContractList() {
    Set<String> factories = Arrays.stream(Initializers.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .map(InitializersTest::signature)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed = ALL.stream().map(Case::factory)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(factories, listed);
  }

  private static String signature(Method m) {
    return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
        .collect(Collectors.joining(",", "(", ")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void fillsEveryElementWithFiniteValues(Case c) {
    for (int[] shape : SHAPES) {
      float[] w = fill(c.initializer(), shape, 42L);
      for (int i = 0; i < w.length; i++) {
        assertTrue(Float.isFinite(w[i]), c + " " + Arrays.toString(shape) + " [" + i + "] = " + w[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void sameSeedGivesBitIdenticalValues(Case c) {
    for (int[] shape : SHAPES) {
      assertArrayEquals(bits(fill(c.initializer(), shape, 42L)), bits(fill(c.initializer(), shape, 42L)),
          c + " " + Arrays.toString(shape));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void differentSeedGivesDifferentValuesOnlyIfRandom(Case c) {
    for (int[] shape : SHAPES) {
      boolean same = Arrays.equals(bits(fill(c.initializer(), shape, 42L)),
          bits(fill(c.initializer(), shape, 43L)));
      assertEquals(!c.random(), same, c + " " + Arrays.toString(shape));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void leavesShapeUnchanged(Case c) {
    int[] shape = {3, 3, 4, 6};
    c.initializer().initialize(new float[3 * 3 * 4 * 6], shape, new SplittableRandom(1));
    assertArrayEquals(new int[] {3, 3, 4, 6}, shape, c.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void rejectsValuesNotMatchingShape(Case c) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.initializer().initialize(new float[11], new int[] {3, 4}, new SplittableRandom(1)));
    String name = c.initializer().getClass().getSimpleName();
    assertEquals(name + ": values length must equal the product of the shape [3, 4] = 12,"
        + " but was 11", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> c.initializer().initialize(new float[0], new int[] {-1, 4}, new SplittableRandom(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void handlesEmptyShapes(Case c) {
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(
        () -> c.initializer().initialize(new float[0], new int[] {0, 4}, new SplittableRandom(1)));
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(
        () -> c.initializer().initialize(new float[0], new int[] {4, 0}, new SplittableRandom(1)));
  }

  @Test
  void zerosOnesAndConstantAreExact() {
    assertAllEqual(0f, fill(Initializers.zeros(), new int[] {4, 5}, 1L));
    assertAllEqual(1f, fill(Initializers.ones(), new int[] {4, 5}, 1L));
    assertAllEqual((float) -0.3, fill(Initializers.constant(-0.3), new int[] {4, 5}, 1L));
    assertAllEqual(7f, fill(Initializers.constant(7), new int[] {9}, 1L));
    assertAllEqual(2.5f, fill(Initializers.constant(2.5), new int[] {}, 1L));
  }

  @Test
  void defaultsAreKeras() {
    assertEquals(new RandomNormal(0.0, 0.05), Initializers.randomNormal());
    assertEquals(new RandomUniform(-0.05, 0.05), Initializers.randomUniform());
    assertEquals(new TruncatedNormal(0.0, 0.05), Initializers.truncatedNormal());
    assertEquals(new Orthogonal(1.0), Initializers.orthogonal());
    assertEquals(new Constant(0.0), Initializers.zeros());
    assertEquals(new Constant(1.0), Initializers.ones());
    assertSame(Initializers.glorotUniform(), Initializers.glorotUniform());
  }

  @Test
  void randomNormalMoments() {
    assertMoments(fill(Initializers.randomNormal(0.5, 2.0), new int[] {300, 100}, 5L), 0.5, 4.0);
    assertMoments(fill(Initializers.randomNormal(), new int[] {300, 100}, 5L), 0.0, 0.0025);
  }

  @Test
  void randomUniformMomentsAndBounds() {
    float[] w = fill(Initializers.randomUniform(-1, 3), new int[] {300, 100}, 6L);
    assertMoments(w, 1.0, 16.0 / 12);
    assertWithin(w, -1f, 3f, false);
    float[] d = fill(Initializers.randomUniform(), new int[] {300, 100}, 6L);
    assertMoments(d, 0.0, 0.01 / 12);
    assertWithin(d, -0.05f, 0.05f, false);
  }

  @Test
  void truncatedNormalMomentsAndBounds() {
    double k = VarianceScaling.TRUNCATED_NORMAL_STDDEV;
    float[] w = fill(Initializers.truncatedNormal(1, 0.5), new int[] {300, 100}, 8L);
    assertMoments(w, 1.0, (k * 0.5) * (k * 0.5));
    assertWithin(w, (float) (1 - 2 * 0.5), (float) (1 + 2 * 0.5), true);
    float[] d = fill(Initializers.truncatedNormal(), new int[] {300, 100}, 8L);
    assertMoments(d, 0.0, (k * 0.05) * (k * 0.05));
    assertWithin(d, (float) (-2 * 0.05), (float) (2 * 0.05), true);
  }

  private static float[] fill(Initializer init, int[] shape, long seed) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[] w = new float[size];
    Arrays.fill(w, Float.NaN);
    init.initialize(w, shape, new SplittableRandom(seed));
    return w;
  }

  private static int[] bits(float[] w) {
    int[] b = new int[w.length];
    for (int i = 0; i < w.length; i++) {
      b[i] = Float.floatToRawIntBits(w[i]);
    }
    return b;
  }

  private static void assertAllEqual(float expected, float[] w) {
    for (float v : w) {
      assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(v), "value " + v);
    }
  }

  /** Mean within 5 standard errors; sample variance within 5%. */
  private static void assertMoments(float[] w, double mean, double variance) {
    double m = 0;
    for (float v : w) {
      m += v;
    }
    m /= w.length;
    double ss = 0;
    for (float v : w) {
      ss += (v - m) * (v - m);
    }
    double s2 = ss / (w.length - 1);
    assertEquals(mean, m, 5 * Math.sqrt(variance / w.length), "mean");
    assertEquals(1.0, s2 / variance, 0.05, "variance " + s2 + " vs " + variance);
  }

  /** All values in [lo, hi] (closed) or [lo, hi) (half-open), and both ends approached. */
  private static void assertWithin(float[] w, float lo, float hi, boolean closed) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : w) {
      assertTrue(v >= lo && (closed ? v <= hi : v < hi), v + " outside [" + lo + ", " + hi + "]");
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double margin = 0.01 * (hi - lo);
    assertFalse(min > lo + margin || max < hi - margin, "range [" + min + ", " + max + "]");
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.initializers.VarianceScaling.Distribution;
import dev.lamina.initializers.VarianceScaling.FanMode;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class VarianceScalingTest {

  /** A 300x100 kernel: fanIn 300, fanOut 100, fanAvg 200. */
  private static final int[] KERNEL = {300, 100};
  private static final int N = 300 * 100;
  private static final double VARIANCE_TOLERANCE = 0.05;

  /** Every preset of {@link Initializers}, with its Keras definition. */
  static Stream<Arguments> presets() {
    return Stream.of(
        preset("glorotUniform", Initializers::glorotUniform, 1.0, FanMode.FAN_AVG, Distribution.UNIFORM),
        preset("glorotNormal", Initializers::glorotNormal, 1.0, FanMode.FAN_AVG,
            Distribution.TRUNCATED_NORMAL),
        preset("heUniform", Initializers::heUniform, 2.0, FanMode.FAN_IN, Distribution.UNIFORM),
        preset("heNormal", Initializers::heNormal, 2.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL),
        preset("lecunUniform", Initializers::lecunUniform, 1.0, FanMode.FAN_IN, Distribution.UNIFORM),
        preset("lecunNormal", Initializers::lecunNormal, 1.0, FanMode.FAN_IN,
            Distribution.TRUNCATED_NORMAL));
  }

  private static Arguments preset(String name, Supplier<VarianceScaling> factory, double scale,
      FanMode mode, Distribution distribution) {
    return Arguments.of(name, factory, scale, mode, distribution);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presets")
  void presetMatchesKerasDefinition(String name, Supplier<VarianceScaling> factory, double scale,
      FanMode mode, Distribution distribution) {
    assertEquals(new VarianceScaling(scale, mode, distribution), factory.get(), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presets")
  void presetHasTargetVarianceOnKernel(String name, Supplier<VarianceScaling> factory,
      double scale, FanMode mode, Distribution distribution) {
    double n = switch (mode) {
      case FAN_IN -> 300;
      case FAN_OUT -> 100;
      case FAN_AVG -> 200;
    };
    double target = scale / n;
    float[] w = sample(factory.get(), name.hashCode()); // an independent draw per preset
    assertMoments(name, w, target);
    assertBounds(factory.get(), w, target);
  }

  @ParameterizedTest
  @EnumSource(FanMode.class)
  void everyModeAndDistributionHitsScaleOverFan(FanMode mode) {
    double n = switch (mode) {
      case FAN_IN -> 300;
      case FAN_OUT -> 100;
      case FAN_AVG -> 200;
    };
    double scale = 1.7;
    for (Distribution distribution : Distribution.values()) {
      VarianceScaling init = new VarianceScaling(scale, mode, distribution);
      assertEquals(scale / n, init.variance(KERNEL), 1e-15, init.toString());
      float[] w = sample(init, 99L);
      assertMoments(init.toString(), w, scale / n);
      assertBounds(init, w, scale / n);
    }
  }

  @Test
  void convKernelUsesReceptiveField() {
    // Conv2D kernel [out 32, in 16, 3, 3]: fanIn = 3*3*16 = 144, fanOut = 3*3*32 = 288, fanAvg = 216.
    int[] conv = {32, 16, 3, 3};
    assertEquals(2.0 / 144, Initializers.heNormal().variance(conv), 1e-15);
    assertEquals(1.0 / 216, Initializers.glorotUniform().variance(conv), 1e-15);
    assertEquals(1.0 / 288,
        new VarianceScaling(1.0, FanMode.FAN_OUT, Distribution.UNIFORM).variance(conv), 1e-15);
  }

  @Test
  void fanBelowOneCountsAsOneAsInKeras() {
    assertEquals(2.0, Initializers.heNormal().variance(new int[] {}), 0.0);
    assertEquals(2.0, Initializers.heNormal().variance(new int[] {0, 5}), 0.0);
  }

  @Test
  void uniformIsSymmetricAroundZeroWithKerasLimit() {
    // glorotUniform on [300, 100]: limit = sqrt(6 / (300 + 100)).
    float limit = (float) Math.sqrt(6.0 / 400);
    float[] w = sample(Initializers.glorotUniform(), 3L);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : w) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(max < limit && max > 0.99f * limit, "max " + max + " vs limit " + limit);
    assertTrue(min >= -limit && min < -0.99f * limit, "min " + min + " vs limit " + limit);
  }

  @Test
  void rejectsNonPositiveScale() {
    assertMessage("VarianceScaling: scale must be > 0, but was -1.0",
        () -> new VarianceScaling(-1.0, FanMode.FAN_IN, Distribution.UNIFORM));
    assertMessage("VarianceScaling: scale must be > 0, but was 0.0",
        () -> new VarianceScaling(0.0, FanMode.FAN_IN, Distribution.UNIFORM));
    assertMessage("VarianceScaling: scale must be > 0, but was NaN",
        () -> Initializers.varianceScaling(Double.NaN, FanMode.FAN_IN, Distribution.UNIFORM));
    assertMessage("VarianceScaling: scale must be finite, but was Infinity",
        () -> new VarianceScaling(Double.POSITIVE_INFINITY, FanMode.FAN_IN, Distribution.UNIFORM));
  }

  @Test
  void rejectsNullModeAndDistribution() {
    NullPointerException mode = assertThrows(NullPointerException.class,
        () -> new VarianceScaling(1.0, nullValue(), Distribution.UNIFORM));
    assertEquals("VarianceScaling: mode must not be null", mode.getMessage());
    NullPointerException distribution = assertThrows(NullPointerException.class,
        () -> new VarianceScaling(1.0, FanMode.FAN_IN, nullValue()));
    assertEquals("VarianceScaling: distribution must not be null", distribution.getMessage());
  }

  @Test
  void rejectsValuesNotMatchingShape() {
    assertMessage("VarianceScaling: values length must equal the product of the shape [3, 4] = 12,"
            + " but was 11",
        () -> Initializers.heNormal().initialize(new float[11], new int[] {3, 4},
            new SplittableRandom(1)));
  }

  @Test
  void toStringIsReadable() {
    assertEquals("VarianceScaling[scale=2.0, mode=FAN_IN, distribution=TRUNCATED_NORMAL]",
        Initializers.heNormal().toString());
  }

  @SuppressWarnings("unchecked")
  private static <T> T nullValue() {
    return (T) (Object) null;
  }

  private static float[] sample(Initializer init, long seed) {
    float[] w = new float[N];
    init.initialize(w, KERNEL.clone(), new SplittableRandom(seed));
    return w;
  }

  /** Sample variance within 5% of target; mean within ~5 standard errors of 0. */
  private static void assertMoments(String name, float[] w, double target) {
    double mean = 0;
    for (float v : w) {
      mean += v;
    }
    mean /= w.length;
    double ss = 0;
    for (float v : w) {
      ss += (v - mean) * (v - mean);
    }
    double variance = ss / (w.length - 1);
    double ratio = variance / target;
    assertTrue(Math.abs(ratio - 1) < VARIANCE_TOLERANCE,
        name + ": variance " + variance + " vs target " + target + " (ratio " + ratio + ")");
    double meanTolerance = 5 * Math.sqrt(target / w.length);
    assertTrue(Math.abs(mean) < meanTolerance,
        name + ": mean " + mean + " beyond " + meanTolerance);
  }

  /** Uniform within [-limit, limit); truncated normal within 2 stddev; plain normal unbounded. */
  private static void assertBounds(VarianceScaling init, float[] w, double target) {
    switch (init.distribution()) {
      case UNIFORM -> {
        float limit = (float) Math.sqrt(3 * target);
        for (float v : w) {
          assertTrue(v >= -limit && v < limit, init + ": " + v + " outside [-" + limit + ", " + limit + ")");
        }
      }
      case TRUNCATED_NORMAL -> {
        double stddev = Math.sqrt(target) / VarianceScaling.TRUNCATED_NORMAL_STDDEV;
        float bound = (float) (2 * stddev);
        float maxAbs = 0;
        for (float v : w) {
          assertTrue(Math.abs(v) <= bound, init + ": " + v + " beyond 2 stddev " + bound);
          maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs > 0.99f * bound, init + ": truncation bound never approached");
      }
      case UNTRUNCATED_NORMAL -> {
        float bound = (float) (2 * Math.sqrt(target));
        int beyond = 0;
        for (float v : w) {
          if (Math.abs(v) > bound) {
            beyond++;
          }
        }
        // P(|z| > 2) = 4.55%: an untruncated normal must produce them.
        assertTrue(beyond > 0.03 * w.length, init + ": only " + beyond + " values beyond 2 stddev");
      }
    }
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}

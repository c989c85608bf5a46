// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws values whose variance is {@code scale / n}, where {@code n} is a fan of the shape chosen by
 * {@code mode}. The Glorot, He and LeCun initializers are presets of this one.
 *
 * <p>With {@link Fans} of the shape, {@code n = max(1, fanIn | fanOut | (fanIn + fanOut) / 2)} per
 * {@link FanMode}, and per {@link Distribution}:
 *
 * <ul>
 *   <li>{@code TRUNCATED_NORMAL}: normal with mean 0 and
 *       {@code stddev = sqrt(scale / n) / 0.87962566103423978}, truncated at 2 stddev (the divisor
 *       is the standard deviation of a standard normal truncated to [-2, 2], so the variance is
 *       {@code scale / n});
 *   <li>{@code UNTRUNCATED_NORMAL}: normal with mean 0 and {@code stddev = sqrt(scale / n)};
 *   <li>{@code UNIFORM}: uniform on {@code [-limit, limit)} with {@code limit = sqrt(3 scale / n)}.
 * </ul>
 *
 * <p>Presets (Keras), in {@link Initializers}: glorot = scale 1, {@code FAN_AVG}; he = scale 2,
 * {@code FAN_IN}; lecun = scale 1, {@code FAN_IN}; the {@code *Normal} ones use
 * {@code TRUNCATED_NORMAL} and the {@code *Uniform} ones {@code UNIFORM}.
 *
 * <p>Source: Keras 3 {@code keras.initializers.VarianceScaling},
 * {@code keras/src/initializers/random_initializers.py}.
 *
 * @param scale the variance scale; finite and &gt; 0
 * @param mode which fan divides the scale
 * @param distribution the distribution sampled
 */
public record VarianceScaling(double scale, FanMode mode, Distribution distribution)
    implements Initializer {

  /**
   * The standard deviation of a standard normal truncated to [-2, 2]. Source: Keras 3
   * {@code VarianceScaling.__call__}, "constant from scipy.stats.truncnorm.std(a=-2, b=2, loc=0.,
   * scale=1.)".
   */
  public static final double TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

  /** Which fan of the shape divides the scale (Keras {@code mode}). */
  public enum FanMode {
    /** {@code n = fanIn} (Keras {@code "fan_in"}); preserves the forward-pass variance. */
    FAN_IN,
    /** {@code n = fanOut} (Keras {@code "fan_out"}); preserves the backward-pass variance. */
    FAN_OUT,
    /** {@code n = (fanIn + fanOut) / 2} (Keras {@code "fan_avg"}); a compromise of both. */
    FAN_AVG;

    /** This mode's fan of {@code fans}. */
    public double of(Fans fans) {
      return switch (this) {
        case FAN_IN -> fans.fanIn();
        case FAN_OUT -> fans.fanOut();
        case FAN_AVG -> fans.fanAvg();
      };
    }
  }

  /** The distribution sampled (Keras {@code distribution}). */
  public enum Distribution {
    /** Normal truncated at 2 stddev, rescaled to keep the variance (Keras "truncated_normal"). */
    TRUNCATED_NORMAL,
    /** Plain normal (Keras {@code "untruncated_normal"}). */
    UNTRUNCATED_NORMAL,
    /** Uniform on {@code [-limit, limit)} (Keras {@code "uniform"}). */
    UNIFORM
  }

  /** Validates that scale is finite and positive and that mode and distribution are given. */
  public VarianceScaling {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("VarianceScaling: scale must be > 0, but was " + scale);
    }
    if (Double.isInfinite(scale)) {
      throw new IllegalArgumentException("VarianceScaling: scale must be finite, but was " + scale);
    }
    Objects.requireNonNull(mode, "VarianceScaling: mode must not be null");
    Objects.requireNonNull(distribution, "VarianceScaling: distribution must not be null");
  }

  /**
   * The target variance {@code scale / max(1, n)} for {@code shape}, {@code n} per {@link #mode}.
   *
   * @throws IllegalArgumentException if a dimension is negative
   */
  public double variance(int[] shape) {
    return scale / Math.max(1.0, mode.of(Fans.of(shape)));
  }

  @Override
  public void initialize(float[] values, int[] shape, RandomGenerator random) {
    InitializerSupport.requireSize("VarianceScaling", values, shape);
    double variance = variance(shape);
    switch (distribution) {
      case TRUNCATED_NORMAL -> InitializerSupport.fillTruncatedNormal(
          values, 0.0, Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV, random);
      case UNTRUNCATED_NORMAL -> InitializerSupport.fillNormal(
          values, 0.0, Math.sqrt(variance), random);
      case UNIFORM -> {
        double limit = Math.sqrt(3.0 * variance);
        InitializerSupport.fillUniform(values, -limit, limit, random);
      }
    }
  }
}

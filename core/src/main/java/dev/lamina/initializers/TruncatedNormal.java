// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.random.RandomGenerator;

/**
 * Draws each element from a normal distribution truncated at two standard deviations:
 * {@code w ~ N(mean, stddev^2)}, and any draw with {@code |w - mean| > 2 stddev} is redrawn.
 *
 * <p>{@code stddev} is the standard deviation before truncation; the resulting variance is
 * {@code (0.87962566 * stddev)^2}.
 *
 * <p>Defaults (Keras): mean {@value #DEFAULT_MEAN}, stddev {@value #DEFAULT_STDDEV}; see
 * {@link Initializers#truncatedNormal()}.
 *
 * <p>Source: Keras 3 {@code keras.initializers.TruncatedNormal},
 * {@code keras/src/initializers/random_initializers.py}.
 *
 * @param mean the mean; finite
 * @param stddev the standard deviation before truncation; finite and &gt; 0
 */
public record TruncatedNormal(double mean, double stddev) implements Initializer {

  /** Keras 3 {@code TruncatedNormal(mean=0.0, ...)} default. */
  public static final double DEFAULT_MEAN = 0.0;

  /** Keras 3 {@code TruncatedNormal(..., stddev=0.05)} default. */
  public static final double DEFAULT_STDDEV = 0.05;

  /** Validates that mean is finite and stddev is finite and positive. */
  public TruncatedNormal {
    InitializerSupport.requireFiniteFloat("TruncatedNormal", "mean", mean);
    InitializerSupport.requireFiniteFloat("TruncatedNormal", "stddev", stddev);
    if (!(stddev > 0)) {
      throw new IllegalArgumentException("TruncatedNormal: stddev must be > 0, but was " + stddev);
    }
  }

  @Override
  public void initialize(float[] values, int[] shape, RandomGenerator random) {
    InitializerSupport.requireSize("TruncatedNormal", values, shape);
    InitializerSupport.fillTruncatedNormal(values, mean, stddev, random);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.random.RandomGenerator;

/**
 * Draws each element independently from a normal distribution: {@code w ~ N(mean, stddev^2)}.
 *
 * <p>Defaults (Keras): mean {@value #DEFAULT_MEAN}, stddev {@value #DEFAULT_STDDEV}; see
 * {@link Initializers#randomNormal()}.
 *
 * <p>Source: Keras 3 {@code keras.initializers.RandomNormal},
 * {@code keras/src/initializers/random_initializers.py}.
 *
 * @param mean the mean; finite
 * @param stddev the standard deviation; finite and &gt; 0
 */
public record RandomNormal(double mean, double stddev) implements Initializer {

  /** Keras 3 {@code RandomNormal(mean=0.0, ...)} default. */
  public static final double DEFAULT_MEAN = 0.0;

  /** Keras 3 {@code RandomNormal(..., stddev=0.05)} default. */
  public static final double DEFAULT_STDDEV = 0.05;

  /** Validates that mean is finite and stddev is finite and positive. */
  public RandomNormal {
    InitializerSupport.requireFiniteFloat("RandomNormal", "mean", mean);
    InitializerSupport.requireFiniteFloat("RandomNormal", "stddev", stddev);
    if (!(stddev > 0)) {
      throw new IllegalArgumentException("RandomNormal: stddev must be > 0, but was " + stddev);
    }
  }

  @Override
  public void initialize(float[] values, int[] shape, RandomGenerator random) {
    InitializerSupport.requireSize("RandomNormal", values, shape);
    InitializerSupport.fillNormal(values, mean, stddev, random);
  }
}

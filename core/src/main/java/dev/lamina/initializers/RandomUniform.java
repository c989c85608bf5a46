// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.random.RandomGenerator;

/**
 * Draws each element independently from a uniform distribution: {@code w ~ U[min, max)}.
 *
 * <p>Defaults (Keras): min {@value #DEFAULT_MIN}, max {@value #DEFAULT_MAX}; see
 * {@link Initializers#randomUniform()}.
 *
 * <p>Source: Keras 3 {@code keras.initializers.RandomUniform} ({@code minval}, {@code maxval}),
 * {@code keras/src/initializers/random_initializers.py}.
 *
 * @param min the inclusive lower bound; finite
 * @param max the exclusive upper bound; finite, and {@code (float) min < (float) max}
 */
public record RandomUniform(double min, double max) implements Initializer {

  /** Keras 3 {@code RandomUniform(minval=-0.05, ...)} default. */
  public static final double DEFAULT_MIN = -0.05;

  /** Keras 3 {@code RandomUniform(..., maxval=0.05)} default. */
  public static final double DEFAULT_MAX = 0.05;

  /** Validates that the bounds are finite and {@code min < max} (compared as floats). */
  public RandomUniform {
    InitializerSupport.requireFiniteFloat("RandomUniform", "min", min);
    InitializerSupport.requireFiniteFloat("RandomUniform", "max", max);
    if (!((float) min < (float) max)) {
      throw new IllegalArgumentException(
          "RandomUniform: min must be < max (as floats), but was min=" + min + ", max=" + max);
    }
  }

  @Override
  public void initialize(float[] values, int[] shape, RandomGenerator random) {
    InitializerSupport.requireSize("RandomUniform", values, shape);
    InitializerSupport.fillUniform(values, min, max, random);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Fills every element with the same value: {@code w = value}. Uses no randomness.
 *
 * <p>{@link Initializers#zeros()} and {@link Initializers#ones()} are constants 0 and 1.
 *
 * <p>Source: Keras 3 {@code keras.initializers.Constant} (and {@code Zeros}, {@code Ones}),
 * {@code keras/src/initializers/constant_initializers.py}.
 *
 * @param value the value written; must be finite and within float range
 */
public record Constant(double value) implements Initializer {

  /** Validates that the value is finite as a float. */
  public Constant {
    InitializerSupport.requireFiniteFloat("Constant", "value", value);
  }

  @Override
  public void initialize(float[] values, int[] shape, RandomGenerator random) {
    InitializerSupport.requireSize("Constant", values, shape);
    Arrays.fill(values, (float) value);
  }
}

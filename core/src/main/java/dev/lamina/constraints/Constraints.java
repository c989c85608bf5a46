// SPDX-License-Identifier: Apache-2.0

package dev.lamina.constraints;

/**
 * Factories for the built-in {@link Constraint}s, with Keras' defaults:
 *
 * <pre>{@code
 * Layers.dense(300).kernelConstraint(Constraints.maxNorm(1.0))
 * }</pre>
 */
public final class Constraints {
  /** 2, Keras' default {@code max_value} of {@code MaxNorm}. */
  public static final double DEFAULT_MAX_NORM = 2;
  /** 0, Keras' default {@code axis} of {@code MaxNorm}: per output unit of a Dense kernel. */
  public static final int DEFAULT_MAX_NORM_AXIS = 0;

  private Constraints() {}

  /** Keras' {@code MaxNorm()}: max value 2, axis 0. */
  public static MaxNorm maxNorm() {
    return new MaxNorm(DEFAULT_MAX_NORM, DEFAULT_MAX_NORM_AXIS);
  }

  /**
   * Norms along axis 0 limited to {@code maxValue}.
   *
   * @throws IllegalArgumentException if maxValue is not a positive finite number
   */
  public static MaxNorm maxNorm(double maxValue) {
    return new MaxNorm(maxValue, DEFAULT_MAX_NORM_AXIS);
  }

  /**
   * Norms along {@code axis} limited to {@code maxValue}.
   *
   * @throws IllegalArgumentException if maxValue is not a positive finite number
   */
  public static MaxNorm maxNorm(double maxValue, int axis) {
    return new MaxNorm(maxValue, axis);
  }

  /** Keras' {@code NonNeg}: negative values become 0. */
  public static Constraint nonNeg() {
    return (values, shape) -> {
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.max(values[i], 0f);
      }
    };
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.regularizers;

import org.jspecify.annotations.Nullable;

/**
 * The L1 and L2 penalties: {@code l1 · Σ|w| + l2 · Σ w²} (Keras {@code L1L2}). The gradient is
 * {@code l1 · sign(w) + 2 · l2 · w}, with sign(0) = 0 (as TensorFlow's gradient of |w|).
 *
 * <p>{@link Regularizers#l1()} and {@link Regularizers#l2()} are presets with one factor at 0.
 * Keras' {@code L1L2} class defaults both factors to 0 ({@link Regularizers#l1l2()}); set them
 * with {@link #l1(double)} and {@link #l2(double)}.
 *
 * @param l1 the L1 factor, finite and ≥ 0
 * @param l2 the L2 factor, finite and ≥ 0
 */
public record L1L2(double l1, double l2) implements Regularizer {

  /** @throws IllegalArgumentException if a factor is negative, infinite or NaN (as Keras' validate_float_arg) */
  public L1L2 {
    check("l1", l1);
    check("l2", l2);
  }

  /** A copy with the L1 factor changed. */
  public L1L2 l1(double l1) {
    return new L1L2(l1, l2);
  }

  /** A copy with the L2 factor changed. */
  public L1L2 l2(double l2) {
    return new L1L2(l1, l2);
  }

  @Override
  public double penalty(float[] values, float @Nullable [] gradient) {
    double abs = 0;
    double squares = 0;
    for (float w : values) {
      abs += Math.abs(w);
      squares += (double) w * w;
    }
    if (gradient != null) {
      float a = (float) l1;
      float b = (float) (2 * l2);
      for (int i = 0; i < values.length; i++) {
        gradient[i] += a * Math.signum(values[i]) + b * values[i];
      }
    }
    return l1 * abs + l2 * squares;
  }

  private static void check(String name, double factor) {
    if (!(factor >= 0 && factor < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("L1L2: " + name + " must be a finite number >= 0, but was " + factor);
    }
  }
}

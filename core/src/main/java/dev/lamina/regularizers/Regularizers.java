// SPDX-License-Identifier: Apache-2.0

package dev.lamina.regularizers;

/**
 * Factories for the built-in {@link Regularizer}s, with Keras 3's defaults:
 *
 * <pre>{@code
 * Layers.dense(300).kernelRegularizer(Regularizers.l2(0.01))
 * }</pre>
 */
public final class Regularizers {
  /** 0.01, the default factor of Keras' {@code L1} and {@code L2} (and of tf.keras 2's {@code l1_l2()}). */
  public static final double DEFAULT_FACTOR = 0.01;

  private Regularizers() {}

  /** {@code 0.01 · Σ|w|} (Keras {@code L1()}). */
  public static L1L2 l1() {
    return l1(DEFAULT_FACTOR);
  }

  /**
   * {@code factor · Σ|w|}.
   *
   * @throws IllegalArgumentException if factor is negative or not finite
   */
  public static L1L2 l1(double factor) {
    return new L1L2(factor, 0);
  }

  /** {@code 0.01 · Σw²} (Keras {@code L2()}). */
  public static L1L2 l2() {
    return l2(DEFAULT_FACTOR);
  }

  /**
   * {@code factor · Σw²}.
   *
   * @throws IllegalArgumentException if factor is negative or not finite
   */
  public static L1L2 l2(double factor) {
    return new L1L2(0, factor);
  }

  /**
   * Keras' {@code L1L2()} with its class defaults l1 = 0 and l2 = 0 (no penalty until set):
   * {@code Regularizers.l1l2().l1(0.01).l2(0.01)}. In Keras 3 the string {@code "l1l2"} means this
   * too; tf.keras 2's function {@code l1_l2()} (and its string {@code "l1_l2"}, which Keras 3
   * rejects) meant 0.01 and 0.01: write {@link #l1l2(double, double)} for that.
   */
  public static L1L2 l1l2() {
    return new L1L2(0, 0);
  }

  /**
   * {@code l1 · Σ|w| + l2 · Σw²}.
   *
   * @throws IllegalArgumentException if a factor is negative or not finite
   */
  public static L1L2 l1l2(double l1, double l2) {
    return new L1L2(l1, l2);
  }
}

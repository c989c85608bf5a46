// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.random.RandomGenerator;

/**
 * Fills a new parameter with its starting values. Fans follow Keras ({@link Fans}): for a 2-D
 * kernel of shape [in, out], fanIn = in and fanOut = out; for a 1-D shape [n], fanIn = fanOut = n;
 * for a convolution kernel [out, in / groups, kh, kw], fanIn = in / groups · kh · kw and
 * fanOut = out · kh · kw.
 *
 * <p>A single-method interface, so a lambda is an initializer:
 * {@code Initializer half = (values, shape, random) -> java.util.Arrays.fill(values, 0.5f);}
 */
@FunctionalInterface
public interface Initializer {

  /**
   * Writes initial values into {@code values}, a row-major array of the given shape.
   *
   * @param values the parameter's values. Modified.
   * @param shape the parameter's shape. Not modified.
   * @param random the source of randomness, seeded by the model. Modified (advanced).
   */
  void initialize(float[] values, int[] shape, RandomGenerator random);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.tensor;

import java.util.Arrays;

/** Small helpers for shapes given as {@code int[]}. */
public final class Shapes {
  /**
   * The most values a tensor can hold: the largest length a {@code float[]} can have on common
   * JVMs (a few below {@link Integer#MAX_VALUE}, which the JVM refuses with "exceeds VM limit").
   */
  public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private Shapes() {}

  /**
   * The product of the dimensions (1 for the empty shape).
   *
   * @throws IllegalArgumentException naming the shape if a dimension is negative or the product is
   *     more than {@link #MAX_SIZE} (what one {@code float[]} can hold)
   */
  public static long size(int... shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension " + d);
      }
    }
    for (int d : shape) {
      try {
        size = Math.multiplyExact(size, d);
      } catch (ArithmeticException e) {
        throw tooLarge(shape, "more than 2^63");
      }
    }
    if (size > MAX_SIZE) {
      throw tooLarge(shape, String.valueOf(size));
    }
    return size;
  }

  private static IllegalArgumentException tooLarge(int[] shape, String size) {
    return new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + size
        + " values, more than one float array can hold (" + MAX_SIZE + ")");
  }

  /**
   * A copy of {@code shape} after checking that every dimension is positive and the size fits a
   * {@code float[]}.
   *
   * @param what the start of the error message: who gave the shape
   * @throws IllegalArgumentException naming {@code what} and the shape otherwise
   */
  public static int[] checked(int[] shape, String what) {
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(what + " " + java.util.Arrays.toString(shape) + ": every dimension must be > 0");
      }
    }
    size(shape);
    return shape.clone();
  }

  /** Keras-style text for a per-sample shape with a leading batch axis: {@code (None, 28, 28)}. */
  public static String batchShape(int... sampleShape) {
    StringBuilder s = new StringBuilder("(None");
    for (int d : sampleShape) {
      s.append(", ").append(d);
    }
    return s.append(')').toString();
  }
}

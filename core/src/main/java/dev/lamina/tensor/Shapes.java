package dev.lamina.tensor;

import java.util.Arrays;

/** Small helpers for shapes given as {@code int[]}. */
public final class Shapes {
  private Shapes() {}

  /**
   * The product of the dimensions (1 for the empty shape).
   *
   * @throws IllegalArgumentException if a dimension is negative
   */
  public static long size(int... shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension " + d);
      }
      size *= d;
    }
    return size;
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

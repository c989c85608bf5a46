package dev.lamina.layers;

import java.util.Arrays;

/**
 * The per-sample shape a model takes, without the batch axis: {@code Input.of(28, 28)} for
 * Fashion-MNIST images, {@code Input.of(784)} for flat vectors (Keras {@code keras.Input(shape=...)}).
 */
public final class Input {
  private final int[] shape;

  private Input(int[] shape) {
    this.shape = shape;
  }

  /**
   * @throws IllegalArgumentException if no dimension is given or one is not positive
   */
  public static Input of(int... shape) {
    if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      throw new IllegalArgumentException(
          "Input: shape must have at least one dimension, all > 0, but was " + Arrays.toString(shape));
    }
    return new Input(shape.clone());
  }

  /** A copy of the per-sample shape. */
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Input other && Arrays.equals(shape, other.shape);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "Input" + Arrays.toString(shape);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.tensor;

import java.util.Arrays;

/**
 * A float32 array with a shape, stored row-major (the last index varies fastest). Axis 0 is the
 * batch axis wherever a tensor holds samples.
 *
 * <p>The shape is fixed; the values are not copied on construction and may be modified through
 * {@link #data()}. Use {@link #copy()} for an independent tensor.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * float v = x.get(1, 2); // 6
 * }</pre>
 */
public final class Tensor {
  private final float[] data;
  private final int[] shape;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Wraps {@code data} (not copied) as a tensor of the given shape.
   *
   * @throws IllegalArgumentException if a dimension is negative, the shape holds more values than a
   *     {@code float[]} can ({@link Shapes#MAX_SIZE}), or the sizes do not match
   */
  public static Tensor of(float[] data, int... shape) {
    long size = Shapes.size(shape);
    if (size != data.length) {
      throw new IllegalArgumentException(
          "Tensor: data length must equal the product of the shape "
              + Arrays.toString(shape) + " = " + size + ", but was " + data.length);
    }
    return new Tensor(data, shape.clone());
  }

  /** A tensor of zeros of the given shape. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[(int) Shapes.size(shape)], shape.clone());
  }

  /** Copies a rectangular {@code float[rows][cols]} array into a [rows, cols] tensor. */
  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] data = new float[(int) Shapes.size(rows.length, cols)];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException(
            "Tensor: every row must have " + cols + " values, but row " + r + " had " + rows[r].length);
      }
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return new Tensor(data, new int[] {rows.length, cols});
  }

  /** The values, row-major; modifications are visible in this tensor. */
  public float[] data() {
    return data;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The size of dimension {@code axis}. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** The number of values. */
  public int size() {
    return data.length;
  }

  /** The number of samples: the size of axis 0 (1 for a scalar). */
  public int samples() {
    return shape.length == 0 ? 1 : shape[0];
  }

  /** The per-sample shape: all axes but the first. */
  public int[] sampleShape() {
    return Arrays.copyOfRange(shape, Math.min(1, shape.length), shape.length);
  }

  /** The value at the given indices, one per axis. */
  public float get(int... indices) {
    return data[offset(indices)];
  }

  /**
   * Sets the value at the given indices, one per axis. The value always comes last, so that
   * Kotlin's indexed assignment works ({@code t[i] = v}, {@code t[i, j] = v}, {@code t[i, j, k] = v})
   * and no overload can take an index for the value.
   */
  public void set(int[] indices, float value) {
    data[offset(indices)] = value;
  }

  /** Sets the value at index {@code i} of a rank-1 tensor; Kotlin: {@code t[i] = v}. */
  public void set(int i, float value) {
    data[offset(new int[] {i})] = value;
  }

  /** Sets the value at {@code [i, j]} of a rank-2 tensor; Kotlin: {@code t[i, j] = v}. */
  public void set(int i, int j, float value) {
    data[offset(new int[] {i, j})] = value;
  }

  /** Sets the value at {@code [i, j, k]} of a rank-3 tensor; Kotlin: {@code t[i, j, k] = v}. */
  public void set(int i, int j, int k, float value) {
    data[offset(new int[] {i, j, k})] = value;
  }

  /** An independent copy. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape.clone());
  }

  /** The same values (shared) seen with another shape of equal size. */
  public Tensor reshape(int... newShape) {
    return of(data, newShape);
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) along axis 0, copied. */
  public Tensor rows(int from, int to) {
    if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
      throw new IllegalArgumentException(
          "Tensor.rows: range [" + from + ", " + to + ") is outside axis 0 of shape " + Arrays.toString(shape));
    }
    int stride = data.length / Math.max(1, shape[0]);
    int[] s = shape.clone();
    s[0] = to - from;
    return new Tensor(Arrays.copyOfRange(data, from * stride, to * stride), s);
  }

  private int offset(int[] indices) {
    if (indices.length != shape.length) {
      throw new IllegalArgumentException(
          "Tensor: expected " + shape.length + " indices for shape " + Arrays.toString(shape)
              + ", but got " + indices.length);
    }
    int offset = 0;
    for (int i = 0; i < shape.length; i++) {
      if (indices[i] < 0 || indices[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "Tensor: index " + indices[i] + " is out of bounds for axis " + i + " of shape " + Arrays.toString(shape));
      }
      offset = offset * shape[i] + indices[i];
    }
    return offset;
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}

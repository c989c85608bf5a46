// SPDX-License-Identifier: Apache-2.0

package dev.lamina.tensor;

/**
 * A reusable row-major [rows, cols] float32 buffer: the working representation of a batch inside
 * layers. Element (r, c) is at {@code data()[r * cols() + c]}. The backing array may be longer than
 * {@code rows * cols}; {@link #reshape} grows it only when the capacity is exceeded, so a training
 * loop that keeps its batch size allocates nothing.
 */
public final class Matrix {
  private float[] data;
  private int rows;
  private int cols;

  /** A zero matrix of the given size. */
  public Matrix(int rows, int cols) {
    this.data = new float[Math.multiplyExact(rows, cols)];
    this.rows = rows;
    this.cols = cols;
  }

  private Matrix(float[] data, int rows, int cols) {
    this.data = data;
    this.rows = rows;
    this.cols = cols;
  }

  /** Views {@code data} (not copied) as [rows, cols]. */
  public static Matrix wrap(float[] data, int rows, int cols) {
    if ((long) rows * cols > data.length) {
      throw new IllegalArgumentException(
          "Matrix: " + rows + "x" + cols + " needs " + (long) rows * cols + " values, but the array has " + data.length);
    }
    return new Matrix(data, rows, cols);
  }

  /** The backing array; only the first {@code rows * cols} values belong to the matrix. */
  public float[] data() {
    return data;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The number of values in use: rows × cols. */
  public int size() {
    return rows * cols;
  }

  public float get(int row, int col) {
    return data[row * cols + col];
  }

  public void set(int row, int col, float value) {
    data[row * cols + col] = value;
  }

  /**
   * Changes the logical size, keeping the backing array when it is large enough. Values are not
   * cleared. Modified: this matrix.
   *
   * @return this matrix
   */
  public Matrix reshape(int rows, int cols) {
    int needed = Math.multiplyExact(rows, cols);
    if (needed > data.length) {
      data = new float[needed];
    }
    this.rows = rows;
    this.cols = cols;
    return this;
  }

  /** Copies the values in use into a new tensor of shape [rows, cols]. */
  public Tensor toTensor() {
    return Tensor.of(java.util.Arrays.copyOf(data, size()), rows, cols);
  }

  @Override
  public String toString() {
    return "Matrix[" + rows + ", " + cols + "]";
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * Single-precision matrix multiply on row-major arrays: {@code C = op(A)·op(B)} or, with
 * {@code accumulate}, {@code C += op(A)·op(B)}, where {@code op(X)} is X or its transpose.
 *
 * <p>Shapes: op(A) is m×k, op(B) is k×n and C is m×n. Each matrix is read from its offset
 * (index 0 unless given) with the natural row stride of its stored (untransposed) layout: A is
 * stored m×k (or k×m when transposed), B k×n (or n×k when transposed), C m×n. So a product can
 * work on a block of rows of a larger array, such as one image of a batch or one group of a
 * kernel, without a copy. Not modified: a, b. Modified: c, from its offset on, m·n values.
 *
 * <p>Two implementations exist: {@link EjmlMatMul}, portable, and a Vector API kernel picked by
 * {@link MatMuls#best()} when {@code --add-modules jdk.incubator.vector} is on.
 */
public interface MatMul {

  /**
   * Computes C (+)= op(A)·op(B) with A, B and C starting at {@code a[aOffset]},
   * {@code b[bOffset]} and {@code c[cOffset]}; see the class documentation for shapes and layout.
   *
   * @throws IllegalArgumentException if a size or offset is negative, or an array is too short
   *     for its offset and size
   */
  void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, boolean accumulate);

  /** Computes C (+)= op(A)·op(B) on arrays read from index 0. */
  default void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, float[] b, float[] c, boolean accumulate) {
    multiply(transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate);
  }

  /** C = A·B with A m×k and B k×n. */
  default void nn(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    multiply(false, false, m, n, k, a, b, c, accumulate);
  }

  /** C = Aᵀ·B with A stored k×m and B k×n. */
  default void tn(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    multiply(true, false, m, n, k, a, b, c, accumulate);
  }

  /** C = A·Bᵀ with A m×k and B stored n×k. */
  default void nt(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    multiply(false, true, m, n, k, a, b, c, accumulate);
  }

  /** C = A·B with A m×k at {@code a[aOffset]}, B k×n at {@code b[bOffset]}, C at {@code c[cOffset]}. */
  default void nn(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
      boolean accumulate) {
    multiply(false, false, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  }

  /** C = Aᵀ·B with A stored k×m at {@code a[aOffset]}, B k×n at {@code b[bOffset]}, C at {@code c[cOffset]}. */
  default void tn(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
      boolean accumulate) {
    multiply(true, false, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  }

  /** C = A·Bᵀ with A m×k at {@code a[aOffset]}, B stored n×k at {@code b[bOffset]}, C at {@code c[cOffset]}. */
  default void nt(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
      boolean accumulate) {
    multiply(false, true, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  }

  /** A short name for logs and benchmarks. */
  String name();
}

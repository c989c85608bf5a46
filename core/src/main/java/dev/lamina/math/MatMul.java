package dev.lamina.math;

/**
 * Single-precision matrix multiply on row-major arrays: {@code C = op(A)·op(B)} or, with
 * {@code accumulate}, {@code C += op(A)·op(B)}, where {@code op(X)} is X or its transpose.
 *
 * <p>Shapes: op(A) is m×k, op(B) is k×n and C is m×n. Arrays are read from index 0 with the
 * natural row stride of their stored (untransposed) layout: A is stored m×k (or k×m when
 * transposed), B k×n (or n×k when transposed), C m×n. Not modified: a, b. Modified: c.
 *
 * <p>Two implementations exist: {@link EjmlMatMul}, portable, and a Vector API kernel picked by
 * {@link MatMuls#best()} when {@code --add-modules jdk.incubator.vector} is on.
 */
public interface MatMul {

  /** Computes C (+)= op(A)·op(B); see the class documentation for shapes and layout. */
  void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, float[] b, float[] c, boolean accumulate);

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

  /** A short name for logs and benchmarks. */
  String name();
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

/**
 * One matrix product {@code C[m×n] = op(A)[m×k]·op(B)[k×n]}, named as in the benchmark parameters:
 * {@code NN_m256_k784_n300} is A·B with m = 256, k = 784, n = 300 (the forward pass of a 784→300
 * dense layer at batch 256); {@code TN} transposes A (stored k×m), {@code NT} transposes B (stored
 * n×k).
 */
record Shape(boolean transA, boolean transB, int m, int k, int n) {

  /** Parses a name such as {@code TN_m784_k256_n300}. */
  static Shape parse(String name) {
    String[] parts = name.split("_");
    if (parts.length != 4 || !parts[0].matches("[NT][NT]") || !parts[1].startsWith("m")
        || !parts[2].startsWith("k") || !parts[3].startsWith("n")) {
      throw new IllegalArgumentException(
          "Shape: expected a name like NN_m256_k784_n300, but was " + name);
    }
    return new Shape(parts[0].charAt(0) == 'T', parts[0].charAt(1) == 'T',
        Integer.parseInt(parts[1].substring(1)), Integer.parseInt(parts[2].substring(1)),
        Integer.parseInt(parts[3].substring(1)));
  }

  /** Floating-point operations of one product: one multiply and one add per (i, j, p). */
  double flops() {
    return 2.0 * m * n * k;
  }
}

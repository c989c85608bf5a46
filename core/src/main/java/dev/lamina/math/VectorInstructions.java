// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * Which Vector API operations through index maps pay off on this machine with C2 (JDK 17). Where
 * they do not, the kernels copy element by element instead. Only loaded with the incubator module.
 */
final class VectorInstructions {
  /**
   * Whether the kernels gather ({@code fromArray} with an index map, to pack matrices) and scatter
   * ({@code intoArray} with one): on x86 with AVX-512 (16 float lanes) only. On AVX2 (8 lanes) the
   * packing gathers ran slower than copying one float at a time (7% of a CNN training step) and
   * the max-pooling scatter fell back to Java code that allocated 9 MB per batch of the cnn bench.
   * NEON (aarch64) has no such instructions.
   */
  static final boolean INDEXED = VectorMatMul.S.length() >= 16 && !"aarch64".equals(System.getProperty("os.arch"));

  private VectorInstructions() {}
}

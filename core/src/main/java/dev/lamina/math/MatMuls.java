// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the matrix-multiply kernel. The Vector API kernel is used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; otherwise Lamina says once that it runs the portable
 * EJML kernel and how to enable the fast one.
 */
public final class MatMuls {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private MatMuls() {}

  /** The fastest kernel this JVM can run (chosen once). */
  public static MatMul best() {
    return Holder.BEST;
  }

  /**
   * The products of a convolution read from the image in place ({@link ShiftedProducts}), with the
   * tiles of this machine's register file (32 or 16 vector registers), or null on a JVM without
   * the Vector API module, where copying the patches for the portable kernel stays (chosen once).
   */
  public static @Nullable ShiftedProducts shifted() {
    return Holder.SHIFTED;
  }

  /**
   * The tile transforms of Winograd's F(m×m, 3×3) convolution, m = {@code outputTile} (2 or 4), on
   * the Vector API, or null on a JVM without its module (chosen once).
   *
   * @throws IllegalArgumentException if outputTile is neither 2 nor 4
   */
  public static @Nullable WinogradTransforms winograd(int outputTile) {
    if (outputTile != 2 && outputTile != 4) {
      throw new IllegalArgumentException("Winograd output tiles are 2 or 4 pixels wide, not " + outputTile);
    }
    return outputTile == 2 ? Holder.WINOGRAD_2 : Holder.WINOGRAD_4;
  }

  /** Whether the Vector API module is available to this JVM. */
  public static boolean vectorApiAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /**
   * Checks a product's sizes and offsets against its arrays, for every {@link MatMul}: a kernel
   * that wrote past C, or into a copy, would otherwise fail far from the cause or not at all.
   *
   * @throws IllegalArgumentException if a size or offset is negative or an array too short for them
   */
  static void check(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("MatMul: sizes must be >= 0, but m, n, k were " + m + ", " + n + ", " + k);
    }
    if (aOffset < 0 || bOffset < 0 || cOffset < 0) {
      throw new IllegalArgumentException("MatMul: offsets must be >= 0, but the offsets of A, B, C were " + aOffset
          + ", " + bOffset + ", " + cOffset);
    }
    need("A", (long) m * k, a.length, aOffset, m, k);
    need("B", (long) k * n, b.length, bOffset, k, n);
    need("C", (long) m * n, c.length, cOffset, m, n);
  }

  private static void need(String name, long size, int length, int offset, int rows, int cols) {
    if (length - (long) offset < size) {
      throw new IllegalArgumentException("MatMul: " + name + " must hold " + rows + "×" + cols + " = " + size
          + " values" + (offset == 0 ? "" : " from offset " + offset) + ", but had " + length);
    }
  }

  private static final class Holder {
    static final MatMul BEST = choose();
    static final @Nullable ShiftedProducts SHIFTED = chooseShifted();
    static final @Nullable WinogradTransforms WINOGRAD_2 = vectorApiAvailable() ? new VectorWinogradF2() : null;
    static final @Nullable WinogradTransforms WINOGRAD_4 = vectorApiAvailable() ? new VectorWinogradF4() : null;

    private static @Nullable ShiftedProducts chooseShifted() {
      if (!vectorApiAvailable()) {
        return null;
      }
      return VectorMatMul.REGISTERS_32 ? new ShiftedProducts32() : new ShiftedProducts16();
    }

    private static MatMul choose() {
      if (vectorApiAvailable()) {
        return new VectorMatMul();
      }
      System.getLogger("dev.lamina").log(Level.WARNING,
          "Lamina is running its portable (EJML) matrix kernels. For the fast Vector API kernels,"
              + " start the JVM with --add-modules " + VECTOR_MODULE + " (the lamina launcher does).");
      return new EjmlMatMul();
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;

/**
 * Which kernel a frame's packed (or transformed) copy was made from, so that a convolution packs
 * again only when the weights changed. Compared by value: a training step changes the first weight
 * already, so the comparison stops there, and serving, the same weights call after call, skips the
 * packing.
 */
final class PackedKernel {
  private final float[] kernel;
  private boolean valid;

  /** @param size the kernel's floats */
  PackedKernel(int size) {
    this.kernel = new float[size];
  }

  /**
   * Whether {@code kernel} differs from the one last recorded (or none is); if so, records it, and
   * the caller packs it. Modified: this.
   */
  boolean changed(float[] kernel) {
    int size = this.kernel.length;
    if (valid && Arrays.equals(kernel, 0, size, this.kernel, 0, size)) {
      return false;
    }
    System.arraycopy(kernel, 0, this.kernel, 0, size);
    valid = true;
    return true;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;

/**
 * The padded images that a training forward pass keeps for the kernel gradient following it, which
 * then reads them instead of padding every image again: one slot per image (and group) in a
 * convolution's layout, made once and reused, so the layout's zeros are written only when a slot
 * is made. A forward pass that does not keep them leaves them stale. Part of a frame's work.
 */
final class KeptImages {
  private final int length;
  private float[][] slots = new float[0][];
  private boolean filling;
  /** The batch size of the forward pass that filled the slots; −1 when the latest one did not. */
  private int batch = -1;

  /** @param length floats per padded image */
  KeptImages(int length) {
    this.length = length;
  }

  /** Starts a forward pass, which fills {@code count} slots when {@code keep}; stale until {@link #filled}. */
  void start(boolean keep, int count) {
    batch = -1;
    filling = keep;
    if (keep && slots.length < count) {
      float[][] grown = Arrays.copyOf(slots, count);
      for (int k = slots.length; k < count; k++) {
        grown[k] = new float[length];
      }
      slots = grown;
    }
  }

  /** Whether the current forward pass writes the slots. */
  boolean filling() {
    return filling;
  }

  /** Slot k: image k, or with groups image k / groups, group k % groups. */
  float[] slot(int k) {
    return slots[k];
  }

  /** The forward pass of {@code batch} images completed: the slots hold its images if it filled them. */
  void filled(int batch) {
    if (filling) {
      this.batch = batch;
    }
  }

  /** The forward pass ended, completed or not. */
  void stop() {
    filling = false;
  }

  /** Whether the slots hold the padded images of the latest forward pass, which was of {@code batch} images. */
  boolean hold(int batch) {
    return this.batch == batch;
  }
}

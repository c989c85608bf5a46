// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's named state for one parameter ({@code "momentum"}, {@code "velocity"}, …),
 * created lazily as zeros the size of the parameter, as Keras' {@code add_optimizer_variables}.
 * Named slots give checkpoints a stable format.
 */
public final class Slots {
  private final int size;
  private final Map<String, float[]> slots = new LinkedHashMap<>();

  Slots(int size) {
    this.size = size;
  }

  /** The slot called {@code name}, zero-filled on first use. Modified by the caller. */
  public float[] get(String name) {
    return get(name, 0f);
  }

  /**
   * The slot called {@code name}, filled with {@code initialValue} on first use. Modified by the
   * caller. Synchronized: the parts of one update, on the pool's threads, ask for the same slots,
   * and the first asks create them.
   */
  public synchronized float[] get(String name, float initialValue) {
    float[] slot = slots.get(name);
    if (slot == null) {
      slot = new float[size];
      Arrays.fill(slot, initialValue);
      slots.put(name, slot);
    }
    return slot;
  }

  /** The slots created so far, by name, in creation order (live arrays). */
  public Map<String, float[]> all() {
    return java.util.Collections.unmodifiableMap(slots);
  }
}

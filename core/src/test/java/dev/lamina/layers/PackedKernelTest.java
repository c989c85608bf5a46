// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PackedKernelTest {

  @Test
  void reportsAChangeOnceAndAnyWeightThatChanges() {
    PackedKernel packed = new PackedKernel(4);
    float[] kernel = {1, 2, 3, 4};
    assertTrue(packed.changed(kernel), "nothing packed yet");
    assertFalse(packed.changed(kernel), "the same weights");
    kernel[3] = 5;
    assertTrue(packed.changed(kernel), "the last weight changed");
    assertFalse(packed.changed(kernel.clone()), "compared by value, not by array");
  }

  @Test
  void anAllZeroKernelStillCountsAsNewAtFirst() {
    // the recorded copy starts as zeros: a zero kernel must not look already packed
    assertTrue(new PackedKernel(3).changed(new float[3]));
  }
}

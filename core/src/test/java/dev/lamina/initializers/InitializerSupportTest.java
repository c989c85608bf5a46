// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class InitializerSupportTest {

  @Test
  void requireSizeAcceptsMatchingSizes() {
    assertDoesNotThrow(() -> InitializerSupport.requireSize("X", new float[6], new int[] {2, 3}));
    assertDoesNotThrow(() -> InitializerSupport.requireSize("X", new float[1], new int[] {}));
    assertDoesNotThrow(() -> InitializerSupport.requireSize("X", new float[0], new int[] {0, 3}));
  }

  @Test
  void requireSizeNamesTheCaller() {
    assertMessage("X: values length must equal the product of the shape [2, 3] = 6, but was 5",
        () -> InitializerSupport.requireSize("X", new float[5], new int[] {2, 3}));
  }

  @Test
  void requireFiniteFloatRejectsWhatAFloatCannotHold() {
    assertDoesNotThrow(() -> InitializerSupport.requireFiniteFloat("X", "v", Float.MAX_VALUE));
    assertMessage("X: v must be finite (and within float range), but was 1.0E39",
        () -> InitializerSupport.requireFiniteFloat("X", "v", 1e39));
    assertMessage("X: v must be finite (and within float range), but was NaN",
        () -> InitializerSupport.requireFiniteFloat("X", "v", Double.NaN));
  }
}

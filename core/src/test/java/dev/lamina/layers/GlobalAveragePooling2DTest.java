// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GlobalAveragePooling2DTest {

  @Test
  void averagesEachChannelToOneValue() {
    GlobalAveragePooling2D.Spec spec = new GlobalAveragePooling2D.Spec();
    assertFalse(spec.keepdims(), "Keras' default");
    assertEquals("global_average_pooling2d", spec.baseName());
    LayerRun run = LayerRun.of(spec, 0, new int[] {2, 2, 2});
    assertArrayEquals(new int[] {2}, run.layer().outputShape());
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(new float[] {1, 2, 3, 4, -1, -1, -1, 3}, 1, 8));
    assertArrayEquals(new float[] {2.5f, 0}, Arrays.copyOf(y.data(), 2), 0f);
    Matrix dx = run.backward(Matrix.wrap(new float[] {4, -8}, 1, 2));
    assertArrayEquals(new float[] {1, 1, 1, 1, -2, -2, -2, -2}, Arrays.copyOf(dx.data(), 8), 0f);
  }

  @Test
  void keepdimsGivesChannelsByOneByOne() {
    LayerRun run = LayerRun.of(new GlobalAveragePooling2D.Spec().keepdims(true).name("gap"), 0, new int[] {5, 3, 4});
    assertArrayEquals(new int[] {5, 1, 1}, run.layer().outputShape(), "what squeeze-and-excitation multiplies back");
    assertTrue(((GlobalAveragePooling2D) run.layer()).keepdims());
    assertEquals(new GlobalAveragePooling2D.Spec(true, "gap"), ((GlobalAveragePooling2D) run.layer()).spec());
  }

  @Test
  void needsImages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerRun.of(new GlobalAveragePooling2D.Spec().name("g"), 0, new int[] {3, 4}));
    assertTrue(e.getMessage().startsWith("GlobalAveragePooling2D(name=g): expects [channels, height, width] samples, but got "
        + "shape [3, 4]"), e.getMessage());
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new GlobalAveragePooling2D.Spec(), Mode.TRAIN, 8, 33, 9, 7);
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new GlobalAveragePooling2D.Spec(), Mode.TRAIN, 4, 3, 5, 5);
  }
}

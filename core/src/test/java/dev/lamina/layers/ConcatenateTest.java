// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import org.junit.jupiter.api.Test;

class ConcatenateTest {

  @Test
  void joinsAlongTheLastAxisByDefault() {
    LayerRun run = LayerRun.of(new Concatenate.Spec(), 1, new int[] {2}, new int[] {1});
    Matrix y = run.forward(Mode.INFER, Matrix.wrap(new float[] {1, 2, 3, 4}, 2, 2), Matrix.wrap(new float[] {9, 8}, 2, 1));
    assertArrayEquals(new float[] {1, 2, 9, 3, 4, 8}, y.toTensor().data(), 0f);
    run.backward(Matrix.wrap(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    assertArrayEquals(new float[] {1, 2, 4, 5}, run.inputGradient(0).toTensor().data(), 0f);
    assertArrayEquals(new float[] {3, 6}, run.inputGradient(1).toTensor().data(), 0f);
  }

  @Test
  void joinsChannelsOfImagesAlongAxisOne() {
    // [C, H, W] = [1, 1, 2] and [2, 1, 2]: channels stack, each channel's plane stays whole
    LayerRun run = LayerRun.of(new Concatenate.Spec(1, null), 1, new int[] {1, 1, 2}, new int[] {2, 1, 2});
    Matrix y = run.forward(Mode.INFER, Matrix.wrap(new float[] {1, 2}, 1, 2), Matrix.wrap(new float[] {3, 4, 5, 6}, 1, 4));
    assertArrayEquals(new int[] {3, 1, 2}, run.layer().outputShape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, y.toTensor().data(), 0f);
  }

  @Test
  void joinsAlongAnInnerAxis() {
    // [2, 1] and [2, 2] along axis 2 (the second sample axis): rows interleave
    LayerRun run = LayerRun.of(new Concatenate.Spec(2, null), 1, new int[] {2, 1}, new int[] {2, 2});
    Matrix y = run.forward(Mode.INFER, Matrix.wrap(new float[] {1, 2}, 1, 2), Matrix.wrap(new float[] {3, 4, 5, 6}, 1, 4));
    assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, y.toTensor().data(), 0f);
  }

  @Test
  void refusesMismatchedShapesAndTheBatchAxis() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Concatenate.Spec(1, "c").apply(Input.of(2, 3), Input.of(2, 4)));
    assertEquals("Concatenate(name=c): inputs must agree except along axis 1, but had [[2, 3], [2, 4]]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Concatenate.Spec(0, null).create());
    IllegalArgumentException axis = assertThrows(IllegalArgumentException.class,
        () -> new Concatenate.Spec(3, null).apply(Input.of(2), Input.of(2)));
    assertEquals("Concatenate(name=?): axis 3 is not an axis of the samples of inputs [[2], [2]] (the batch axis 0 cannot be joined)",
        axis.getMessage());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import org.junit.jupiter.api.Test;

class ReshapeTest {

  @Test
  void infersOneDimensionAndPassesTheBatchThrough() {
    LayerRun run = LayerRun.of(new Reshape.Spec(new int[] {-1, 7, 7}, null), 0, new int[] {98});
    assertArrayEquals(new int[] {2, 7, 7}, run.layer().outputShape());
    Matrix x = new Matrix(3, 98);
    assertSame(x, run.forward(Mode.TRAIN, x), "the values and their order do not change");
    Matrix dy = new Matrix(3, 98);
    assertSame(dy, run.backward(dy));
    assertArrayEquals(new int[] {1, 28, 28}, LayerRun.of(new Reshape.Spec(new int[] {1, 28, 28}, null), 0,
        new int[] {28, 28}).layer().outputShape());
  }

  @Test
  void theTargetShapeIsCopied() {
    int[] target = {2, 3};
    Reshape.Spec spec = new Reshape.Spec(target, null);
    target[0] = 9;
    assertArrayEquals(new int[] {2, 3}, spec.targetShape());
    assertEquals("reshape", spec.baseName());
  }

  @Test
  void rejectsShapesThatDoNotFit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Reshape.Spec(new int[] {-1, -1}, "r").create());
    assertEquals("Reshape(name=r): the target shape's dimensions must be > 0, with at most one -1, but was [-1, -1]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Reshape.Spec(new int[] {0, 3}, "r").create());
    assertEquals("Reshape(name=r): the target shape's dimensions must be > 0, with at most one -1, but was [0, 3]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LayerRun.of(new Reshape.Spec(new int[] {-1, 4}, "r"), 0, new int[] {2, 3}));
    assertEquals("Reshape(name=r): cannot reshape samples of shape [2, 3] (6 values) to [-1, 4]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LayerRun.of(new Reshape.Spec(new int[] {5}, "r"), 0, new int[] {2, 3}));
    assertEquals("Reshape(name=r): cannot reshape samples of shape [2, 3] (6 values) to [5]", e.getMessage());
  }
}

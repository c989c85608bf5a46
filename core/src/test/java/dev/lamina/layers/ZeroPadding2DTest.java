// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZeroPadding2DTest {

  @Test
  void padsEachSideWithZerosAndCropsTheGradient() {
    LayerRun run = LayerRun.of(new ZeroPadding2D.Spec(1, 0, 0, 2, null), 0, new int[] {1, 2, 2});
    assertArrayEquals(new int[] {1, 3, 4}, run.layer().outputShape());
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(new float[] {1, 2, 3, 4}, 1, 4));
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0}, Arrays.copyOf(y.data(), 12), 0f);
    float[] dy = new float[12];
    for (int i = 0; i < dy.length; i++) {
      dy[i] = i;
    }
    Matrix dx = run.backward(Matrix.wrap(dy, 1, 12));
    assertArrayEquals(new float[] {4, 5, 8, 9}, Arrays.copyOf(dx.data(), 4), 0f);
  }

  @Test
  void oneNumberPadsEverySide() {
    ZeroPadding2D.Spec spec = new ZeroPadding2D.Spec(2);
    assertEquals(new ZeroPadding2D.Spec(2, 2, 2, 2, null), spec);
    assertEquals("zero_padding2d", spec.baseName());
    assertArrayEquals(new int[] {3, 5, 6}, LayerRun.of(spec, 0, new int[] {3, 1, 2}).layer().outputShape());
  }

  @Test
  void rejectsNegativePadding() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ZeroPadding2D.Spec(0, -1, 0, 0, "z").create());
    assertEquals("ZeroPadding2D(name=z): padding must be >= 0 on every side, but was top=0, bottom=-1, left=0, right=0",
        e.getMessage());
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new ZeroPadding2D.Spec(1, 2, 3, 0, null), Mode.TRAIN, 8, 33, 9, 7);
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new ZeroPadding2D.Spec(1, 2, 0, 1, null), Mode.TRAIN, 4, 3, 5, 5);
  }
}

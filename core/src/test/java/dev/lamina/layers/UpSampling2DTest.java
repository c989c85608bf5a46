// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UpSampling2DTest {

  @Test
  void repeatsRowsAndColumnsAndSumsTheGradients() {
    LayerRun run = LayerRun.of(new UpSampling2D.Spec(2, 3, null), 0, new int[] {1, 2, 1});
    assertArrayEquals(new int[] {1, 4, 3}, run.layer().outputShape());
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(new float[] {1, 2}, 1, 2));
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}, Arrays.copyOf(y.data(), 12), 0f);
    float[] dy = new float[12];
    for (int i = 0; i < dy.length; i++) {
      dy[i] = i;
    }
    Matrix dx = run.backward(Matrix.wrap(dy, 1, 12));
    assertArrayEquals(new float[] {0 + 1 + 2 + 3 + 4 + 5, 6 + 7 + 8 + 9 + 10 + 11}, Arrays.copyOf(dx.data(), 2), 0f);
  }

  @Test
  void oneFactorForBothAxes() {
    UpSampling2D.Spec spec = new UpSampling2D.Spec(2);
    assertEquals("up_sampling2d", spec.baseName());
    assertArrayEquals(new int[] {3, 14, 10}, LayerRun.of(spec, 0, new int[] {3, 7, 5}).layer().outputShape());
  }

  @Test
  void rejectsFactorsBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UpSampling2D.Spec(2, 0, "u").create());
    assertEquals("UpSampling2D(name=u): size must be > 0, but was 2x0", e.getMessage());
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new UpSampling2D.Spec(2, 3, null), Mode.TRAIN, 8, 33, 9, 7);
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new UpSampling2D.Spec(2), Mode.TRAIN, 4, 3, 5, 5);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GlobalMaxPooling2DTest {

  @Test
  void takesEachChannelsMaximumAndSendsTheGradientThere() {
    LayerRun run = LayerRun.of(new GlobalMaxPooling2D.Spec(), 0, new int[] {2, 2, 2});
    assertEquals("global_max_pooling2d", new GlobalMaxPooling2D.Spec().baseName());
    assertArrayEquals(new int[] {2}, run.layer().outputShape());
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(new float[] {1, 7, 3, 4, -5, -2, -2, -3}, 1, 8));
    assertArrayEquals(new float[] {7, -2}, Arrays.copyOf(y.data(), 2), 0f);
    Matrix dx = run.backward(Matrix.wrap(new float[] {4, -8}, 1, 2));
    assertArrayEquals(new float[] {0, 4, 0, 0, 0, -8, 0, 0}, Arrays.copyOf(dx.data(), 8), 0f, "a tie goes to the first cell");
  }

  @Test
  void keepdimsGivesChannelsByOneByOne() {
    assertArrayEquals(new int[] {3, 1, 1}, LayerRun.of(new GlobalMaxPooling2D.Spec().keepdims(true), 0, new int[] {3, 2, 5})
        .layer().outputShape());
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new GlobalMaxPooling2D.Spec(), Mode.TRAIN, 8, 33, 9, 7);
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new GlobalMaxPooling2D.Spec(), Mode.TRAIN, 4, 3, 5, 5);
  }
}

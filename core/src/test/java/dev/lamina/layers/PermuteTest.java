// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PermuteTest {

  @Test
  void turnsChannelsLastImagesIntoChannelsFirst() {
    int h = 2;
    int w = 3;
    int c = 4;
    LayerRun run = LayerRun.of(new Permute.Spec(new int[] {3, 1, 2}, null), 0, new int[] {h, w, c});
    assertArrayEquals(new int[] {c, h, w}, run.layer().outputShape());
    float[] x = new float[2 * h * w * c];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] y = Arrays.copyOf(run.forward(Mode.TRAIN, Matrix.wrap(x, 2, h * w * c)).data(), x.length);
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          for (int k = 0; k < c; k++) {
            assertEquals(x[((n * h + i) * w + j) * c + k], y[((n * c + k) * h + i) * w + j], 0f);
          }
        }
      }
    }
    float[] dx = Arrays.copyOf(run.backward(Matrix.wrap(y.clone(), 2, h * w * c)).data(), x.length);
    assertArrayEquals(x, dx, 0f, "the gradient is permuted back");
  }

  @Test
  void theInversePermutationUndoesIt() {
    LayerRun there = LayerRun.of(new Permute.Spec(new int[] {3, 1, 2}, null), 0, new int[] {2, 3, 4});
    LayerRun back = LayerRun.of(new Permute.Spec(new int[] {2, 3, 1}, null), 0, new int[] {4, 2, 3});
    float[] x = new float[24];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.5f;
    }
    Matrix y = back.forward(Mode.TRAIN, there.forward(Mode.TRAIN, Matrix.wrap(x, 1, 24)));
    assertArrayEquals(x, Arrays.copyOf(y.data(), 24), 0f);
  }

  @Test
  void rejectsWhatIsNotAPermutationOfTheSampleAxes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Permute.Spec(new int[] {0, 1, 2}, "p").create());
    assertEquals("Permute(name=p): dims must be a permutation of 1..3 (sample axes, counted from 1 as in Keras), but was "
        + "[0, 1, 2]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LayerRun.of(new Permute.Spec(new int[] {2, 1}, "p"), 0,
        new int[] {2, 3, 4}));
    assertEquals("Permute(name=p): dims [2, 1] must list every one of the 3 axes of samples of shape [2, 3, 4]",
        e.getMessage());
    assertEquals("permute", new Permute.Spec(new int[] {1}, null).baseName());
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new Permute.Spec(new int[] {3, 1, 2}, null), Mode.TRAIN, 4, 5, 5, 3);
  }
}

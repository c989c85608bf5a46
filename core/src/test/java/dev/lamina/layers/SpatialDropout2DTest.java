// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Whole channels are dropped, as Keras' SpatialDropout2D; the gradient check is in LayerGradientCheckTest. */
class SpatialDropout2DTest {
  private static final int N = 4;
  private static final int C = 50;
  private static final int AREA = 6;

  private static Matrix ones() {
    float[] x = new float[N * C * AREA];
    Arrays.fill(x, 1f);
    return Matrix.wrap(x, N, x.length / N);
  }

  @Test
  void dropsWholeChannelsAndScalesTheOthers() {
    LayerRun run = LayerRun.of(new SpatialDropout2D.Spec(0.4, null), 1, new int[] {C, 2, 3});
    assertTrue(run.layer() instanceof Stochastic);
    float[] y = Arrays.copyOf(run.forward(Mode.TRAIN, ones()).data(), N * C * AREA);
    float[] dy = new float[y.length];
    Arrays.fill(dy, 2f);
    float[] dx = Arrays.copyOf(run.backward(Matrix.wrap(dy, N, C * AREA)).data(), y.length);
    int dropped = 0;
    for (int p = 0; p < N * C; p++) {
      float first = y[p * AREA];
      assertTrue(first == 0f || first == (float) (1 / 0.6), "kept channels are scaled by 1/(1 - rate): " + first);
      for (int k = 0; k < AREA; k++) {
        assertEquals(first, y[p * AREA + k], 0f, "one decision per channel");
        assertEquals(2 * first, dx[p * AREA + k], 1e-6f, "the gradient goes through the same gains");
      }
      dropped += first == 0f ? 1 : 0;
    }
    assertTrue(dropped > 40 && dropped < 120, dropped + " of 200 channels dropped at rate 0.4");
    float[] again = Arrays.copyOf(run.forward(Mode.TRAIN, ones()).data(), y.length);
    assertFalse(Arrays.equals(y, again), "each pass draws new masks");
    run.reseed(1);
    assertArrayEquals(y, Arrays.copyOf(run.forward(Mode.TRAIN, ones()).data(), y.length), 0f, "reseeding replays them");
  }

  @Test
  void isTheIdentityInInference() {
    LayerRun run = LayerRun.of(new SpatialDropout2D.Spec(0.4, null), 1, new int[] {C, 2, 3});
    Matrix x = ones();
    assertSame(x, run.forward(Mode.INFER, x));
    Matrix dy = ones();
    assertSame(dy, run.backward(dy));
    assertFalse(Arrays.equals(x.data(), run.forward(Mode.MONTE_CARLO, x).data()), "Monte Carlo dropout drops");
  }

  @Test
  void checksTheRateAndTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout2D.Spec(1, "s").create());
    assertEquals("SpatialDropout2D(name=s): rate must be in [0, 1), but was 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LayerRun.of(new SpatialDropout2D.Spec(0.1, "s"), 0, new int[] {8}));
    assertEquals("SpatialDropout2D(name=s): expects [channels, height, width] samples, but got shape [8]", e.getMessage());
    assertEquals("spatial_dropout2d", new SpatialDropout2D.Spec(0.1, null).baseName());
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new SpatialDropout2D.Spec(0.3, null), Mode.TRAIN, 4, 3, 5, 5);
  }
}

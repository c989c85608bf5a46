// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RReLUTest {

  @Test
  void inferenceUsesTheMeanSlopeAndTheGradientAtZeroIsTheSlopeAsPyTorch() {
    LayerRun run = LayerRun.of(new RReLU.Spec(), 1, new int[] {3});
    RReLU r = (RReLU) run.layer();
    double mean = (RReLU.DEFAULT_LOWER + RReLU.DEFAULT_UPPER) / 2;
    assertEquals(mean, r.inferenceSlope(), 1e-15);
    Matrix y = run.forward(Mode.INFER, Matrix.wrap(new float[] {0, -1, 2}, 1, 3));
    assertArrayEquals(new float[] {0, (float) -mean, 2}, Arrays.copyOf(y.data(), y.size()));
    Matrix dx = run.backward(Matrix.wrap(new float[] {1, 1, 1}, 1, 3));
    // torch's eval mode is leaky_relu: the gradient of x <= 0 is the slope, 1 only for x > 0
    assertArrayEquals(new float[] {(float) mean, (float) mean, 1}, Arrays.copyOf(dx.data(), dx.size()));
  }

  @Test
  void trainingDrawsSlopesWithinTheBoundsAndUsesThemAtZeroToo() {
    LayerRun run = LayerRun.of(new RReLU.Spec(), 1, new int[] {4});
    run.forward(Mode.TRAIN, Matrix.wrap(new float[] {0, -1, -2, 3}, 1, 4));
    Matrix g = run.backward(Matrix.wrap(new float[] {1, 1, 1, 1}, 1, 4));
    float[] dx = Arrays.copyOf(g.data(), g.size());
    for (int i = 0; i < 3; i++) {
      assertTrue(dx[i] >= RReLU.DEFAULT_LOWER - 1e-7 && dx[i] <= RReLU.DEFAULT_UPPER + 1e-7, "slope " + dx[i]);
    }
    assertTrue(dx[0] != dx[1] || dx[1] != dx[2], "a slope per element: " + Arrays.toString(dx));
    assertEquals(1f, dx[3]);
  }
}

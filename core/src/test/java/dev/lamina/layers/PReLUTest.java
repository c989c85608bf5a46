// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PReLUTest {

  @Test
  void oneSlopePerFeatureByDefaultAsKeras() {
    LayerRun run = LayerRun.of(new PReLU.Spec().alphaInitializer(Initializers.constant(0.5)).name("p"), 1, new int[] {3});
    PReLU p = (PReLU) run.layer();
    assertEquals(3, p.alpha().size());
    p.alpha().value()[2] = 0.1f;
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(new float[] {-2, 4, -10, -2, -4, 1}, 2, 3));
    assertArrayEquals(new float[] {-1, 4, -1, -1, -2, 1}, Arrays.copyOf(y.data(), y.size()));
    run.backward(Matrix.wrap(new float[] {1, 1, 1, 1, 1, 1}, 2, 3));
    assertArrayEquals(new float[] {-4, -4, -10}, p.alpha().gradient().clone()); // Σ x·dy over x < 0, per feature
  }

  @Test
  void aSharedSlopeServesEveryFeatureAsPyTorchsDefault() {
    LayerRun run = LayerRun.of(new PReLU.Spec().shared(true).alphaInitializer(Initializers.constant(0.25)).name("p"), 1,
        new int[] {3});
    PReLU p = (PReLU) run.layer();
    assertEquals(1, p.alpha().size(), "torch's nn.PReLU() learns one slope");
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(new float[] {-4, 4, -8, -2, -4, 1}, 2, 3));
    assertArrayEquals(new float[] {-1, 4, -2, -0.5f, -1, 1}, Arrays.copyOf(y.data(), y.size()));
    Matrix dx = run.backward(Matrix.wrap(new float[] {1, 2, 1, 1, 1, 3}, 2, 3));
    assertArrayEquals(new float[] {0.25f, 2, 0.25f, 0.25f, 0.25f, 3}, Arrays.copyOf(dx.data(), dx.size()));
    assertArrayEquals(new float[] {-4 - 8 - 2 - 4}, p.alpha().gradient().clone());
    assertEquals(true, p.spec().shared(), "the spec (and so clone and export) keeps it");
    assertEquals("p", p.spec().name());
  }
}

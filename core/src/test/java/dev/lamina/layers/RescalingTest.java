// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RescalingTest {

  @Test
  void scalesAndOffsetsAsKeras() {
    LayerRun run = LayerRun.of(new Rescaling.Spec(1 / 127.5, -1), 0, new int[] {3});
    Matrix y = run.forward(Mode.INFER, Matrix.wrap(new float[] {0f, 127.5f, 255f}, 1, 3));
    assertArrayEquals(new float[] {-1f, 0f, 1f}, Arrays.copyOf(y.data(), y.size()), 1e-6f);
    Matrix dx = run.backward(Matrix.wrap(new float[] {1f, 1f, 1f}, 1, 3));
    assertArrayEquals(new float[] {2 / 255f, 2 / 255f, 2 / 255f}, Arrays.copyOf(dx.data(), dx.size()), 1e-9f);
    assertTrue(run.layer().parameters().isEmpty());
  }

  @Test
  void perFeatureValuesMustMatchTheInput() {
    LayerSpec spec = new Rescaling.Spec(new float[] {1f, 2f}, new float[] {0f}, null, true).name("r");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerRun.of(spec, 0, new int[] {3}));
    assertTrue(e.getMessage().startsWith("Rescaling(name=r): scale must have 1 or 3 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Rescaling.Spec(Double.NaN, 0).name("r").create());
  }
}

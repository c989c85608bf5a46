// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void standardisesEachFeatureWithTheGivenStatistics() {
    LayerRun run = LayerRun.of(new Normalization.Spec(new float[] {1f, -2f}, new float[] {4f, 0.25f}).name("norm"), 0,
        new int[] {2});
    Matrix y = run.forward(Mode.INFER, Matrix.wrap(new float[] {3f, -2f, 1f, 0f}, 2, 2));
    assertArrayEquals(new float[] {1f, 0f, 0f, 4f}, Arrays.copyOf(y.data(), y.size()));
    Matrix dx = run.backward(Matrix.wrap(new float[] {1f, 1f, 2f, 2f}, 2, 2));
    assertArrayEquals(new float[] {0.5f, 2f, 1f, 4f}, Arrays.copyOf(dx.data(), dx.size()));
  }

  @Test
  void aSingleValueAppliesToEveryFeatureAndZeroVarianceIsGuarded() {
    LayerRun run = LayerRun.of(new Normalization.Spec(new float[] {0.5f}, new float[] {0f}).name("norm"), 0, new int[] {2, 2});
    Normalization n = (Normalization) run.layer();
    assertArrayEquals(new int[] {2, 2}, n.outputShape());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, n.mean().value());
    assertEquals((float) Normalization.MIN_STD, n.standardDeviation()[3]);
    assertTrue(Float.isFinite(run.forward(Mode.INFER, Matrix.wrap(new float[] {1, 2, 3, 4}, 1, 4)).data()[0]));
  }

  @Test
  void statisticsAreStateNotTrainedAndSpecCopiesThem() {
    LayerRun run = LayerRun.of(new Normalization.Spec(new float[] {1f, 2f}, new float[] {3f, 4f}).name("norm"), 0,
        new int[] {2});
    Normalization n = (Normalization) run.layer();
    assertEquals(2, n.parameters().size());
    n.parameters().forEach(p -> assertFalse(p.isTrainable(), p.name()));
    n.setTrainable(true);
    n.parameters().forEach(p -> assertFalse(p.isTrainable(), p.name()));
    n.mean().value()[0] = 7f;
    assertArrayEquals(new float[] {7f, 2f}, n.spec().mean());
    assertEquals("norm", n.spec().name());
    assertEquals("normalization", n.spec().baseName());
  }

  @Test
  void rejectsWrongSizesAndNegativeVariance() {
    LayerSpec spec = new Normalization.Spec(new float[] {1f, 2f}, new float[] {1f, 1f}).name("norm");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerRun.of(spec, 0, new int[] {3}));
    assertTrue(e.getMessage().contains("Normalization(name=norm): mean must have 1 or 3 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Normalization.Spec(new float[] {0f}, new float[] {-1f}).name("n").create());
  }
}

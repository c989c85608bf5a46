package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void standardisesEachFeatureWithTheGivenStatistics() {
    Normalization n = new Normalization.Spec(new float[] {1f, -2f}, new float[] {4f, 0.25f}).create("norm");
    n.build(new int[] {2}, new SplittableRandom(0));
    Matrix y = n.forward(Matrix.wrap(new float[] {3f, -2f, 1f, 0f}, 2, 2), Mode.INFER);
    assertArrayEquals(new float[] {1f, 0f, 0f, 4f}, y.data());
    Matrix dx = n.backward(Matrix.wrap(new float[] {1f, 1f, 2f, 2f}, 2, 2), true);
    assertArrayEquals(new float[] {0.5f, 2f, 1f, 4f}, dx.data());
  }

  @Test
  void aSingleValueAppliesToEveryFeatureAndZeroVarianceIsGuarded() {
    Normalization n = new Normalization.Spec(new float[] {0.5f}, new float[] {0f}).create("norm");
    assertArrayEquals(new int[] {2, 2}, n.build(new int[] {2, 2}, new SplittableRandom(0)));
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, n.mean().value());
    assertEquals((float) Normalization.MIN_STD, n.standardDeviation()[3]);
    assertTrue(Float.isFinite(n.forward(Matrix.wrap(new float[] {1, 2, 3, 4}, 1, 4), Mode.INFER).data()[0]));
  }

  @Test
  void statisticsAreStateNotTrainedAndSpecCopiesThem() {
    Normalization n = new Normalization.Spec(new float[] {1f, 2f}, new float[] {3f, 4f}).create("norm");
    n.build(new int[] {2}, new SplittableRandom(0));
    n.parameters().forEach(p -> assertFalse(p.isTrainable(), p.name()));
    n.setTrainable(true);
    n.parameters().forEach(p -> assertFalse(p.isTrainable(), p.name()));
    n.mean().value()[0] = 7f;
    assertArrayEquals(new float[] {7f, 2f}, n.spec().mean());
    assertEquals("normalization", n.spec().baseName());
  }

  @Test
  void rejectsWrongSizesAndNegativeVariance() {
    Normalization n = new Normalization.Spec(new float[] {1f, 2f}, new float[] {1f, 1f}).create("norm");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.build(new int[] {3}, new SplittableRandom(0)));
    assertTrue(e.getMessage().contains("Normalization(name=norm): mean must have 1 or 3 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Normalization.Spec(new float[] {0f}, new float[] {-1f}).create("n"));
  }
}

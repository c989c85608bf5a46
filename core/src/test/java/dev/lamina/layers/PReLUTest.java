package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PReLUTest {

  @Test
  void oneSlopePerFeatureByDefaultAsKeras() {
    PReLU p = new PReLU.Spec().alphaInitializer(Initializers.constant(0.5)).create("p");
    p.build(new int[] {3}, new SplittableRandom(1));
    assertEquals(3, p.alpha().size());
    p.alpha().value()[2] = 0.1f;
    Matrix y = p.forward(Matrix.wrap(new float[] {-2, 4, -10, -2, -4, 1}, 2, 3), Mode.TRAIN);
    assertArrayEquals(new float[] {-1, 4, -1, -1, -2, 1}, y.data().clone());
    p.backward(Matrix.wrap(new float[] {1, 1, 1, 1, 1, 1}, 2, 3), true);
    assertArrayEquals(new float[] {-4, -4, -10}, p.alpha().gradient().clone()); // Σ x·dy over x < 0, per feature
  }

  @Test
  void aSharedSlopeServesEveryFeatureAsPyTorchsDefault() {
    PReLU p = new PReLU.Spec().shared(true).alphaInitializer(Initializers.constant(0.25)).create("p");
    p.build(new int[] {3}, new SplittableRandom(1));
    assertEquals(1, p.alpha().size(), "torch's nn.PReLU() learns one slope");
    Matrix y = p.forward(Matrix.wrap(new float[] {-4, 4, -8, -2, -4, 1}, 2, 3), Mode.TRAIN);
    assertArrayEquals(new float[] {-1, 4, -2, -0.5f, -1, 1}, y.data().clone());
    Matrix dx = p.backward(Matrix.wrap(new float[] {1, 2, 1, 1, 1, 3}, 2, 3), true);
    assertArrayEquals(new float[] {0.25f, 2, 0.25f, 0.25f, 0.25f, 3}, dx.data().clone());
    assertArrayEquals(new float[] {-4 - 8 - 2 - 4}, p.alpha().gradient().clone());
    assertEquals(true, p.spec().shared(), "the spec (and so clone and export) keeps it");
  }
}

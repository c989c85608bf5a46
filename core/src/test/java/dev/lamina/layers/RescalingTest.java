package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RescalingTest {

  @Test
  void scalesAndOffsetsAsKeras() {
    Rescaling r = new Rescaling.Spec(1 / 127.5, -1).create("rescaling");
    r.build(new int[] {3}, new SplittableRandom(0));
    Matrix y = r.forward(Matrix.wrap(new float[] {0f, 127.5f, 255f}, 1, 3), Mode.INFER);
    assertArrayEquals(new float[] {-1f, 0f, 1f}, y.data(), 1e-6f);
    assertArrayEquals(new float[] {2 / 255f, 2 / 255f, 2 / 255f},
        r.backward(Matrix.wrap(new float[] {1f, 1f, 1f}, 1, 3), true).data(), 1e-9f);
    assertTrue(r.parameters().isEmpty());
  }

  @Test
  void perFeatureValuesMustMatchTheInput() {
    Rescaling r = new Rescaling.Spec(new float[] {1f, 2f}, new float[] {0f}, null, true).create("r");
    assertThrows(IllegalArgumentException.class, () -> r.build(new int[] {3}, new SplittableRandom(0)));
    assertThrows(IllegalArgumentException.class, () -> new Rescaling.Spec(Double.NaN, 0).create("r"));
  }
}

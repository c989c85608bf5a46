package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RReLUTest {

  @Test
  void inferenceUsesTheMeanSlopeAndTheGradientAtZeroIsTheSlopeAsPyTorch() {
    RReLU r = new RReLU.Spec().create("r");
    r.build(new int[] {3}, new SplittableRandom(1));
    double mean = (RReLU.DEFAULT_LOWER + RReLU.DEFAULT_UPPER) / 2;
    assertEquals(mean, r.inferenceSlope(), 1e-15);
    Matrix y = r.forward(Matrix.wrap(new float[] {0, -1, 2}, 1, 3), Mode.INFER);
    assertArrayEquals(new float[] {0, (float) -mean, 2}, y.data().clone());
    Matrix dx = r.backward(Matrix.wrap(new float[] {1, 1, 1}, 1, 3), true);
    // torch's eval mode is leaky_relu: the gradient of x <= 0 is the slope, 1 only for x > 0
    assertArrayEquals(new float[] {(float) mean, (float) mean, 1}, dx.data().clone());
  }

  @Test
  void trainingDrawsSlopesWithinTheBoundsAndUsesThemAtZeroToo() {
    RReLU r = new RReLU.Spec().create("r");
    r.build(new int[] {4}, new SplittableRandom(1));
    r.forward(Matrix.wrap(new float[] {0, -1, -2, 3}, 1, 4), Mode.TRAIN);
    float[] dx = r.backward(Matrix.wrap(new float[] {1, 1, 1, 1}, 1, 4), true).data().clone();
    for (int i = 0; i < 3; i++) {
      assertEquals(true, dx[i] >= RReLU.DEFAULT_LOWER - 1e-7 && dx[i] <= RReLU.DEFAULT_UPPER + 1e-7, "slope " + dx[i]);
    }
    assertEquals(1f, dx[3]);
  }
}

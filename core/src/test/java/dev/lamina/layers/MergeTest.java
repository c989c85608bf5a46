// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The shape rules of the element-wise merges, and their values on a known batch. */
class MergeTest {

  @Test
  void mergesNeedEqualShapesAndEnoughInputs() {
    IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
        () -> new Add.Spec("join").apply(Input.of(3), Input.of(4)));
    assertEquals("Add(name=join): inputs must have the same shape, or broadcast (the same rank, each size equal or 1), "
        + "but input 0 has [3] and input 1 has [4]", shapes.getMessage());
    IllegalArgumentException ranks = assertThrows(IllegalArgumentException.class,
        () -> new Multiply.Spec("gate").apply(Input.of(3, 2, 2), Input.of(3)));
    assertEquals("Multiply(name=gate): inputs must have the same shape, or broadcast (the same rank, each size equal or "
        + "1), but input 0 has [3, 2, 2] and input 1 has [3]", ranks.getMessage());
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> new Multiply.Spec(null).apply(Input.of(3)));
    assertEquals("Multiply(name=?): needs at least 2 inputs, but was applied to 1", one.getMessage());
    IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
        () -> new Subtract.Spec(null).apply(Input.of(2), Input.of(2), Input.of(2)));
    assertEquals("Subtract(name=?): needs exactly 2 inputs, but was applied to 3", three.getMessage());
  }

  @Test
  void eachMergeComputesItsFunction() {
    Matrix a = Matrix.wrap(new float[] {1, -2, 3, 0}, 2, 2);
    Matrix b = Matrix.wrap(new float[] {4, 5, -6, 0}, 2, 2);
    assertArrayEquals(new float[] {5, 3, -3, 0}, run(new Add.Spec(null), a, b), 0f);
    assertArrayEquals(new float[] {-3, -7, 9, 0}, run(new Subtract.Spec(null), a, b), 0f);
    assertArrayEquals(new float[] {4, -10, -18, 0}, run(new Multiply.Spec(null), a, b), 0f);
    assertArrayEquals(new float[] {2.5f, 1.5f, -1.5f, 0}, run(new Average.Spec(null), a, b), 0f);
    assertArrayEquals(new float[] {4, 5, 3, 0}, run(new Maximum.Spec(null), a, b), 0f);
  }

  @Test
  void maximumGivesATieToTheFirstInput() {
    LayerRun run = LayerRun.of(new Maximum.Spec(null), 1, new int[] {2}, new int[] {2});
    run.forward(Mode.TRAIN, Matrix.wrap(new float[] {1, 2}, 1, 2), Matrix.wrap(new float[] {1, 3}, 1, 2));
    run.backward(Matrix.wrap(new float[] {10, 20}, 1, 2));
    assertArrayEquals(new float[] {10, 0}, run.inputGradient(0).toTensor().data(), 0f);
    assertArrayEquals(new float[] {0, 20}, run.inputGradient(1).toTensor().data(), 0f);
  }

  @Test
  void aGateOfOneValuePerChannelScalesEachChannelOfAFeatureMap() {
    // [2 channels, 1, 1] × [2 channels, 1, 2] per sample, batch 2; the gate first, as PyTorch's gate * x
    LayerRun run = LayerRun.of(new Multiply.Spec(null), 2, new int[] {2, 1, 1}, new int[] {2, 1, 2});
    Matrix gate = Matrix.wrap(new float[] {2, 3, -1, 10}, 2, 2);
    Matrix x = Matrix.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
    assertArrayEquals(new float[] {2, 4, 9, 12, -5, -6, 70, 80}, run.forward(Mode.TRAIN, gate, x).toTensor().data(), 0f);
    run.backward(Matrix.wrap(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 2, 4));
    // the gate's gradient is summed over the width it was stretched along
    assertArrayEquals(new float[] {3, 7, 11, 15}, run.inputGradient(0).toTensor().data(), 0f);
    assertArrayEquals(new float[] {2, 2, 3, 3, -1, -1, 10, 10}, run.inputGradient(1).toTensor().data(), 0f);
    assertArrayEquals(new int[] {2, 1, 2}, new Multiply.Spec(null).apply(Input.of(2, 1, 1), Input.of(2, 1, 2)).shape());
  }

  @Test
  void broadcastingMergesHaveTheGradientsOfTheirForwardPass() {
    LayerSpec[] merges = {new Add.Spec(null), new Subtract.Spec(null), new Multiply.Spec(null), new Average.Spec(null),
        new Maximum.Spec(null)};
    for (LayerSpec m : merges) {
      // Maximum has a kink where the inputs tie: values of the two inputs at least 0.08 apart, > the step 0.01
      GradientCheck.of(m, new int[] {3, 1, 1}, new int[] {3, 2, 4}).batch(2).inputs(apart(2, 3, 0.55), apart(2, 24, 0.17))
          .check();
      GradientCheck.of(m, new int[] {3, 2, 4}, new int[] {1, 2, 1}).batch(2).inputs(apart(2, 24, 0.17), apart(2, 2, 0.55))
          .check();
      GradientCheck.of(m, new int[] {1, 4}, new int[] {3, 1}).batch(2).inputs(apart(2, 4, 0.55), apart(2, 3, 0.17))
          .check(); // both stretched: [3, 4]
    }
    GradientCheck.of(new Multiply.Spec(null), new int[] {3, 1, 1}, new int[] {3, 2, 2}, new int[] {1, 2, 2}).check();
  }

  /** [rows, cols] values offset + k/4 with alternating sign: fractional parts .17, .42, … never near .55 or .05. */
  private static Matrix apart(int rows, int cols, double offset) {
    float[] v = new float[rows * cols];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) ((k % 2 == 0 ? 1 : -1) * (offset + (k % 7) * (offset == 0.55 ? 1.0 : 0.25)));
    }
    return Matrix.wrap(v, rows, cols);
  }

  private static float[] run(LayerSpec spec, Matrix a, Matrix b) {
    return LayerRun.of(spec, 1, new int[] {2}, new int[] {2}).forward(Mode.INFER, a, b).toTensor().data();
  }
}

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
    assertEquals("Add(name=join): inputs must have the same shape, but input 0 has [3] and input 1 has [4]",
        shapes.getMessage());
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

  private static float[] run(LayerSpec spec, Matrix a, Matrix b) {
    return LayerRun.of(spec, 1, new int[] {2}, new int[] {2}).forward(Mode.INFER, a, b).toTensor().data();
  }
}

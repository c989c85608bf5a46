// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Defaults and the divisor rules; the values are checked by ReferenceLayersTest, the gradients by LayerGradientCheckTest. */
class AveragePooling2DTest {

  private static float[] forward(AveragePooling2D.Spec spec, int[] shape, float... x) {
    LayerRun run = LayerRun.of(spec, 0, shape);
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(x, 1, x.length));
    return Arrays.copyOf(y.data(), y.size());
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    Arrays.fill(a, 1f);
    return a;
  }

  @Test
  void defaultsAreKerasAndOnnx() {
    AveragePooling2D.Spec spec = new AveragePooling2D.Spec(2, 3);
    assertEquals(2, spec.strideHeight());
    assertEquals(3, spec.strideWidth());
    assertEquals(Padding.VALID, spec.padding());
    assertFalse(spec.ceilMode());
    assertFalse(spec.countIncludePad(), "Keras same and ONNX exclude padded cells (torch counts them by default)");
    assertEquals("average_pooling2d", spec.baseName());
    assertEquals("AveragePooling2D", spec.create().type());
    AveragePooling2D layer = (AveragePooling2D) LayerRun.of(spec.countIncludePad(true).name("a"), 0, new int[] {1, 4, 6}).layer();
    assertEquals(spec.countIncludePad(true).name("a"), layer.spec());
  }

  @Test
  void paddedCellsCountOnlyWhenAsked() {
    int[] shape = {1, 3, 3};
    AveragePooling2D.Spec spec = new AveragePooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1));
    // windows at the corners hold 4 input cells of 9
    assertArrayEquals(new float[] {1, 1, 1, 1}, forward(spec, shape, ones(9)), 0f, "excluded: the mean of the input cells");
    assertArrayEquals(new float[] {4 / 9f, 4 / 9f, 4 / 9f, 4 / 9f}, forward(spec.countIncludePad(true), shape, ones(9)), 1e-7f,
        "included: padded zeros count (torch's default)");
  }

  @Test
  void keraSamePaddingExcludesPaddedCells() {
    // Keras AveragePooling2D(2, padding="same") on 3x3: the last row and column are windows of 2 and 1 cells
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, forward(new AveragePooling2D.Spec(2, 2).padding(Padding.SAME),
        new int[] {1, 3, 3}, x), 1e-6f);
  }

  @Test
  void inCeilModeTheOverhangBeyondThePaddingNeverCounts() {
    // torch AvgPool2d(2, 2, ceil_mode=True, count_include_pad=True) on ones(3, 3): the last windows hold 2 and 1
    // cells and no padding, so every output is 1
    AveragePooling2D.Spec spec = new AveragePooling2D.Spec(2, 2).ceilMode(true).countIncludePad(true);
    assertArrayEquals(new float[] {1, 1, 1, 1}, forward(spec, new int[] {1, 3, 3}, ones(9)), 0f);
  }

  @Test
  void backwardSpreadsEachGradientOverItsWindow() {
    LayerRun run = LayerRun.of(new AveragePooling2D.Spec(2, 2).strides(1), 0, new int[] {1, 2, 3});
    run.forward(Mode.TRAIN, Matrix.wrap(ones(6), 1, 6));
    Matrix dx = run.backward(Matrix.wrap(new float[] {4, 8}, 1, 2));
    assertArrayEquals(new float[] {1, 3, 2, 1, 3, 2}, Arrays.copyOf(dx.data(), 6), 0f);
  }

  @Test
  void rejectsBadConfigurations() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AveragePooling2D.Spec(2, 2).strides(0).create());
    assertEquals("AveragePooling2D(name=?): strides must be > 0, but were 0x0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D.Spec(2, 2, 2, 2, null, false, false, "a").create());
    assertEquals("AveragePooling2D(name=a): padding must be given (Padding.VALID, SAME or of(...)), but was null", e.getMessage());
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new AveragePooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)).ceilMode(true),
        Mode.TRAIN, 8, 33, 14, 15);
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new AveragePooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)), Mode.TRAIN, 4, 3, 9, 9);
  }
}

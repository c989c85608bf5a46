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

/** Defaults, output sizes, −∞ padding, ties and errors; the values are checked by ReferenceLayersTest, the gradients by LayerGradientCheckTest. */
class MaxPooling2DTest {

  private static int[] outputShape(MaxPooling2D.Spec spec, int... inputShape) {
    return LayerRun.of(spec, 0, inputShape).layer().outputShape();
  }

  private static float[] values(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  @Test
  void defaultsAreKeras() {
    MaxPooling2D.Spec spec = new MaxPooling2D.Spec(3, 2);
    assertEquals(3, spec.strideHeight(), "strides default to the pool size");
    assertEquals(2, spec.strideWidth());
    assertEquals(Padding.VALID, spec.padding());
    assertFalse(spec.ceilMode());
    assertEquals("max_pooling2d", spec.baseName());
    MaxPooling2D layer = spec.name("pool").create();
    assertEquals("MaxPooling2D", layer.type());
    assertEquals(spec.name("pool"), LayerRun.of(layer, 0, new int[] {1, 6, 6}).layer().spec());
    assertTrue(layer.parameters().isEmpty());
  }

  @Test
  void outputSizesFollowPyTorchAndKeras() {
    assertArrayEquals(new int[] {3, 3, 3}, outputShape(new MaxPooling2D.Spec(2, 2), 3, 6, 7), "floor: the last column is dropped");
    assertArrayEquals(new int[] {3, 3, 4}, outputShape(new MaxPooling2D.Spec(2, 2).padding(Padding.SAME), 3, 6, 7),
        "Keras same: ceil(size / stride)");
    assertArrayEquals(new int[] {1, 4, 4}, outputShape(new MaxPooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)),
        1, 7, 7));
    // SqueezeNet 1.1 at 67x67: MaxPool(3, 2, ceil_mode) gives 33 -> 16 -> 8 -> 4 where floor gives 16 -> 7 -> 3
    int[] ceil = {16, 8, 4};
    int[] floor = {16, 7, 3};
    int[] from = {33, 16, 8};
    for (int k = 0; k < 3; k++) {
      assertEquals(ceil[k], outputShape(new MaxPooling2D.Spec(3, 3).strides(2).ceilMode(true), 1, from[k], from[k])[1]);
      assertEquals(floor[k], outputShape(new MaxPooling2D.Spec(3, 3).strides(2), 1, from[k], from[k])[1]);
    }
    // ceil mode drops a last window that would start in the padding after the image (torch: 5 -> 3, not 4)
    assertArrayEquals(new int[] {1, 3, 3}, outputShape(new MaxPooling2D.Spec(2, 2).padding(Padding.of(1, 1))
        .ceilMode(true), 1, 5, 5));
  }

  @Test
  void sameResolvesThePaddingWithTheOddCellAfter() {
    MaxPooling2D layer = (MaxPooling2D) LayerRun.of(new MaxPooling2D.Spec(3, 3).strides(2).padding(Padding.SAME), 0,
        new int[] {1, 8, 7}).layer();
    assertArrayEquals(new int[] {0, 1, 1, 1}, layer.pads(), "height 8: total 1, after; width 7: total 2, one each side");
  }

  @Test
  void paddedCellsNeverWin() {
    LayerRun run = LayerRun.of(new MaxPooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)), 0, new int[] {1, 3, 3});
    float[] x = {-9, -8, -7, -6, -5, -4, -3, -2, -1};
    float[] y = values(run.forward(Mode.TRAIN, Matrix.wrap(x, 1, 9)));
    assertArrayEquals(new float[] {-5, -4, -2, -1}, y, 0f, "-inf padding: zeros would win for negative inputs");
  }

  @Test
  void tiesGoToTheFirstCellInWindowOrderAndNaNWins() {
    LayerRun run = LayerRun.of(new MaxPooling2D.Spec(2, 2), 0, new int[] {1, 2, 4});
    float[] x = {1, 1, 0, Float.NaN, 1, 1, 5, 0};
    float[] y = values(run.forward(Mode.TRAIN, Matrix.wrap(x, 1, 8)));
    assertEquals(1f, y[0]);
    assertTrue(Float.isNaN(y[1]), "NaN propagates, as in PyTorch");
    float[] dx = values(run.backward(Matrix.wrap(new float[] {2, 3}, 1, 2)));
    assertArrayEquals(new float[] {2, 0, 0, 3, 0, 0, 0, 0}, dx, 0f, "each window's gradient goes to one cell: the first maximum");
  }

  @Test
  void signedZerosTieAndTheFirstOneIsKept() {
    LayerRun run = LayerRun.of(new MaxPooling2D.Spec(1, 2), 0, new int[] {1, 1, 4});
    float[] y = values(run.forward(Mode.TRAIN, Matrix.wrap(new float[] {-0f, 0f, 0f, -0f}, 1, 4)));
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(y[0]), "-0 comes first");
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(y[1]));
    float[] dx = values(run.backward(Matrix.wrap(new float[] {1, 2}, 1, 2)));
    assertArrayEquals(new float[] {1, 0, 2, 0}, dx, 0f);
  }

  @Test
  void infinitiesAndExtremeValuesOrderAsNumbers() {
    LayerRun run = LayerRun.of(new MaxPooling2D.Spec(1, 3), 0, new int[] {1, 1, 9});
    float[] x = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -Float.MIN_VALUE, Float.MIN_VALUE, -1e30f, -3f,
        Float.MAX_VALUE, Float.POSITIVE_INFINITY, 7f};
    float[] y = values(run.forward(Mode.TRAIN, Matrix.wrap(x, 1, 9)));
    assertArrayEquals(new float[] {-Float.MIN_VALUE, Float.MIN_VALUE, Float.POSITIVE_INFINITY}, y, 0f);
  }

  @Test
  void overlappingWindowsAddTheirGradients() {
    LayerRun run = LayerRun.of(new MaxPooling2D.Spec(2, 2).strides(1), 0, new int[] {1, 3, 3});
    float[] x = {0, 0, 0, 0, 9, 0, 0, 0, 0};
    run.forward(Mode.TRAIN, Matrix.wrap(x, 1, 9));
    float[] dx = values(run.backward(Matrix.wrap(new float[] {1, 2, 3, 4}, 1, 4)));
    assertArrayEquals(new float[] {0, 0, 0, 0, 10, 0, 0, 0, 0}, dx, 0f);
  }

  /**
   * An inference pass keeps no argmax (and runs 2×2 windows without the cell table); a backward
   * pass after it (saliency maps) finds the argmax again.
   */
  @Test
  void backwardAfterAnInferencePassMatchesTraining() {
    inferenceMatchesTraining(new MaxPooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)), 3, 9, 9);
    inferenceMatchesTraining(new MaxPooling2D.Spec(2, 2), 3, 20, 34);
  }

  private static void inferenceMatchesTraining(MaxPooling2D.Spec spec, int... shape) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(6);
    int in = Layer.features(shape);
    float[] x = new float[2 * in];
    float[] special = {Float.NaN, Float.intBitsToFloat(0x7fc00123), -0f, 0f, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 7 == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
    }
    int out = Layer.features(LayerRun.of(spec, 0, shape).layer().outputShape());
    float[] dy = new float[2 * out];
    for (int i = 0; i < dy.length; i++) {
      dy[i] = (float) r.nextGaussian();
    }
    float[][] y = new float[2][];
    float[][] dx = new float[2][];
    Mode[] modes = {Mode.TRAIN, Mode.INFER};
    for (int k = 0; k < 2; k++) {
      LayerRun run = LayerRun.of(spec, 0, shape);
      y[k] = values(run.forward(modes[k], Matrix.wrap(x.clone(), 2, in)));
      dx[k] = values(run.backward(Matrix.wrap(dy.clone(), 2, out)));
      assertArrayEquals(y[k], values(run.frame().output(2, out)), 0f, modes[k] + ": the output is kept");
    }
    for (int i = 0; i < y[0].length; i++) {
      assertEquals(Float.floatToRawIntBits(y[0][i]), Float.floatToRawIntBits(y[1][i]), spec + ": output " + i);
    }
    assertArrayEquals(dx[0], dx[1], 0f, spec + ": input gradients");
    assertTrue(Arrays.stream(toDoubles(dx[1])).filter(v -> v != 0).count() > 0, "some gradient reaches the input");
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  @Test
  void rejectsBadConfigurationsWithMessagesNamingTheLayer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D.Spec(0, 2).create());
    assertEquals("MaxPooling2D(name=?): pool size must be > 0, but was 0x2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D.Spec(2, 2).strides(2, -1).name("p").create());
    assertEquals("MaxPooling2D(name=p): strides must be > 0, but were 2x-1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LayerRun.of(new MaxPooling2D.Spec(2, 2).padding(Padding.of(0, 2, 0, 0)).name("p"), 0, new int[] {1, 4, 4}));
    assertEquals("MaxPooling2D(name=p): padding must be smaller than the pool size, so that every window covers an input "
        + "cell, but the height has pool size 2 and padding 0 before, 2 after", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LayerRun.of(new MaxPooling2D.Spec(3, 3).name("p"), 0, new int[] {1, 2, 5}));
    assertEquals("MaxPooling2D(name=p): the pool size 3 must fit the height 2 plus padding 0, but does not", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LayerRun.of(new MaxPooling2D.Spec(2, 2).name("p"), 0, new int[] {16}));
    assertTrue(e.getMessage().startsWith("MaxPooling2D(name=p): expects [channels, height, width] samples, but got shape [16]"),
        e.getMessage());
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new MaxPooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)), Mode.TRAIN, 8,
        33, 15, 15);
  }

  @Test
  void allocatesNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new MaxPooling2D.Spec(3, 3).strides(2).padding(Padding.of(1, 1)).ceilMode(true), Mode.TRAIN, 4, 3, 9, 9);
  }
}

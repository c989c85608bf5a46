// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API max-pooling kernel against the portable loop, bit for bit, and both against the
 * rule written out (ties to the first cell in window order, the first NaN wins), on values drawn
 * from a small set with ties, signed zeros, infinities and NaNs, and cell tables with repeated
 * cells, for output counts below, at and above a vector and with a tail.
 */
class MaxPoolKernelsTest {
  private static final MaxPoolKernels PORTABLE = new MaxPoolKernels.Portable();
  private static final MaxPoolKernels VECTOR = new VectorMaxPoolKernels();
  private static final float[] VALUES = {-0f, 0f, 1f, 1f, -2f, 3f, Float.NaN, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00123)}; // the last: a NaN with a payload

  @ParameterizedTest(name = "{0} outputs, windows of {1}")
  @CsvSource({"1, 1", "7, 4", "15, 4", "16, 4", "17, 9", "49, 4", "196, 4", "100, 9", "33, 2"})
  void vectorAndPortableAgreeBitForBitAndFollowTheRule(int outputs, int window) {
    SplittableRandom r = new SplittableRandom(outputs * 31L + window);
    int planeSize = 3 * outputs + 5;
    int xo = 7;
    float[] x = new float[xo + planeSize];
    for (int k = 0; k < x.length; k++) {
      x[k] = VALUES[r.nextInt(VALUES.length)];
    }
    int[] cells = new int[window * outputs];
    for (int k = 0; k < cells.length; k++) {
      cells[k] = r.nextInt(planeSize);
    }
    int yo = 3;
    float[][] y = new float[2][yo + outputs];
    int[][] argmax = new int[2][yo + outputs];
    PORTABLE.forward(x, xo, cells, window, outputs, y[0], yo, argmax[0]);
    VECTOR.forward(x, xo, cells, window, outputs, y[1], yo, argmax[1]);
    assertArrayEquals(argmax[0], argmax[1], "argmax");
    for (int o = 0; o < yo + outputs; o++) {
      assertEquals(Float.floatToRawIntBits(y[0][o]), Float.floatToRawIntBits(y[1][o]), "output " + o);
    }
    for (int o = 0; o < outputs; o++) {
      int expected = cells[o];
      for (int w = 1; w < window; w++) { // the first NaN, else the first cell of the largest value
        int cell = cells[w * outputs + o];
        float best = x[xo + expected];
        float v = x[xo + cell];
        if (!Float.isNaN(best) && (Float.isNaN(v) || v > best)) {
          expected = cell;
        }
      }
      assertEquals(expected, argmax[1][yo + o], "the cell of output " + o);
      assertEquals(Float.floatToRawIntBits(x[xo + expected]), Float.floatToRawIntBits(y[1][yo + o]),
          "the value of output " + o + " is its cell's, NaN payload and zero sign included");
    }
    assertEquals(0, argmax[1][0], "nothing before yo is written");
    for (MaxPoolKernels kernels : new MaxPoolKernels[] {PORTABLE, VECTOR}) {
      float[] values = new float[yo + outputs];
      kernels.forward(x, xo, cells, window, outputs, values, yo);
      for (int o = 0; o < yo + outputs; o++) {
        assertEquals(Float.floatToRawIntBits(y[0][o]), Float.floatToRawIntBits(values[o]),
            kernels + ": output " + o + " without the argmax");
      }
    }
  }

  @ParameterizedTest(name = "{0}x{1} plane")
  @CsvSource({"2, 16", "28, 28", "9, 35", "14, 14", "6, 17"})
  void twoByTwoWindowsGiveTheTablesBitsOrDecline(int height, int width) {
    SplittableRandom r = new SplittableRandom(height * 131L + width);
    int outHeight = height / 2;
    int outWidth = width / 2;
    int outputs = outHeight * outWidth;
    int xo = 5;
    float[] x = new float[xo + height * width];
    for (int k = 0; k < x.length; k++) {
      x[k] = VALUES[r.nextInt(VALUES.length)];
    }
    int[] cells = new int[4 * outputs];
    for (int i = 0; i < outHeight; i++) {
      for (int j = 0; j < outWidth; j++) {
        for (int w = 0; w < 4; w++) {
          cells[w * outputs + i * outWidth + j] = (2 * i + w / 2) * width + 2 * j + w % 2;
        }
      }
    }
    int yo = 2;
    float[] want = new float[yo + outputs];
    PORTABLE.forward(x, xo, cells, 4, outputs, want, yo);
    assertFalse(PORTABLE.forward2x2(x, xo, width, outHeight, outWidth, new float[yo + outputs], yo),
        "the portable loops use the table");
    float[] got = new float[yo + outputs];
    boolean done = VECTOR.forward2x2(x, xo, width, outHeight, outWidth, got, yo);
    assertEquals(outWidth >= jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), done, "rows of a vector or more");
    if (done) {
      for (int o = 0; o < yo + outputs; o++) {
        assertEquals(Float.floatToRawIntBits(want[o]), Float.floatToRawIntBits(got[o]), "output " + o);
      }
    } else {
      assertArrayEquals(new float[yo + outputs], got, 0f, "nothing written");
    }
  }

  @ParameterizedTest(name = "{0} outputs")
  @CsvSource({"1", "15", "16", "17", "49", "196"})
  void scatterPutsEachGradientInItsCellAndLeavesTheOthers(int outputs) {
    SplittableRandom r = new SplittableRandom(outputs);
    int planeSize = 4 * outputs;
    int[] argmax = new int[2 + outputs];
    for (int o = 0; o < outputs; o++) {
      argmax[2 + o] = 4 * o + r.nextInt(4); // one cell of each 4-cell window: all different
    }
    float[] dy = new float[2 + outputs];
    for (int k = 0; k < dy.length; k++) {
      dy[k] = (float) r.nextGaussian();
    }
    for (MaxPoolKernels kernels : new MaxPoolKernels[] {PORTABLE, VECTOR}) {
      float[] dx = new float[5 + planeSize];
      java.util.Arrays.fill(dx, 9f);
      kernels.scatter(dy, 2, outputs, argmax, dx, 5);
      float[] expected = new float[5 + planeSize];
      java.util.Arrays.fill(expected, 9f);
      for (int o = 0; o < outputs; o++) {
        expected[5 + argmax[2 + o]] = dy[2 + o];
      }
      assertArrayEquals(expected, dx, 0f, kernels.toString());
    }
  }

  @Test
  void theVectorKernelIsChosenWhenTheModuleIsPresent() {
    assertInstanceOf(VectorMaxPoolKernels.class, MaxPoolKernels.best());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import static dev.lamina.initializers.VarianceScalingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FansTest {

  @Test
  void followsKerasComputeFans() {
    assertEquals(new Fans(1, 1), Fans.of(new int[] {}));
    assertEquals(new Fans(7, 7), Fans.of(new int[] {7}));
    assertEquals(new Fans(300, 100), Fans.of(new int[] {300, 100}));
    // Conv1D kernel [out, in, width]: receptive field 5.
    assertEquals(new Fans(5 * 8, 5 * 16), Fans.of(new int[] {16, 8, 5}));
    // Conv2D kernel [out, in, 3, 3]: receptive field 9.
    assertEquals(new Fans(9 * 16, 9 * 32), Fans.of(new int[] {32, 16, 3, 3}));
    // 3 groups: [out, in / groups, kh, kw]; fanOut is not divided by the groups (Keras, PyTorch)
    assertEquals(new Fans(4 * 5 * 3, 12 * 5 * 3), Fans.of(new int[] {12, 4, 5, 3}));
  }

  /**
   * A convolution kernel stored [out, in / groups, ...kernel] has the fans that Keras'
   * {@code compute_fans} gives the same kernel in its channels-last layout [...kernel, in / groups, out].
   */
  @Test
  void convolutionKernelsHaveTheFansKerasGivesTheirChannelsLastLayout() {
    int[][] oihw = {{32, 16, 3, 3}, {6, 2, 5, 4}, {4, 3, 7}, {1, 33, 1, 1}, {8, 1, 3, 3, 3}};
    for (int[] shape : oihw) {
      int rank = shape.length;
      int[] keras = new int[rank]; // [...kernel, in, out]
      System.arraycopy(shape, 2, keras, 0, rank - 2);
      keras[rank - 2] = shape[1];
      keras[rank - 1] = shape[0];
      assertEquals(kerasComputeFans(keras), Fans.of(shape), java.util.Arrays.toString(shape));
    }
  }

  /** Keras 3 {@code compute_fans}, transcribed: rank &gt; 2 is [...kernel, in, out]. */
  private static Fans kerasComputeFans(int[] shape) {
    long receptiveField = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptiveField *= shape[i];
    }
    return new Fans(shape[shape.length - 2] * receptiveField, shape[shape.length - 1] * receptiveField);
  }

  @Test
  void averagesFans() {
    assertEquals(200.0, new Fans(300, 100).fanAvg());
    assertEquals(2.5, new Fans(2, 3).fanAvg());
  }

  @Test
  void doesNotOverflowInt() {
    assertEquals(new Fans(1L << 48, 1L << 48),
        Fans.of(new int[] {65536, 65536, 65536, 65536}));
  }

  @Test
  void rejectsNegatives() {
    assertMessage("Fans: shape dimensions must be >= 0, but shape was [3, -1]",
        () -> Fans.of(new int[] {3, -1}));
    assertMessage("Fans: fanIn and fanOut must be >= 0, but were -1 and 2", () -> new Fans(-1, 2));
  }
}

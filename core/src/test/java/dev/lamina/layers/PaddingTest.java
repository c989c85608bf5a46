// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PaddingTest {

  /** The pads of a 2-D window of kh × kw moved by sh × sw, no dilation, over height × width. */
  private static int[] pads2d(Padding p, int height, int width, int kh, int kw, int sh, int sw) {
    return p.resolve(new int[] {height, width}, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {1, 1});
  }

  /** The pads of a 1-D window of k taps dilated by d, moved by s, over a sequence of length in. */
  private static int[] pads1d(Padding p, int in, int k, int s, int d) {
    return p.resolve(new int[] {in}, new int[] {k}, new int[] {s}, new int[] {d});
  }

  @Test
  void sameIsKerasWithTheOddCellAfter() {
    // ceil(size / stride) outputs; total = max((out - 1) * stride + (k - 1) * d + 1 - size, 0), half before
    assertArrayEquals(new int[] {1, 1, 1, 1}, pads2d(Padding.SAME, 7, 7, 3, 3, 1, 1));
    assertArrayEquals(new int[] {0, 1, 0, 1}, pads2d(Padding.SAME, 8, 8, 3, 3, 2, 2), "conv2d_same_asymmetric's padding");
    assertArrayEquals(new int[] {0, 0, 1, 2}, pads2d(Padding.SAME, 4, 5, 2, 4, 2, 1));
    assertArrayEquals(new int[] {0, 0, 0, 0}, pads2d(Padding.SAME, 6, 6, 1, 1, 3, 3), "never negative");
    assertArrayEquals(new int[] {2, 2, 2, 2}, Padding.SAME.resolve(new int[] {9, 9}, new int[] {3, 3}, new int[] {1, 1},
        new int[] {2, 2}), "a 3-tap kernel dilated by 2 spans 5 cells");
    assertArrayEquals(new int[] {1, 1}, pads1d(Padding.SAME, 10, 4, 2, 1));
    assertArrayEquals(new int[] {0, 1}, pads1d(Padding.SAME, 10, 2, 1, 1), "an odd total's extra cell after");
  }

  @Test
  void causalPutsTheDilatedSpanBefore() {
    assertArrayEquals(new int[] {4, 0}, pads1d(Padding.CAUSAL, 7, 3, 1, 2));
    assertArrayEquals(new int[] {2, 0}, pads1d(Padding.CAUSAL, 9, 3, 2, 1));
  }

  @Test
  void validAndExplicitPadding() {
    assertArrayEquals(new int[4], pads2d(Padding.VALID, 7, 7, 3, 3, 2, 2));
    assertArrayEquals(new int[2], pads1d(Padding.VALID, 7, 3, 2, 1));
    assertArrayEquals(new int[] {1, 2, 3, 4}, pads2d(Padding.of(1, 2, 3, 4), 7, 7, 3, 3, 2, 2));
    assertArrayEquals(new int[] {3, 0}, pads1d(Padding.of1d(3, 0), 7, 3, 2, 1));
    assertEquals(Padding.of(1, 1, 2, 2), Padding.of(1, 2));
    assertEquals(new Padding(Padding.Kind.EXPLICIT, 2, 1, 2, 3, 4), Padding.of(1, 2, 3, 4));
    assertNotEquals(Padding.of(0, 0, 1, 2), Padding.of1d(1, 2), "2-D and 1-D sizes are different paddings");
    assertEquals(Padding.Kind.EXPLICIT, Padding.of1d(1, 2).kind());
    assertEquals(1, Padding.of1d(1, 2).rank());
    assertEquals(0, Padding.SAME.rank(), "computed paddings fit any rank");
    assertEquals(Padding.Kind.CAUSAL, Padding.CAUSAL.kind());
    assertEquals("same", Padding.SAME.toString());
    assertEquals("causal", Padding.CAUSAL.toString());
    assertEquals("(top=1, bottom=1, left=2, right=2)", Padding.of(1, 2).toString());
    assertEquals("(left=1, right=0)", Padding.of1d(1, 0).toString());
  }

  @Test
  void rejectsNegativeSidesAndSizesForComputedKinds() {
    assertMessage("Padding: left must be >= 0, but was -1", () -> Padding.of(0, 1, -1, 0));
    assertMessage("Padding: top must be >= 0, but was -2", () -> Padding.of(-2, 1));
    assertMessage("Padding: right must be >= 0, but was -3", () -> Padding.of1d(0, -3));
    assertMessage("Padding: SAME padding takes no sizes, but was given rank=0, top=1, bottom=0, left=0, right=0; use "
        + "Padding.of(top, bottom, left, right) or Padding.of1d(left, right)",
        () -> new Padding(Padding.Kind.SAME, 0, 1, 0, 0, 0));
    assertMessage("Padding: explicit padding is for rank 1 (left, right) or 2 (top, bottom, left, right), but rank was 3",
        () -> new Padding(Padding.Kind.EXPLICIT, 3, 0, 0, 1, 1));
    assertMessage("Padding: 1-D padding has only left and right, but was given top=1, bottom=0; use "
        + "Padding.of(top, bottom, left, right) for 2-D layers", () -> new Padding(Padding.Kind.EXPLICIT, 1, 1, 0, 1, 1));
  }

  @Test
  void resolveChecksTheRank() {
    assertMessage("Padding.resolve: padding CAUSAL is for 1-D convolutions (Conv1D) only",
        () -> pads2d(Padding.CAUSAL, 7, 7, 3, 3, 1, 1));
    assertMessage("Padding.resolve: padding must be 1-D (left, right), but was 2-D (top=1, bottom=1, left=1, right=1); "
        + "use Padding.of1d(left, right)", () -> pads1d(Padding.of(1, 1), 7, 3, 1, 1));
    assertMessage("Padding.resolve: padding must be 2-D (top, bottom, left, right), but was 1-D (left=1, right=1); "
        + "use Padding.of(top, bottom, left, right)", () -> pads2d(Padding.of1d(1, 1), 7, 7, 3, 3, 1, 1));
    assertMessage("Padding.resolve: size, window, strides and dilation must all have 1 or all 2 axes, but had [2, 1, 2, 2]",
        () -> Padding.SAME.resolve(new int[] {7, 7}, new int[] {3}, new int[] {1, 1}, new int[] {1, 1}));
  }

  @Test
  void everyWindowedLayerRejectsAPaddingOfTheWrongRankNamingTheLayer() {
    assertMessage("Conv1D(name=c): padding must be 1-D (left, right), but was 2-D (top=0, bottom=0, left=1, right=1); "
        + "use Padding.of1d(left, right)", () -> Conv1D.builder(2, 3).padding(Padding.of(0, 1)).name("c").create());
    assertMessage("Conv2D(name=?): padding must be 2-D (top, bottom, left, right), but was 1-D (left=1, right=1); "
        + "use Padding.of(top, bottom, left, right)", () -> Conv2D.builder(2, 3).padding(Padding.of1d(1, 1)).create());
    assertMessage("DepthwiseConv2D(name=?): padding CAUSAL is for 1-D convolutions (Conv1D) only",
        () -> DepthwiseConv2D.builder(3).padding(Padding.CAUSAL).create());
    assertMessage("SeparableConv2D(name=?): padding must be 2-D (top, bottom, left, right), but was 1-D (left=0, right=1); "
        + "use Padding.of(top, bottom, left, right)", () -> SeparableConv2D.builder(4, 3).padding(Padding.of1d(0, 1)).create());
    assertMessage("MaxPooling2D(name=p): padding CAUSAL is for 1-D convolutions (Conv1D) only",
        () -> new MaxPooling2D.Spec(2, 2).padding(Padding.CAUSAL).name("p").create());
    assertMessage("AveragePooling2D(name=?): padding must be 2-D (top, bottom, left, right), but was 1-D (left=1, right=0); "
        + "use Padding.of(top, bottom, left, right)", () -> new AveragePooling2D.Spec(2, 2).padding(Padding.of1d(1, 0)).create());
  }

  @Test
  void convolutionsAndPoolingReportThePaddingTheyWereGiven() {
    Padding p = Padding.of(1, 0, 1, 0);
    assertEquals(p, Conv2D.builder(2, 3).padding(p).create().padding());
    assertEquals(p, Conv2D.builder(2, 3).padding(1, 0, 1, 0).create().padding(), "the convenience makes the same value");
    assertEquals(p, DepthwiseConv2D.builder(3).padding(p).create().padding());
    assertEquals(p, SeparableConv2D.builder(4, 3).padding(p).create().padding());
    assertEquals(p, new MaxPooling2D.Spec(2, 2).padding(p).create().padding());
    assertEquals(p, new AveragePooling2D.Spec(2, 2).padding(p).create().padding());
    assertEquals(Padding.of1d(2, 0), Conv1D.builder(2, 3).padding(2, 0).create().padding());
    assertEquals(Padding.of(1, 1), Conv2D.builder(2, 3).padding(1).create().padding(), "PyTorch's padding=1");
    assertEquals(Padding.of1d(1, 1), Conv1D.builder(2, 3).padding(1).create().padding(), "PyTorch's padding=1");
    assertEquals(Padding.VALID, Conv1D.builder(2, 3).create().padding(), "Keras' default");
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}

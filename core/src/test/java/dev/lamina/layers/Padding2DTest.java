package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Padding2DTest {

  @Test
  void sameIsKerasWithTheOddCellAfter() {
    // ceil(size / stride) outputs; total = max((out - 1) * stride + window - size, 0), half before
    assertArrayEquals(new int[] {1, 1, 1, 1}, Padding2D.SAME.resolve(7, 7, 3, 3, 1, 1));
    assertArrayEquals(new int[] {0, 1, 0, 1}, Padding2D.SAME.resolve(8, 8, 3, 3, 2, 2), "conv2d_same_asymmetric's padding");
    assertArrayEquals(new int[] {0, 0, 1, 2}, Padding2D.SAME.resolve(4, 5, 2, 4, 2, 1));
    assertArrayEquals(new int[] {0, 0, 0, 0}, Padding2D.SAME.resolve(6, 6, 1, 1, 3, 3), "never negative");
  }

  @Test
  void validAndExplicitPadding() {
    assertArrayEquals(new int[4], Padding2D.VALID.resolve(7, 7, 3, 3, 2, 2));
    assertArrayEquals(new int[] {1, 2, 3, 4}, Padding2D.of(1, 2, 3, 4).resolve(7, 7, 3, 3, 2, 2));
    assertEquals(Padding2D.of(1, 1, 2, 2), Padding2D.of(1, 2));
    assertEquals("same", Padding2D.SAME.toString());
    assertEquals("(top=1, bottom=1, left=2, right=2)", Padding2D.of(1, 2).toString());
  }

  @Test
  void rejectsNegativeSidesAndSizesForValidOrSame() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Padding2D.of(0, 1, -1, 0));
    assertEquals("Padding2D: padding must be >= 0 on every side, but was top=0, bottom=1, left=-1, right=0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Padding2D(Padding2D.Kind.SAME, 1, 0, 0, 0));
    assertEquals("Padding2D: SAME padding takes no sizes, but was given top=1, bottom=0, left=0, right=0; use "
        + "Padding2D.of(top, bottom, left, right)", e.getMessage());
  }
}

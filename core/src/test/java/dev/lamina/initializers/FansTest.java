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
    // Conv1D kernel [width, in, out]: receptive field 5.
    assertEquals(new Fans(5 * 8, 5 * 16), Fans.of(new int[] {5, 8, 16}));
    // Conv2D kernel [3, 3, in, out]: receptive field 9.
    assertEquals(new Fans(9 * 16, 9 * 32), Fans.of(new int[] {3, 3, 16, 32}));
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

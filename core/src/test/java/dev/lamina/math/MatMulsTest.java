package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MatMulsTest {

  @Test
  void everyKernelRejectsArraysTooShortForTheSizes() {
    for (MatMul kernel : new MatMul[] {new EjmlMatMul(), new VectorMatMul()}) {
      float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> kernel.multiply(false, false, 4, 5, 3, ones, ones, new float[19], false), kernel.name());
      assertEquals("MatMul: C must hold 4×5 = 20 values, but had 19", e.getMessage(), kernel.name());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernel.multiply(false, false, 4, 5, -1, ones, ones, new float[20], false), kernel.name());
      assertEquals("MatMul: sizes must be >= 0, but m, n, k were 4, 5, -1", e.getMessage(), kernel.name());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernel.multiply(true, false, 4, 5, 3, new float[11], ones, new float[20], false), kernel.name());
      assertEquals("MatMul: A must hold 4×3 = 12 values, but had 11", e.getMessage(), kernel.name());
    }
  }
}

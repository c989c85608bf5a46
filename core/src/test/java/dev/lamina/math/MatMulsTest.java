// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MatMulsTest {
  /**
   * Set by core's portable-kernels test run (core/pom.xml), which starts the JVM without the Vector
   * API module; every other run has the module (the parent POM's surefire argLine).
   */
  private static final boolean PORTABLE_RUN = Boolean.getBoolean("lamina.test.portable");

  @Test
  void bestIsTheVectorKernelWithTheVectorModuleAndEjmlWithout() {
    assertEquals(!PORTABLE_RUN, MatMuls.vectorApiAvailable(), "this JVM's boot layer: "
        + ModuleLayer.boot().modules().stream().map(Module::getName).filter(n -> n.startsWith("jdk.incubator")).toList());
    assertEquals(PORTABLE_RUN ? "ejml" : new VectorMatMul().name(), MatMuls.best().name());
  }

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

  @Test
  void everyKernelRejectsOffsetsTooLargeOrNegative() {
    for (MatMul kernel : new MatMul[] {new EjmlMatMul(), new VectorMatMul()}) {
      float[] a = new float[14];
      float[] b = new float[15];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> kernel.multiply(false, false, 4, 5, 3, a, 3, b, 0, new float[20], 0, false), kernel.name());
      assertEquals("MatMul: A must hold 4×3 = 12 values from offset 3, but had 14", e.getMessage(), kernel.name());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernel.multiply(false, false, 4, 5, 3, a, 0, b, 0, new float[25], 6, false), kernel.name());
      assertEquals("MatMul: C must hold 4×5 = 20 values from offset 6, but had 25", e.getMessage(), kernel.name());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernel.multiply(false, false, 4, 5, 3, a, 0, b, -1, new float[20], 0, false), kernel.name());
      assertEquals("MatMul: offsets must be >= 0, but the offsets of A, B, C were 0, -1, 0", e.getMessage(),
          kernel.name());
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MatrixTest {

  @Test
  void reshapeKeepsTheArrayWhileItFitsAndGrowsOtherwise() {
    Matrix m = new Matrix(4, 5);
    float[] array = m.data();
    m.reshape(2, 5);
    assertSame(array, m.data());
    assertEquals(10, m.size());
    m.reshape(5, 5);
    assertNotSame(array, m.data());
    assertEquals(25, m.data().length);
  }

  @Test
  void elementAccessIsRowMajor() {
    Matrix m = Matrix.wrap(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(6f, m.get(1, 2));
    m.set(0, 1, 7f);
    assertEquals(7f, m.data()[1]);
    assertEquals(2, m.toTensor().dim(0));
  }
}

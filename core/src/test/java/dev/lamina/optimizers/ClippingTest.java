// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lamina.layers.Dense;
import dev.lamina.layers.LayerRun;
import dev.lamina.layers.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClippingTest {

  private static Parameter withGradient(float... g) {
    Dense d = (Dense) LayerRun.of(Dense.builder(g.length).useBias(false).name("p"), 0, new int[] {1}).layer();
    System.arraycopy(g, 0, d.kernel().gradient(), 0, g.length);
    return d.kernel();
  }

  @Test
  void valueClampsEachElement() {
    Parameter p = withGradient(-3, 0.5f, 2);
    new Clipping(Clipping.Kind.VALUE, 1).apply(List.of(p));
    assertArrayEquals(new float[] {-1, 0.5f, 1}, p.gradient(), 0f);
  }

  @Test
  void normRescalesEachTensorSeparately() {
    Parameter a = withGradient(3, 4); // norm 5
    Parameter b = withGradient(0.3f, 0.4f); // norm 0.5, below the threshold
    new Clipping(Clipping.Kind.NORM, 1).apply(List.of(a, b));
    assertArrayEquals(new float[] {0.6f, 0.8f}, a.gradient(), 1e-6f);
    assertArrayEquals(new float[] {0.3f, 0.4f}, b.gradient(), 0f);
  }

  @Test
  void globalNormRescalesAllTensorsTogether() {
    Parameter a = withGradient(3, 0);
    Parameter b = withGradient(0, 4); // global norm 5
    new Clipping(Clipping.Kind.GLOBAL_NORM, 2.5).apply(List.of(a, b));
    assertArrayEquals(new float[] {1.5f, 0}, a.gradient(), 1e-6f);
    assertArrayEquals(new float[] {0, 2f}, b.gradient(), 1e-6f);
  }
}

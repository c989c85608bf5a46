// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.layers.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scalar state and slots copied into a fresh optimizer make it continue bit-identically. */
class OptimizerStateTest {

  private static void step(Optimizer o, Parameter p, float g) {
    p.gradient()[0] = g;
    o.apply(List.of(p));
  }

  @Test
  void aFreshOptimizerWithTheStateContinuesIdentically() {
    for (OptimizerBuilder b : List.<OptimizerBuilder>of(Optimizers.nadam(), Optimizers.adam(),
        Optimizers.sgd().momentum(0.9), Optimizers.adam().gradientAccumulationSteps(2))) {
      Optimizer a = b.build();
      Parameter pa = Runs.scalar(1f);
      step(a, pa, 1f);
      step(a, pa, -2f);
      step(a, pa, 0.5f);
      Optimizer c = b.build();
      Parameter pc = Runs.scalar(pa.value()[0]);
      c.setScalarState(a.scalarState());
      c.setSlots(pc, a.slots(pa).all());
      step(a, pa, 3f);
      step(c, pc, 3f);
      step(a, pa, -1f);
      step(c, pc, -1f);
      assertArrayEquals(pa.value(), pc.value(), b.getClass().getSimpleName());
      assertEquals(a.scalarState(), c.scalarState());
    }
  }

  @Test
  void nadamStoresItsMomentumProduct() {
    Optimizer n = Optimizers.nadam().build();
    step(n, Runs.scalar(1f), 1f);
    assertEquals(List.of("iterations", "gradient_calls", "mu_product"), List.copyOf(n.scalarState().keySet()));
    assertEquals(0.9 * (1 - 0.5 * 0.96), n.scalarState().get("mu_product"), 1e-15);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> n.setScalarState(Map.of("iterations", 1.0, "gradient_calls", 1.0)));
    assertEquals("Optimizer: scalar state 'mu_product' is missing; given: [gradient_calls, iterations]",
        e.getMessage().replace("[iterations, gradient_calls]", "[gradient_calls, iterations]"));
  }

  @Test
  void setSlotsRejectsAWrongSize() {
    Optimizer o = Optimizers.adam().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> o.setSlots(Runs.scalar(1f), Map.of("momentum", new float[2])));
    assertEquals("Optimizer: slot 'momentum' of s/kernel must have 1 values, but had 2", e.getMessage());
  }
}

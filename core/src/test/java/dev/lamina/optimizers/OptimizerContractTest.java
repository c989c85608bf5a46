// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.initializers.Initializers;
import dev.lamina.layers.Dense;
import dev.lamina.layers.LayerRun;
import dev.lamina.layers.Parameter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties every optimizer must have, run over every factory method of {@link Optimizers} (found
 * by reflection, so a new optimizer is covered as soon as it has a factory).
 */
class OptimizerContractTest {

  static Stream<Arguments> optimizers() {
    return Arrays.stream(Optimizers.class.getMethods())
        .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0)
        .map(m -> Arguments.of(m.getName(), (Supplier<OptimizerBuilder>) () -> builder(m)));
  }

  private static OptimizerBuilder builder(Method factory) {
    try {
      return (OptimizerBuilder) factory.invoke(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new AssertionError("Optimizers." + factory.getName() + "() must return an OptimizerBuilder", e);
    }
  }

  /** A parameter whose loss is ½‖w − target‖², so the gradient is w − target. */
  private static Parameter quadratic(SplittableRandom r, float[] target) {
    Dense d = (Dense) LayerRun.of(Dense.builder(target.length).useBias(false).name("q"), 0, new int[] {1}).layer();
    Parameter p = d.kernel();
    Initializers.glorotUniform().initialize(p.value(), p.shape(), r); // Dense's default, drawn from r
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) r.nextGaussian();
    }
    return p;
  }

  private static double loss(Parameter p, float[] target) {
    double s = 0;
    for (int i = 0; i < target.length; i++) {
      double d = p.value()[i] - target[i];
      s += 0.5 * d * d;
    }
    return s;
  }

  private static void gradient(Parameter p, float[] target) {
    for (int i = 0; i < target.length; i++) {
      p.gradient()[i] = p.value()[i] - target[i];
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void decreasesAConvexLossAndCountsStepsInBothConventions(String name, Supplier<OptimizerBuilder> factory) {
    for (Convention convention : Convention.values()) {
      decreasesAConvexLoss(name + " " + convention, factory.get().convention(convention).build());
    }
  }

  private static void decreasesAConvexLoss(String name, Optimizer opt) {
    float[] target = new float[20];
    Parameter p = quadratic(new SplittableRandom(1), target);
    double start = loss(p, target);
    for (int step = 0; step < 50; step++) {
      gradient(p, target);
      opt.apply(List.of(p));
    }
    assertTrue(loss(p, target) < start, name + ": loss " + start + " -> " + loss(p, target));
    assertEquals(50, opt.iterations());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void leavesFrozenParametersAlone(String name, Supplier<OptimizerBuilder> factory) {
    Dense d = (Dense) LayerRun.of(Dense.builder(4).trainable(false).name("frozen"), 2, new int[] {3}).layer();
    Parameter p = d.kernel();
    assertFalse(p.isTrainable());
    float[] before = p.value().clone();
    Arrays.fill(p.gradient(), 1f);
    factory.get().weightDecay(0.1).build().apply(List.of(p));
    assertArrayEquals(before, p.value(), 0f, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void isDeterministic(String name, Supplier<OptimizerBuilder> factory) {
    float[][] results = new float[2][];
    for (int run = 0; run < 2; run++) {
      float[] target = new float[10];
      Parameter p = quadratic(new SplittableRandom(3), target);
      Optimizer opt = factory.get().build();
      for (int step = 0; step < 10; step++) {
        gradient(p, target);
        opt.apply(List.of(p));
      }
      results[run] = p.value().clone();
    }
    assertArrayEquals(results[0], results[1], 0f, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void weightDecayShrinksWeightsWithZeroGradient(String name, Supplier<OptimizerBuilder> factory) {
    for (Convention convention : Convention.values()) {
      Parameter p = quadratic(new SplittableRandom(4), new float[8]);
      float[] before = p.value().clone();
      Arrays.fill(p.gradient(), 0f);
      factory.get().learningRate(0.5).weightDecay(0.1).convention(convention).build().apply(List.of(p));
      for (int i = 0; i < before.length; i++) {
        assertEquals(before[i] * (1 - 0.05), p.value()[i], 1e-6, name + " " + convention + " [" + i + "]");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void accumulatingKEqualGradientsIsOneStep(String name, Supplier<OptimizerBuilder> factory) {
    int k = 3;
    float[] target = new float[10];
    Parameter accumulated = quadratic(new SplittableRandom(5), target);
    Parameter single = quadratic(new SplittableRandom(5), target.clone());
    // PyTorch's step count (updates only), so that both see the same steps; Keras counts calls.
    Optimizer withAccumulation = factory.get().gradientAccumulationSteps(k).convention(Convention.PYTORCH).build();
    Optimizer without = factory.get().convention(Convention.PYTORCH).build();
    Optimizer keras = factory.get().gradientAccumulationSteps(k).build();
    Parameter counted = quadratic(new SplittableRandom(5), target.clone());
    for (int update = 1; update <= 2; update++) {
      gradient(single, target);
      without.apply(List.of(single));
      for (int call = 1; call <= k; call++) {
        gradient(accumulated, target);
        withAccumulation.apply(List.of(accumulated));
        assertEquals(call < k ? update - 1 : update, withAccumulation.iterations(), name + ": iterations");
        gradient(counted, target);
        keras.apply(List.of(counted));
        assertEquals((update - 1) * k + call, keras.iterations(), name + ": Keras counts every call");
      }
      assertArrayEquals(single.value(), accumulated.value(), 1e-6f, name + " after update " + update);
    }
  }
}

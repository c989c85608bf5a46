// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract: the gradient every loss writes is d(loss)/d(prediction), checked by central finite
 * differences over every loss of {@link Losses#all()} (the one place losses are enumerated;
 * {@link #everyFactoryIsInAll()} fails when a factory of {@link Losses} makes a loss class missing
 * from it).
 *
 * <p>Predictions: probabilities for the losses that read them (softmax rows, or values in
 * (0.05, 0.95) for binary), so the clipping at 1e-7 never acts; logits or real values otherwise.
 * Targets: class indices for the sparse loss, one-hot rows for the categorical one, 0/1 for
 * binary, real values otherwise. The losses compute in double from float32 inputs, so h = 1e-3 is
 * safe: truncation h²·|L'''| ≈ 1e-7 and float32 rounding of p ± h (≈ 6e-8·|p|, divided out by using
 * the rounded step) leave errors far below the tolerance 1e-5 + 1e-3·|numeric| (gradients are of
 * order 1/size ≈ 0.01–0.1); a wrong factor or sign is off by O(1).
 */
class LossGradientCheckTest {
  private static final double H = 1e-3;
  private static final double ABS = 1e-5;
  private static final double REL = 1e-3;
  private static final int ROWS = 5;
  private static final int COLS = 4;

  static Stream<Arguments> losses() {
    return Losses.all().stream().map(l -> Arguments.of(l.toString(), l));
  }

  @Test
  void everyFactoryIsInAll() throws ReflectiveOperationException {
    Set<Class<?>> listed = Losses.all().stream().map(Object::getClass).collect(Collectors.toSet());
    int factories = 0;
    for (Method m : Losses.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) && Loss.class.isAssignableFrom(m.getReturnType())) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
          args[i] = types[i] == boolean.class ? Boolean.TRUE : types[i] == double.class ? (Object) 0.5 : null;
        }
        Loss loss = (Loss) m.invoke(null, args);
        assertTrue(listed.contains(loss.getClass()), "Losses." + m.getName() + " makes a " + loss.getClass().getSimpleName()
            + ", which Losses.all() does not list: it would have no gradient check");
        factories++;
      }
    }
    assertTrue(factories >= Losses.all().size() / 2, "found only " + factories + " factories");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientIsTheDerivativeOfTheLoss(String name, Loss loss) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    float[] p = predictions(loss, random);
    Matrix target = targets(loss, random);
    Matrix pm = Matrix.wrap(p, ROWS, COLS);
    float[] pCopy = p.clone();
    float[] targetCopy = target.data().clone();

    Matrix gradient = new Matrix(ROWS, COLS);
    double value = loss.compute(pm, target, gradient);
    assertTrue(Double.isFinite(value) && value >= 0, name + ": loss " + value);
    assertEquals(value, loss.compute(pm, target, null), 0, name + ": the value must not depend on the gradient being asked for");
    assertArrayEquals(pCopy, p, name + ": predictions must not be modified");
    assertArrayEquals(targetCopy, target.data(), name + ": targets must not be modified");

    float[] numeric = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      float original = p[i];
      float plus = (float) (original + H);
      float minus = (float) (original - H);
      p[i] = plus;
      double lPlus = loss.compute(pm, target, null);
      p[i] = minus;
      double lMinus = loss.compute(pm, target, null);
      p[i] = original;
      numeric[i] = (float) ((lPlus - lMinus) / ((double) plus - minus));
    }
    double worst = 0;
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      double ratio = Math.abs(gradient.data()[i] - numeric[i]) / (ABS + REL * Math.abs(numeric[i]));
      if (!(ratio <= 1) && bad.size() < 6) {
        bad.add("[" + i + "] numeric " + numeric[i] + ", written " + gradient.data()[i]);
      }
      worst = Math.max(worst, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
    }
    if (!bad.isEmpty()) {
      fail(name + ": gradient differs from finite differences: " + String.join("; ", bad));
    }
    System.out.printf("[gradcheck] %-60s worst %.1f%% of tolerance%n", name, 100 * worst);
  }

  /** Valid predictions for the loss: probabilities where it reads them, logits or values otherwise. */
  private static float[] predictions(Loss loss, SplittableRandom random) {
    float[] p = new float[ROWS * COLS];
    if (loss instanceof ProbabilisticLoss pl && !pl.fromLogits()) {
      if (pl.outputActivation().equals(Activations.SOFTMAX)) {
        // softmax rows of moderate logits, every probability in (0.05, 0.95)
        while (true) {
          for (int i = 0; i < p.length; i++) {
            p[i] = (float) (0.7 * random.nextGaussian());
          }
          Matrix m = Matrix.wrap(p, ROWS, COLS);
          Activations.SOFTMAX.forward(m, m);
          boolean valid = true;
          for (float v : p) {
            valid &= v > 0.05 && v < 0.95;
          }
          if (valid) {
            return p;
          }
        }
      }
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) (0.05 + 0.9 * random.nextDouble());
      }
      return p;
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (2 * random.nextGaussian());
    }
    if (loss instanceof Huber h) { // keep |p - y| away from delta (targets are drawn as 0 ± 0.5 below)
      for (int i = 0; i < p.length; i++) {
        while (Math.abs(Math.abs(p[i]) - h.delta()) < 0.6) {
          p[i] = (float) (2 * random.nextGaussian());
        }
      }
    }
    return p;
  }

  private static Matrix targets(Loss loss, SplittableRandom random) {
    if (loss instanceof SparseCategoricalCrossentropy) {
      float[] t = new float[ROWS];
      for (int i = 0; i < ROWS; i++) {
        t[i] = random.nextInt(COLS);
      }
      return Matrix.wrap(t, ROWS, 1);
    }
    float[] t = new float[ROWS * COLS];
    if (loss instanceof CategoricalCrossentropy) {
      for (int r = 0; r < ROWS; r++) {
        t[r * COLS + random.nextInt(COLS)] = 1;
      }
    } else if (loss instanceof BinaryCrossentropy) {
      for (int i = 0; i < t.length; i++) {
        t[i] = random.nextBoolean() ? 1 : 0;
      }
    } else {
      for (int i = 0; i < t.length; i++) {
        t[i] = (float) (random.nextDouble() - 0.5);
      }
    }
    return Matrix.wrap(t, ROWS, COLS);
  }
}

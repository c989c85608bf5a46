// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.tensor.Matrix;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Contract: every activation's {@code backward} is the vector-Jacobian product of its
 * {@code forward}, checked by central finite differences. The activations come from ONE place,
 * {@link #activations()}: {@link Activations#all()} plus non-default parameters, so a new activation
 * is checked as soon as it is in {@code all()}; {@link #everyActivationClassIsChecked()} fails when
 * a public {@link Activation} class of this package is missing.
 *
 * <p>Method: L = Σ f(z)·r for a fixed random r, so ∂L/∂z = Jᵀr = backward(z, f(z), r). Forward in
 * float32, L accumulated in double; step h = 1e-2, inputs |z| ≥ 0.1 and at least 0.1 from every
 * kink ({@link #kinks}: 0 for the ReLU family, also the cap of ReLU6, ±3 for the hard sigmoid and
 * hard swish), so that z ± h never crosses one; the range reaches 1 past the largest kink, so that
 * every piece is checked. Error budget: truncation h²/6·|f'''| ≤ ~1e-4 for these functions on the
 * sampled range, float32 rounding of f(z±h) ≈ 6e-8·|f|·|r|/(2h) ≤ ~2e-5; the tolerance
 * {@link #ABS} + {@link #REL}·|numeric| is 10× above that, while a wrong derivative (wrong branch,
 * missing factor, transposed Jacobian) is off by O(1).
 */
public class ActivationGradientCheckTest {
  /** Finite-difference step. */
  public static final double H = 1e-2;
  /** Absolute floor of the tolerance. */
  public static final double ABS = 1e-3;
  /** Relative part of the tolerance. */
  public static final double REL = 1e-2;
  /** Inputs are at least this far from 0, the kink of the ReLU family: 10 steps. */
  public static final double MARGIN = 0.1;

  /** Every activation to check: the defaults of {@link Activations#all()} and non-default parameters. */
  public static List<Activation> activations() {
    List<Activation> all = new ArrayList<>(Activations.all());
    all.add(Activations.leakyRelu(0.01));
    all.add(Activations.leakyRelu(0.2));
    all.add(Activations.leakyRelu(1.5)); // slope above 1 is allowed
    all.add(Activations.elu(0.5));
    all.add(Activations.elu(2.0));
    all.add(Activations.relu(1.0));
    all.add(Activations.relu(2.5));
    all.add(Activations.hardSigmoid(0.2, 0.5)); // Keras 2 and ONNX's defaults
    all.add(Activations.hardSigmoid(0.5, 0.25));
    // an element-wise activation of one's own (Activations.of), the swish of its Javadoc
    all.add(Activations.of("swish", x -> x / (1 + Math.exp(-x)),
        (x, y) -> { double s = 1 / (1 + Math.exp(-x)); return s + x * s * (1 - s); }));
    return all;
  }

  /**
   * The inputs where {@code a} is not differentiable, for Lamina's activations; finite differences
   * keep away from them. 0 for every activation not listed (harmless for smooth ones).
   */
  public static double[] kinks(Activation a) {
    if (a instanceof ClippedRelu c) {
      return new double[] {0, c.maxValue()};
    } else if (a instanceof HardSigmoid h) {
      return new double[] {-h.beta() / h.alpha(), (1 - h.beta()) / h.alpha()};
    } else if (a instanceof HardSwish) {
      return new double[] {-3, 3};
    }
    return new double[] {0};
  }

  /** True when {@code z} is at least {@link #MARGIN} from every kink of {@code a}. */
  public static boolean awayFromKinks(Activation a, double z) {
    for (double k : kinks(a)) {
      if (Math.abs(z - k) < MARGIN) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code n} inputs for checking {@code a}: |z| in [MARGIN, max], max 3 or 1 past the largest
   * kink, each redrawn until it is at least {@link #MARGIN} from every kink.
   */
  public static float[] inputs(Activation a, SplittableRandom random, int n) {
    double max = 3.0;
    for (double k : kinks(a)) {
      max = Math.max(max, Math.abs(k) + 1);
    }
    float[] z = awayFromZero(random, n, max);
    for (int i = 0; i < n; i++) {
      while (!awayFromKinks(a, z[i])) {
        z[i] = awayFromZero(random, 1, max)[0];
      }
    }
    return z;
  }

  static Stream<Arguments> cases() {
    return activations().stream().map(a -> Arguments.of(a.toString(), a));
  }

  @Test
  void everyActivationClassIsChecked() throws Exception {
    Set<Class<?>> checked = activations().stream().map(Object::getClass).collect(Collectors.toSet());
    List<Class<?>> classes = publicActivationClasses();
    assertTrue(classes.contains(Relu.class) && classes.contains(Gelu.class), "found only " + classes);
    for (Class<?> c : classes) {
      assertTrue(checked.contains(c), c.getSimpleName() + " has no gradient check: add it to Activations.all()");
    }
  }

  /**
   * The public classes implementing {@link Activation} in its package, read from the class folder
   * (the interface is open, so the compiler cannot list them); skipped when run from a jar.
   */
  static List<Class<?>> publicActivationClasses() throws Exception {
    URL url = Activation.class.getResource("Activation.class");
    assumeTrue(url != null && url.getProtocol().equals("file"), "Activation is not loaded from a class folder: " + url);
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()).getParent())) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
          Class<?> c = Class.forName(Activation.class.getPackageName() + "." + file.substring(0, file.length() - 6));
          if (Activation.class.isAssignableFrom(c) && !c.isInterface() && Modifier.isPublic(c.getModifiers())) {
            found.add(c);
          }
        }
      }
    }
    return found;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardIsTheGradientOfForward(String name, Activation activation) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    int rows = 4;
    int cols = 6;
    float[] z = inputs(activation, random, rows * cols);
    float[] r = gaussian(random, rows * cols);
    float[] zCopy = z.clone();

    Matrix zm = Matrix.wrap(z, rows, cols);
    Matrix out = new Matrix(rows, cols);
    activation.forward(zm, out);
    Matrix dz = new Matrix(rows, cols);
    activation.backward(zm, out, Matrix.wrap(r.clone(), rows, cols), dz);
    assertArrayEquals(zCopy, z, name + ": forward/backward must not modify z");
    float[] analytic = dz.data().clone();

    float[] numeric = new float[z.length];
    Matrix tmp = new Matrix(rows, cols);
    for (int i = 0; i < z.length; i++) {
      float original = z[i];
      float plus = (float) (original + H);
      float minus = (float) (original - H);
      z[i] = plus;
      activation.forward(zm, tmp);
      double lPlus = dot(tmp.data(), r);
      z[i] = minus;
      activation.forward(zm, tmp);
      double lMinus = dot(tmp.data(), r);
      z[i] = original;
      numeric[i] = (float) ((lPlus - lMinus) / ((double) plus - minus));
    }
    assertGradient(name + " dz", numeric, analytic);

    // backward may write into dOut itself (dz == dOut), as the interface allows
    Matrix inPlace = Matrix.wrap(r.clone(), rows, cols);
    activation.backward(zm, out, inPlace, inPlace);
    assertArrayEquals(analytic, inPlace.data(), name + ": backward with dz == dOut");
  }

  /** Asserts |analytic − numeric| ≤ ABS + REL·|numeric| element-wise; reports the worst ratio. */
  public static void assertGradient(String what, float[] numeric, float[] analytic) {
    assertEquals(numeric.length, analytic.length, what + ": sizes");
    double worst = 0;
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < numeric.length; i++) {
      double d = Math.abs((double) analytic[i] - numeric[i]);
      double ratio = d / (ABS + REL * Math.abs(numeric[i]));
      if (!(ratio <= 1) && bad.size() < 6) {
        bad.add("[" + i + "] numeric " + numeric[i] + ", analytic " + analytic[i]);
      }
      worst = Math.max(worst, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
    }
    if (!bad.isEmpty()) {
      fail(what + ": gradient differs from finite differences (tolerance " + ABS + " + " + REL + "*|numeric|): "
          + String.join("; ", bad));
    }
    System.out.printf("[gradcheck] %-60s worst %.1f%% of tolerance%n", what, 100 * worst);
  }

  /** Σ a_i·b_i in double. */
  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  /** Values with |v| in [MARGIN, max], random sign. */
  public static float[] awayFromZero(SplittableRandom random, int n, double max) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double m = MARGIN + (max - MARGIN) * random.nextDouble();
      v[i] = (float) (random.nextBoolean() ? m : -m);
    }
    return v;
  }

  /** Standard normal values. */
  public static float[] gaussian(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  @Test
  void theCheckFailsForAWrongGradient() {
    // the method must be able to fail: a derivative off by 10% is caught
    float[] numeric = {1f, -2f, 0.5f};
    float[] wrong = Arrays.copyOf(numeric, 3);
    wrong[1] *= 1.1f;
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> assertGradient("wrong", numeric, wrong));
    assertTrue(e.getMessage().contains("[1]"), e.getMessage());
  }
}

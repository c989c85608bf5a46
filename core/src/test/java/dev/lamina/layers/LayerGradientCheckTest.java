package dev.lamina.layers;

import static dev.lamina.activations.ActivationGradientCheckTest.H;
import static dev.lamina.activations.ActivationGradientCheckTest.MARGIN;
import static dev.lamina.activations.ActivationGradientCheckTest.assertGradient;
import static dev.lamina.activations.ActivationGradientCheckTest.awayFromZero;
import static dev.lamina.activations.ActivationGradientCheckTest.dot;
import static dev.lamina.activations.ActivationGradientCheckTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lamina.activations.Activation;
import dev.lamina.activations.ActivationGradientCheckTest;
import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract: every layer's {@code backward} gives the gradients of its {@code forward} with respect to
 * the input and to every trainable parameter, checked by central finite differences (method and tolerance as
 * {@link ActivationGradientCheckTest}: L = Σ y·r, float32 forward, L in double, h = 1e-2, inputs and
 * pre-activations at least 0.1 from the kinks, |analytic − numeric| ≤ 1e-3 + 1e-2·|numeric|).
 *
 * <p>The layers come from ONE place, {@link #layers()}, and {@link #everyLayerKindIsChecked()} fails
 * when a permitted subclass of the sealed {@link Layer} has no entry, so a new layer cannot go
 * without a gradient check.
 */
class LayerGradientCheckTest {
  private static final int BATCH = 3;

  /** One layer configuration to check. */
  record Case(String name, Supplier<LayerSpec> spec, int[] inputShape, Mode mode) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every layer configuration to check. */
  static List<Case> layers() {
    List<Case> cases = new ArrayList<>();
    for (Activation a : ActivationGradientCheckTest.activations()) {
      cases.add(new Case("Dense(" + a + ", bias)", () -> Dense.builder(3).activation(a).useBias(true), new int[] {4}, Mode.TRAIN));
      cases.add(new Case("Dense(" + a + ", no bias)", () -> Dense.builder(3).activation(a).useBias(false), new int[] {4}, Mode.TRAIN));
      cases.add(new Case("Activation(" + a + ")", () -> new ActivationLayer.Spec(a, null), new int[] {5}, Mode.TRAIN));
    }
    // wide enough for the vector loops of the matrix kernel (not only their scalar tails)
    cases.add(new Case("Dense(tanh, 11 -> 19, bias)", () -> Dense.builder(19).activation(dev.lamina.activations.Activations.TANH),
        new int[] {11}, Mode.TRAIN));
    cases.add(new Case("Flatten([2, 3])", () -> Flatten.spec(null), new int[] {2, 3}, Mode.TRAIN));
    for (Activation a : List.of(dev.lamina.activations.Activations.RELU, dev.lamina.activations.Activations.ELU)) {
      // the fused bias + ReLU/ELU vector kernels, beyond their scalar tails
      cases.add(new Case("Dense(" + a + ", 11 -> 19, bias)", () -> Dense.builder(19).activation(a), new int[] {11}, Mode.TRAIN));
    }
    cases.add(new Case("PReLU (random alpha)", PReLU.Spec::new, new int[] {5}, Mode.TRAIN));
    cases.add(new Case("PReLU (shared alpha)", () -> new PReLU.Spec().shared(true), new int[] {5}, Mode.TRAIN));
    cases.add(new Case("RReLU MONTE_CARLO", RReLU.Spec::new, new int[] {5}, Mode.MONTE_CARLO));
    cases.add(new Case("RReLU INFER", RReLU.Spec::new, new int[] {5}, Mode.INFER));
    cases.add(new Case("RReLU(0.1, 0.6) INFER", () -> new RReLU.Spec(0.1, 0.6, null), new int[] {5}, Mode.INFER));
    cases.add(new Case("RReLU TRAIN", RReLU.Spec::new, new int[] {5}, Mode.TRAIN));
    // training: through the batch mean and variance
    cases.add(new Case("BatchNormalization TRAIN", BatchNormalization.Spec::new, new int[] {5}, Mode.TRAIN));
    cases.add(new Case("BatchNormalization(center=false, scale=false) TRAIN",
        () -> new BatchNormalization.Spec().center(false).scale(false), new int[] {4}, Mode.TRAIN));
    cases.add(new Case("BatchNormalization(center only) TRAIN", () -> new BatchNormalization.Spec().scale(false),
        new int[] {4}, Mode.TRAIN));
    cases.add(new Case("BatchNormalization(scale only) TRAIN", () -> new BatchNormalization.Spec().center(false),
        new int[] {4}, Mode.TRAIN));
    // 33 features: the vector kernels and their overlapping last vector, not only the scalar loops
    cases.add(new Case("BatchNormalization(33 features) TRAIN", BatchNormalization.Spec::new, new int[] {33}, Mode.TRAIN));
    cases.add(new Case("BatchNormalization(33 features) INFER", BatchNormalization.Spec::new, new int[] {33}, Mode.INFER));
    cases.add(new Case("BatchNormalization INFER", BatchNormalization.Spec::new, new int[] {5}, Mode.INFER));
    cases.add(new Case("BatchNormalization(statisticsFrozen) TRAIN",
        () -> new BatchNormalization.Spec().statisticsFrozen(true), new int[] {5}, Mode.TRAIN));
    // dropout: the mask is replayed for every forward pass (see numeric)
    cases.add(new Case("Dropout(0.4) TRAIN", () -> new Dropout.Spec(0.4, null), new int[] {6}, Mode.TRAIN));
    cases.add(new Case("Dropout(0.4) MONTE_CARLO", () -> new Dropout.Spec(0.4, null), new int[] {6}, Mode.MONTE_CARLO));
    cases.add(new Case("Dropout(0.4) INFER", () -> new Dropout.Spec(0.4, null), new int[] {6}, Mode.INFER));
    cases.add(new Case("AlphaDropout(0.3) TRAIN", () -> new AlphaDropout.Spec(0.3, null), new int[] {6}, Mode.TRAIN));
    cases.add(new Case("AlphaDropout(0.3) INFER", () -> new AlphaDropout.Spec(0.3, null), new int[] {6}, Mode.INFER));
    // fixed preprocessing: per-feature and broadcast statistics, no trainable weights
    cases.add(new Case("Normalization(per feature)", () -> new Normalization.Spec(new float[] {0.5f, -1f, 2f, 0f, 3f},
        new float[] {4f, 0.25f, 1f, 9f, 2f}), new int[] {5}, Mode.TRAIN));
    cases.add(new Case("Normalization(scalar, [2, 3])", () -> new Normalization.Spec(new float[] {0.3f}, new float[] {0.5f}),
        new int[] {2, 3}, Mode.INFER));
    cases.add(new Case("Rescaling(1/255)", () -> new Rescaling.Spec(1 / 255.0, 0), new int[] {4}, Mode.TRAIN));
    cases.add(new Case("Rescaling(per feature)", () -> new Rescaling.Spec(new float[] {2f, -0.5f, 3f},
        new float[] {1f, 0f, -2f}, null, true), new int[] {3}, Mode.TRAIN));
    return cases;
  }

  static Stream<Arguments> cases() {
    return layers().stream().map(c -> Arguments.of(c));
  }

  @Test
  void everyLayerKindIsChecked() {
    Set<Class<?>> checked = layers().stream().map(c -> c.spec().get().create("probe").getClass())
        .collect(Collectors.toSet());
    for (Class<?> k : Layer.class.getPermittedSubclasses()) {
      assertTrue(checked.contains(k), k.getSimpleName() + " has no gradient check: add it to LayerGradientCheckTest.layers()");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardIsTheGradientOfForward(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    Layer layer = c.spec().get().create("layer");
    int[] outShape = layer.build(c.inputShape(), new SplittableRandom(1));
    int in = Math.toIntExact(dev.lamina.tensor.Shapes.size(c.inputShape()));
    int out = Math.toIntExact(dev.lamina.tensor.Shapes.size(outShape));
    List<Parameter> params = layer.parameters();
    for (Parameter p : params) { // random non-zero values (PReLU's alpha starts at 0)
      System.arraycopy(awayFromZero(random, p.size(), 0.8), 0, p.value(), 0, p.size());
      if (p.name().endsWith("/moving_variance") || p.name().endsWith("/variance")) { // a variance is positive
        for (int i = 0; i < p.size(); i++) {
          p.value()[i] = Math.abs(p.value()[i]);
        }
      }
    }
    if (layer instanceof DropoutBase d) { // a fixed mask: every forward pass draws the same one
      d.reseed(MASK_SEED);
    }
    float[] x = sampleInput(layer, c, random, in);
    float[] r = gaussian(random, BATCH * out);
    Matrix xm = Matrix.wrap(x, BATCH, in);
    float[] xCopy = x.clone();

    float[] y = copy(layer.forward(xm, c.mode()));
    assertEquals(BATCH * out, y.length, c + ": output size");
    float[] dx = copy(layer.backward(Matrix.wrap(r.clone(), BATCH, out), true));
    assertArrayEquals(xCopy, x, c + ": forward/backward must not modify the input");
    assertEquals(BATCH * in, dx.length, c + ": input-gradient size");
    List<float[]> analytic = new ArrayList<>();
    for (Parameter p : params) {
      analytic.add(p.gradient().clone());
    }

    if (layer instanceof RReLU rrelu && c.mode() == Mode.TRAIN) {
      checkRandomSlopes(c, rrelu, x, y, r, dx);
      return; // each forward draws new slopes: finite differences do not apply
    }

    if (layer instanceof DropoutBase d && c.mode().dropsUnits()) {
      checkMask(c, d, x, y, r, dx);
    }

    // parameter gradients must not depend on whether the input gradient is asked for
    reseed(layer);
    layer.forward(xm, c.mode());
    layer.backward(Matrix.wrap(r.clone(), BATCH, out), false);
    for (int k = 0; k < params.size(); k++) {
      assertArrayEquals(analytic.get(k), params.get(k).gradient(), c + ": " + params.get(k).name() + " with inputGradient=false");
    }

    assertGradient(c + " dx", numeric(layer, xm, c.mode(), x, r), dx);
    for (int k = 0; k < params.size(); k++) {
      Parameter p = params.get(k);
      if (p.name().endsWith("/moving_mean") || p.name().endsWith("/moving_variance")
          || p.name().endsWith("/mean") || p.name().endsWith("/variance")) {
        assertFalse(p.isTrainable(), p.name() + " is state, not trained");
        continue; // state the layer updates itself: no gradient
      }
      assertTrue(p.isTrainable(), p.name());
      assertGradient(c + " d" + p.name(), numeric(layer, xm, c.mode(), p.value(), r), analytic.get(k));
    }
  }

  /**
   * Random inputs with |x| ≥ {@link ActivationGradientCheckTest#MARGIN}; for a layer with a
   * pre-activation (Dense), redrawn until every pre-activation is that far from 0 as well, so that
   * no step of the finite differences crosses a kink.
   */
  private static float[] sampleInput(Layer layer, Case c, SplittableRandom random, int in) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      float[] x = awayFromZero(random, BATCH * in, 2.0);
      if (!(layer instanceof Activated a)) {
        return x;
      }
      layer.forward(Matrix.wrap(x, BATCH, in), c.mode());
      Matrix z = a.preActivation();
      boolean clear = true;
      for (int i = 0; i < z.size(); i++) {
        clear &= Math.abs(z.data()[i]) >= MARGIN;
      }
      if (clear) {
        return x;
      }
    }
    throw new AssertionError(c + ": no input with pre-activations away from 0 found");
  }

  /** Central differences of L = Σ forward(x)·r with respect to every element of {@code v}. */
  private static float[] numeric(Layer layer, Matrix xm, Mode mode, float[] v, float[] r) {
    float[] g = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      float original = v[i];
      float plus = (float) (original + H);
      float minus = (float) (original - H);
      v[i] = plus;
      reseed(layer);
      double lPlus = dot(layer.forward(xm, mode).data(), r);
      v[i] = minus;
      reseed(layer);
      double lMinus = dot(layer.forward(xm, mode).data(), r);
      v[i] = original;
      g[i] = (float) ((lPlus - lMinus) / ((double) plus - minus));
    }
    return g;
  }

  /**
   * RReLU in training: backward must use the slopes of the SAME forward draw. Each slope is
   * recovered from that forward as y/x (1 for x ≥ 0), must lie in [lower, upper], and dx must be
   * slope·dy.
   */
  private static void checkRandomSlopes(Case c, RReLU layer, float[] x, float[] y, float[] r, float[] dx) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      double slope = x[i] >= 0 ? 1 : (double) y[i] / x[i];
      if (x[i] < 0) {
        assertTrue(slope >= layer.lower() - 1e-6 && slope <= layer.upper() + 1e-6,
            c + ": slope " + slope + " outside [" + layer.lower() + ", " + layer.upper() + "]");
        min = Math.min(min, (float) slope);
        max = Math.max(max, (float) slope);
      }
      double expected = slope * r[i];
      if (!(Math.abs(dx[i] - expected) <= 1e-6 * Math.abs(r[i]) + 1e-7)) {
        fail(c + ": dx[" + i + "] = " + dx[i] + ", but the forward's slope " + slope + " times dy " + r[i] + " is " + expected);
      }
    }
    assertTrue(max > min, c + ": training draws a slope per element, but all were " + min);
    // a second training forward draws other slopes
    float[] y2 = copy(layer.forward(Matrix.wrap(x, BATCH, x.length / BATCH), Mode.TRAIN));
    assertFalse(Arrays.equals(y, y2), c + ": two training passes drew the same slopes");
  }

  private static final long MASK_SEED = 12345;

  /** Makes a dropout layer's next forward draw the same mask as the first. */
  private static void reseed(Layer layer) {
    if (layer instanceof DropoutBase d) {
      d.reseed(MASK_SEED);
    }
  }

  /**
   * Dropout in a dropping mode: some but not all elements are dropped, every element is either
   * the kept affine map a·x + b (dx = a·dy) or the dropped value (dx = 0), and a second pass
   * without reseeding draws another mask.
   */
  private static void checkMask(Case c, DropoutBase d, float[] x, float[] y, float[] dy, float[] dx) {
    boolean alpha = d instanceof AlphaDropout;
    double a = alpha ? AlphaDropout.gain(d.rate()) : 1 / (1 - d.rate());
    double b = alpha ? -a * AlphaDropout.SATURATION * d.rate() : 0;
    double dropped = alpha ? a * AlphaDropout.SATURATION + b : 0;
    int kept = 0;
    for (int i = 0; i < x.length; i++) {
      boolean isKept = Math.abs(y[i] - (a * x[i] + b)) <= 1e-5 * (1 + Math.abs(y[i]));
      boolean isDropped = Math.abs(y[i] - dropped) <= 1e-6;
      assertTrue(isKept || isDropped, c + ": y[" + i + "] = " + y[i] + " is neither a·x + b nor the dropped value");
      kept += isKept ? 1 : 0;
      double expected = isKept ? a * dy[i] : 0;
      assertEquals(expected, dx[i], 1e-6 * (1 + Math.abs(expected)), c + ": dx[" + i + "]");
    }
    assertTrue(kept > 0 && kept < x.length, c + ": " + kept + " of " + x.length + " kept");
    float[] again = copy(((Layer) d).forward(Matrix.wrap(x, BATCH, x.length / BATCH), c.mode()));
    assertFalse(Arrays.equals(y, again), c + ": two passes drew the same mask");
    d.reseed(MASK_SEED);
    assertArrayEquals(y, copy(((Layer) d).forward(Matrix.wrap(x, BATCH, x.length / BATCH), c.mode())), 0f,
        c + ": reseeding replays the mask");
  }

  private static float[] copy(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientCheck} as a user runs it on layers of their own: it passes for correct layers,
 * one input or several, random or not, and fails, naming what is wrong, for layers whose backward
 * is off or that break the layer contract.
 */
class GradientCheckTest {

  /** y = factor · x, the example of {@link Layer}'s Javadoc; {@code error} multiplies what backward gives. */
  static class Scale extends Layer {
    final float inputError;
    final float factorError;
    Parameter factor;

    Scale(float inputError, float factorError) {
      super(null);
      this.inputError = inputError;
      this.factorError = factorError;
    }

    Scale() {
      this(1, 1);
    }

    @Override
    public String type() {
      return "Scale"; // also for the anonymous subclasses below
    }

    @Override
    protected int[] build(int[] inputShape) {
      factor = addWeight("factor", new int[] {1}, Initializers.constant(1.5));
      return inputShape;
    }

    @Override
    public Matrix forward(Frame f, Mode mode) {
      Matrix x = f.input();
      Matrix y = f.output(x.rows(), x.cols());
      for (int i = 0; i < x.size(); i++) {
        y.data()[i] = factor.value()[0] * x.data()[i];
      }
      return y;
    }

    @Override
    public void backward(Frame f, Matrix dy) {
      Matrix x = f.input();
      if (factor.isTrainable()) {
        double s = 0;
        for (int i = 0; i < x.size(); i++) {
          s += x.data()[i] * dy.data()[i];
        }
        f.gradient(factor)[0] = (float) (factorError * s);
      }
      if (f.needsInputGradient()) {
        Matrix dx = f.inputGradient();
        for (int i = 0; i < dy.size(); i++) {
          dx.data()[i] = inputError * factor.value()[0] * dy.data()[i];
        }
      }
    }
  }

  /** y = w ⊙ x0 ⊙ x1 with one weight per feature; {@code error} multiplies the gradient of input 1. */
  static final class Product extends Layer {
    private final float error;
    private Parameter w;

    Product(float error) {
      super(null);
      this.error = error;
    }

    @Override
    protected int[] build(List<int[]> shapes) {
      if (shapes.size() != 2 || features(shapes.get(0)) != features(shapes.get(1))) {
        throw new IllegalArgumentException(where() + ": needs two inputs of one shape");
      }
      w = addWeight("w", new int[] {features(shapes.get(0))}, Initializers.randomUniform(-1, 1));
      return shapes.get(0);
    }

    @Override
    public Matrix forward(Frame f, Mode mode) {
      Matrix a = f.input(0);
      Matrix b = f.input(1);
      Matrix y = f.output(a.rows(), a.cols());
      for (int i = 0; i < a.size(); i++) {
        y.data()[i] = w.value()[i % a.cols()] * a.data()[i] * b.data()[i];
      }
      return y;
    }

    @Override
    public void backward(Frame f, Matrix dy) {
      float[] a = f.input(0).data();
      float[] b = f.input(1).data();
      float[] g = dy.data();
      int cols = dy.cols();
      float[] dw = f.gradient(w);
      java.util.Arrays.fill(dw, 0f);
      for (int i = 0; i < dy.size(); i++) {
        dw[i % cols] += a[i] * b[i] * g[i];
      }
      if (f.needsInputGradient(0)) {
        float[] d = f.inputGradient(0).data();
        for (int i = 0; i < dy.size(); i++) {
          d[i] = w.value()[i % cols] * b[i] * g[i];
        }
      }
      if (f.needsInputGradient(1)) {
        float[] d = f.inputGradient(1).data();
        for (int i = 0; i < dy.size(); i++) {
          d[i] = error * w.value()[i % cols] * a[i] * g[i];
        }
      }
    }
  }

  @Test
  void aCorrectLayerPassesAndTheResultSaysWhatWasChecked() {
    GradientCheck.Result r = GradientCheck.of(new Scale(), new int[] {2, 3}).batch(4).check();
    assertTrue(r.passed());
    assertEquals("Scale(name=scale)", r.layer());
    assertEquals(Mode.TRAIN, r.mode());
    assertEquals(4, r.batch());
    assertEquals(1, r.inputs().size());
    assertEquals("input 0", r.input(0).name());
    assertEquals(4 * 6, r.input(0).size());
    assertEquals(List.of("scale/factor"), r.parameters().stream().map(GradientCheck.Gradient::name).toList());
    assertEquals(1, r.parameter("scale/factor").size());
    assertTrue(r.worstRatio() <= 1, r.toString());
    assertTrue(r.problems().isEmpty());
    assertTrue(r.toString().startsWith("GradientCheck of Scale(name=scale) in TRAIN, batch 4: passed"), r.toString());
    assertThrows(IllegalArgumentException.class, () -> r.parameter("scale/nothing"));
  }

  @Test
  void anInputGradientOffByAFactorIsCaughtWithTheElementAndBothValues() {
    GradientCheck check = GradientCheck.of(new Scale(1.1f, 1), new int[] {3}).seed(5);
    GradientCheck.Result r = check.run();
    assertFalse(r.passed());
    assertFalse(r.input(0).passed());
    assertTrue(r.parameter("scale/factor").passed(), "the factor's gradient is right");
    assertEquals(9, r.input(0).failures(), "every element is 10% off");
    assertEquals(1.1, r.input(0).analytic() / r.input(0).numeric(), 1e-3);
    AssertionError e = assertThrows(AssertionError.class, check::check);
    String m = e.getMessage();
    assertTrue(m.startsWith("GradientCheck of Scale(name=scale) in TRAIN, batch 3:"), m);
    assertTrue(m.contains("the gradient of input 0 differs from finite differences at " + r.input(0).worstElement()
        + ": analytic "), m);
    assertTrue(m.contains("9 of 9 elements outside the tolerance"), m);
    assertTrue(r.input(0).worstElement().matches("\\[[0-2], [0-2]]"), r.input(0).worstElement());
  }

  @Test
  void aParameterGradientOffByAFactorIsCaughtAndNamed() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradientCheck.of(new Scale(1, 2), new int[] {4}).mode(Mode.INFER).check());
    assertTrue(e.getMessage().contains("the gradient of scale/factor differs from finite differences at [0]"), e.getMessage());
    assertFalse(e.getMessage().contains("input 0 differs"), e.getMessage());
    assertTrue(e.getMessage().contains(" in INFER, "), e.getMessage());
  }

  @Test
  void aSmallErrorPassesALooseToleranceAndFailsATightOne() {
    GradientCheck.of(new Scale(1.005f, 1), new int[] {3}).check(); // 0.5% is within the default 1%
    assertThrows(AssertionError.class, () -> GradientCheck.of(new Scale(1.005f, 1), new int[] {3}).tolerance(1e-6, 1e-3).check());
  }

  @Test
  void everyInputOfAMultiInputLayerIsChecked() {
    GradientCheck.Result ok = GradientCheck.of(new Product(1), new int[] {4}, new int[] {4}).check();
    assertEquals(2, ok.inputs().size());
    assertEquals(List.of("product/w"), ok.parameters().stream().map(GradientCheck.Gradient::name).toList());

    GradientCheck.Result wrong = GradientCheck.of(new Product(-1), new int[] {4}, new int[] {4}).run();
    assertTrue(wrong.input(0).passed());
    assertFalse(wrong.input(1).passed(), "a sign error in the second input's gradient");
    assertTrue(wrong.parameter("product/w").passed());
    AssertionError e = assertThrows(AssertionError.class, wrong::assertPassed);
    assertTrue(e.getMessage().contains("the gradient of input 1 differs"), e.getMessage());
  }

  @Test
  void givenInputsAreUsedAndLeftUnchanged() {
    float[] a = {1, 2, 3, 4, -1, -2, -3, -4};
    float[] b = {0.5f, 0.5f, 0.5f, 0.5f, 2, 2, 2, 2};
    Matrix ma = Matrix.wrap(a.clone(), 2, 4);
    Matrix mb = Matrix.wrap(b.clone(), 2, 4);
    GradientCheck.Result r = GradientCheck.of(new Product(1), new int[] {4}, new int[] {4}).batch(7).inputs(ma, mb).check();
    assertEquals(2, r.batch(), "the given inputs' rows, not batch(7)");
    assertArrayEquals(a, ma.data());
    assertArrayEquals(b, mb.data());
  }

  @Test
  void inputsThatDoNotMatchTheShapesAreRejected() {
    GradientCheck two = GradientCheck.of(new Product(1), new int[] {4}, new int[] {4}).inputs(new Matrix(2, 4));
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class, two::run);
    assertTrue(count.getMessage().contains("needs 2 input matrices (one per input shape), but was given 1"), count.getMessage());
    GradientCheck cols = GradientCheck.of(new Scale(), new int[] {2, 3}).inputs(new Matrix(2, 5));
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, cols::run);
    assertTrue(c.getMessage().contains("input 0 must be [batch, 6] (shape [2, 3])"), c.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(new Scale()));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(new Scale(), new int[] {3}).tolerance(0, 0));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(new Scale(), new int[] {3}).tolerance(-1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(new Scale(), new int[] {3}).step(0));
    assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(new Scale(), new int[] {3}).batch(0));
  }

  @Test
  void aLayerThatAddsToItsGradientsInsteadOfWritingThemFails() {
    Layer adding = new Scale() {
      @Override
      public void backward(Frame f, Matrix dy) {
        float[] before = f.gradient(factor).clone();
        super.backward(f, dy);
        f.gradient(factor)[0] += before[0];
      }
    };
    AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.of(adding, new int[] {3}).check());
    assertTrue(e.getMessage().contains("analytic NaN") && e.getMessage().contains("it must write it"), e.getMessage());
  }

  @Test
  void aLayerThatWritesIntoItsInputFails() {
    Layer writing = new Scale() {
      @Override
      public Matrix forward(Frame f, Mode mode) {
        Matrix y = super.forward(f, mode);
        f.input().data()[0] = 0;
        return y;
      }
    };
    GradientCheck.Result r = GradientCheck.of(writing, new int[] {3}).run();
    assertFalse(r.passed());
    assertTrue(r.problems().contains("forward or backward modified input 0 at [0, 0]; inputs are read, never written"),
        r.problems().toString());
  }

  @Test
  void aLayerWhoseParameterGradientNeedsTheInputGradientFails() {
    Layer lazy = new Scale() {
      @Override
      public void backward(Frame f, Matrix dy) {
        super.backward(f, dy);
        if (!f.needsInputGradient()) {
          f.gradient(factor)[0] = 0;
        }
      }
    };
    GradientCheck.Result r = GradientCheck.of(lazy, new int[] {3}).run();
    assertFalse(r.passed());
    assertTrue(r.problems().get(0).startsWith("the gradient of scale/factor at [0] is 0.0 when no input gradient is asked for"),
        r.problems().toString());
  }

  /** A noise layer, y = x · (1 + u) with u uniform in [0, 1) per element in training. */
  static final class Noise extends Layer implements Stochastic {
    private final boolean ownGenerator;
    private final Random own = new Random(1);

    Noise(boolean ownGenerator) {
      super(null);
      this.ownGenerator = ownGenerator;
    }

    @Override
    protected int[] build(int[] inputShape) {
      return inputShape;
    }

    private static final class Gains {
      final Matrix gains = new Matrix(0, 0);
    }

    @Override
    public Matrix forward(Frame f, Mode mode) {
      Matrix x = f.input();
      float[] g = f.state(Gains::new).gains.reshape(x.rows(), x.cols()).data();
      Matrix y = f.output(x.rows(), x.cols());
      for (int i = 0; i < x.size(); i++) {
        g[i] = 1 + (ownGenerator ? own.nextFloat() : f.random().nextFloat());
        y.data()[i] = g[i] * x.data()[i];
      }
      return y;
    }

    @Override
    public void backward(Frame f, Matrix dy) {
      float[] g = f.state(Gains::new).gains.data();
      for (int i = 0; i < dy.size(); i++) {
        f.inputGradient().data()[i] = g[i] * dy.data()[i];
      }
    }
  }

  @Test
  void aRandomLayerIsCheckedWithItsDrawsReplayedButMustDrawFromTheFrame() {
    GradientCheck.of(new Noise(false), new int[] {5}).batch(4).check();
    GradientCheck.Result own = GradientCheck.of(new Noise(true), new int[] {5}).run();
    assertFalse(own.passed());
    assertTrue(own.problems().get(0).startsWith("two forward passes of the same inputs after the same reseed differ at [0, 0]"),
        own.problems().toString());
    assertTrue(own.problems().get(0).endsWith("a random layer must draw from Frame.random()"), own.problems().toString());
  }

  @Test
  void laminasRandomLayersPassInTraining() {
    GradientCheck.of(new Dropout.Spec(0.5, null), new int[] {8}).batch(4).check();
    GradientCheck.of(new AlphaDropout.Spec(0.5, null), new int[] {8}).batch(4).check();
    GradientCheck.of(new RReLU.Spec(), new int[] {8}).batch(4).check();
  }

  @Test
  void aCheckOfALayerRunKeepsItsWeightsAndStatistics() {
    LayerRun run = LayerRun.of(new BatchNormalization.Spec(), 3, new int[] {4});
    BatchNormalization bn = (BatchNormalization) run.layer();
    bn.gamma().value()[1] = 2f;
    bn.movingMean().value()[2] = 0.5f;
    float[] gamma = bn.gamma().value().clone();
    float[] mean = bn.movingMean().value().clone();
    float[] variance = bn.movingVariance().value().clone();
    GradientCheck.Result r = GradientCheck.of(run).mode(Mode.TRAIN).batch(5).check();
    assertEquals(List.of("batch_normalization/gamma", "batch_normalization/beta"),
        r.parameters().stream().map(GradientCheck.Gradient::name).toList(), "state is not checked");
    assertArrayEquals(gamma, bn.gamma().value(), 0f);
    assertArrayEquals(mean, bn.movingMean().value(), 0f, "the training passes' updates are undone");
    assertArrayEquals(variance, bn.movingVariance().value(), 0f);
  }

  @Test
  void aFrozenLayerHasOnlyItsInputGradientChecked() {
    Scale frozen = new Scale(1, 5);
    LayerRun run = LayerRun.of(frozen, 1, new int[] {3});
    frozen.setTrainable(false);
    GradientCheck.Result r = GradientCheck.of(run).check();
    assertTrue(r.parameters().isEmpty());
    assertEquals(1, r.inputs().size());
  }
}

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Defaults, modes and the Keras trainable rule; the formulas are checked by ReferenceLayersTest and LayerGradientCheckTest. */
class BatchNormalizationTest {

  private static BatchNormalization built(BatchNormalization.Spec spec, int features) {
    BatchNormalization bn = spec.create("bn");
    bn.build(new int[] {features}, new SplittableRandom(0));
    return bn;
  }

  /** [6, 3] values with per-feature means far from 0 and variances far from 1. */
  private static Matrix batch() {
    SplittableRandom r = new SplittableRandom(4);
    float[] x = new float[18];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (5 + 3 * r.nextGaussian());
    }
    return Matrix.wrap(x, 6, 3);
  }

  private static float[] values(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  @Test
  void defaultsAreKeras() {
    BatchNormalization.Spec spec = new BatchNormalization.Spec();
    assertEquals(0.99, spec.momentum());
    assertEquals(1e-3, spec.epsilon());
    assertTrue(spec.center() && spec.scale() && spec.trainable());
    assertFalse(spec.statisticsFrozen() || spec.unbiasedMovingVariance());
    BatchNormalization bn = built(spec, 3);
    assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"),
        bn.parameters().stream().map(Parameter::name).toList());
    assertEquals(List.of(true, true, false, false), bn.parameters().stream().map(Parameter::isTrainable).toList());
    assertArrayEquals(new float[] {1, 1, 1}, bn.gamma().value());
    assertArrayEquals(new float[] {0, 0, 0}, bn.beta().value());
    assertArrayEquals(new float[] {0, 0, 0}, bn.movingMean().value());
    assertArrayEquals(new float[] {1, 1, 1}, bn.movingVariance().value());
  }

  @Test
  void withoutCenterAndScaleOnlyTheStatisticsRemain() {
    BatchNormalization bn = built(new BatchNormalization.Spec().center(false).scale(false), 3);
    assertNull(bn.gamma());
    assertNull(bn.beta());
    assertEquals(List.of("bn/moving_mean", "bn/moving_variance"), bn.parameters().stream().map(Parameter::name).toList());
    float[] y = values(bn.forward(batch(), Mode.TRAIN));
    for (int j = 0; j < 3; j++) { // normalised: mean 0, biased variance 1/(1 + eps/var) ≈ 1
      double mean = 0;
      double squares = 0;
      for (int i = 0; i < 6; i++) {
        mean += y[i * 3 + j] / 6.0;
        squares += y[i * 3 + j] * y[i * 3 + j] / 6.0;
      }
      assertEquals(0, mean, 1e-6);
      assertEquals(1, squares, 1e-3);
    }
  }

  @Test
  void unfreezingKeepsTheMovingStatisticsNonTrainable() {
    BatchNormalization bn = built(new BatchNormalization.Spec(), 3);
    bn.setTrainable(false);
    assertTrue(bn.parameters().stream().noneMatch(Parameter::isTrainable));
    bn.setTrainable(true);
    assertEquals(List.of(true, true, false, false), bn.parameters().stream().map(Parameter::isTrainable).toList());
  }

  @Test
  void trainingUsesBatchStatisticsAndMovesTheMovingOnes() {
    BatchNormalization bn = built(new BatchNormalization.Spec().momentum(0), 3);
    Matrix x = batch();
    float[] inference = values(bn.forward(x, Mode.INFER));
    assertArrayEquals(new float[] {0, 0, 0}, bn.movingMean().value(), "inference keeps the statistics");
    float[] training = values(bn.forward(x, Mode.TRAIN));
    assertFalse(Arrays.equals(inference, training));
    // momentum 0: the moving statistics become the batch's; inference then reproduces training
    assertArrayEquals(training, values(bn.forward(x, Mode.INFER)), 1e-5f);
  }

  @Test
  void aFrozenLayerRunsInInferenceModeInTraining() {
    BatchNormalization bn = built(new BatchNormalization.Spec().momentum(0.5), 3);
    Arrays.fill(bn.movingMean().value(), 2f);
    bn.setTrainable(false);
    Matrix x = batch();
    float[] inference = values(bn.forward(x, Mode.INFER));
    assertArrayEquals(inference, values(bn.forward(x, Mode.TRAIN)), 0f, "Keras: trainable=false means inference mode");
    assertArrayEquals(new float[] {2, 2, 2}, bn.movingMean().value(), 0f, "and the statistics are kept");
    // its backward is the inference one: dx = gamma * dy / sqrt(moving_variance + eps)
    float[] dy = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
    float[] dx = values(bn.backward(Matrix.wrap(dy, 6, 3), true));
    for (int k = 0; k < dy.length; k++) {
      assertEquals(dy[k] / Math.sqrt(1 + 1e-3), dx[k], 1e-5);
    }
  }

  @Test
  void frozenStatisticsNormaliseWithTheMovingOnesWhileGammaAndBetaTrain() {
    BatchNormalization bn = built(new BatchNormalization.Spec().statisticsFrozen(true), 3);
    Arrays.fill(bn.movingMean().value(), 2f);
    Matrix x = batch();
    float[] inference = values(bn.forward(x, Mode.INFER));
    assertArrayEquals(inference, values(bn.forward(x, Mode.TRAIN)), 0f);
    assertArrayEquals(new float[] {2, 2, 2}, bn.movingMean().value(), 0f);
    assertTrue(bn.gamma().isTrainable() && bn.beta().isTrainable());
    bn.backward(Matrix.wrap(new float[18], 6, 3), false);
    bn.setStatisticsFrozen(false);
    bn.forward(x, Mode.TRAIN);
    assertFalse(bn.movingMean().value()[0] == 2f, "unfrozen statistics move again");
    assertFalse(bn.spec().statisticsFrozen());
  }

  @Test
  void monteCarloModeUsesTheMovingStatistics() {
    BatchNormalization bn = built(new BatchNormalization.Spec(), 3);
    Matrix x = batch();
    assertArrayEquals(values(bn.forward(x, Mode.INFER)), values(bn.forward(x, Mode.MONTE_CARLO)), 0f);
    assertArrayEquals(new float[] {0, 0, 0}, bn.movingMean().value(), 0f);
  }

  @Test
  void badSettingsNameTheLayerTheRuleAndTheValue() {
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization.Spec().momentum(-0.1).create("bn"));
    assertEquals("BatchNormalization(name=bn): momentum must be in [0, 1], but was -0.1"
        + " (a keep rate as in Keras: torch's momentum 0.1 is 0.9 here)", m.getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization.Spec().epsilon(0).create("bn"));
    assertEquals("BatchNormalization(name=bn): epsilon must be a finite number > 0, but was 0.0", e.getMessage());
    IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization.Spec().create("bn").build(new int[] {28, 28}, new SplittableRandom(0)));
    assertEquals("BatchNormalization(name=bn): expects inputs of rank 1 per sample, but got shape [28, 28];"
        + " add Layers.flatten() before it", s.getMessage());
    assertThrows(IllegalStateException.class, () -> new BatchNormalization.Spec().create("bn").movingMean());
  }
}

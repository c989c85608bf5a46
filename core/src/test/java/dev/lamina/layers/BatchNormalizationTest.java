// SPDX-License-Identifier: Apache-2.0

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

  /** A layer named "bn", built for {@code features} and run on its own. */
  private static LayerRun run(BatchNormalization.Spec spec, int features) {
    return LayerRun.of(spec.name("bn"), 0, new int[] {features});
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
    LayerRun run = run(spec, 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
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
    LayerRun run = run(new BatchNormalization.Spec().center(false).scale(false), 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
    assertNull(bn.gamma());
    assertNull(bn.beta());
    assertEquals(List.of("bn/moving_mean", "bn/moving_variance"), bn.parameters().stream().map(Parameter::name).toList());
    float[] y = values(run.forward(Mode.TRAIN, batch()));
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
    LayerRun run = run(new BatchNormalization.Spec(), 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
    bn.setTrainable(false);
    assertTrue(bn.parameters().stream().noneMatch(Parameter::isTrainable));
    bn.setTrainable(true);
    assertEquals(List.of(true, true, false, false), bn.parameters().stream().map(Parameter::isTrainable).toList());
  }

  @Test
  void trainingUsesBatchStatisticsAndMovesTheMovingOnes() {
    LayerRun run = run(new BatchNormalization.Spec().momentum(0), 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
    Matrix x = batch();
    float[] inference = values(run.forward(Mode.INFER, x));
    assertArrayEquals(new float[] {0, 0, 0}, bn.movingMean().value(), "inference keeps the statistics");
    float[] training = values(run.forward(Mode.TRAIN, x));
    assertFalse(Arrays.equals(inference, training));
    // momentum 0: the moving statistics become the batch's; inference then reproduces training
    assertArrayEquals(training, values(run.forward(Mode.INFER, x)), 1e-5f);
  }

  @Test
  void aFrozenLayerRunsInInferenceModeInTraining() {
    LayerRun run = run(new BatchNormalization.Spec().momentum(0.5), 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
    Arrays.fill(bn.movingMean().value(), 2f);
    bn.setTrainable(false);
    Matrix x = batch();
    float[] inference = values(run.forward(Mode.INFER, x));
    assertArrayEquals(inference, values(run.forward(Mode.TRAIN, x)), 0f, "Keras: trainable=false means inference mode");
    assertArrayEquals(new float[] {2, 2, 2}, bn.movingMean().value(), 0f, "and the statistics are kept");
    // its backward is the inference one: dx = gamma * dy / sqrt(moving_variance + eps)
    float[] dy = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
    float[] dx = values(run.backward(Matrix.wrap(dy, 6, 3)));
    for (int k = 0; k < dy.length; k++) {
      assertEquals(dy[k] / Math.sqrt(1 + 1e-3), dx[k], 1e-5);
    }
  }

  @Test
  void frozenStatisticsNormaliseWithTheMovingOnesWhileGammaAndBetaTrain() {
    LayerRun run = run(new BatchNormalization.Spec().statisticsFrozen(true), 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
    Arrays.fill(bn.movingMean().value(), 2f);
    Matrix x = batch();
    float[] inference = values(run.forward(Mode.INFER, x));
    assertArrayEquals(inference, values(run.forward(Mode.TRAIN, x)), 0f);
    assertArrayEquals(new float[] {2, 2, 2}, bn.movingMean().value(), 0f);
    assertTrue(bn.gamma().isTrainable() && bn.beta().isTrainable());
    Arrays.fill(bn.gamma().gradient(), Float.NaN);
    Arrays.fill(bn.beta().gradient(), Float.NaN);
    run.backwardWithoutInputGradients(Matrix.wrap(new float[18], 6, 3));
    assertArrayEquals(new float[] {0, 0, 0}, bn.gamma().gradient(), 0f, "γ trains: its gradient is written");
    assertArrayEquals(new float[] {0, 0, 0}, bn.beta().gradient(), 0f, "β trains: its gradient is written");
    bn.setStatisticsFrozen(false);
    run.forward(Mode.TRAIN, x);
    assertFalse(bn.movingMean().value()[0] == 2f, "unfrozen statistics move again");
    assertFalse(bn.spec().statisticsFrozen());
  }

  /**
   * A batch wider than a vector and longer than a block of rows, with means far larger than the
   * spread: outputs, moving statistics and gradients against the formulas in double.
   */
  @Test
  void wideAndLongBatchesFollowTheFormulas() {
    int n = 300;
    int f = 37;
    LayerRun run = run(new BatchNormalization.Spec().momentum(0.9), f);
    BatchNormalization bn = (BatchNormalization) run.layer();
    SplittableRandom r = new SplittableRandom(12);
    float[] x = new float[n * f];
    float[] dy = new float[n * f];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (100 * (k % f % 3 - 1) + 0.5 * r.nextGaussian());
      dy[k] = (float) r.nextGaussian();
    }
    for (int j = 0; j < f; j++) {
      bn.gamma().value()[j] = 0.5f + j / 10f;
      bn.beta().value()[j] = j / 7f - 2;
    }
    float[] y = values(run.forward(Mode.TRAIN, Matrix.wrap(x, n, f)));
    float[] dx = values(run.backward(Matrix.wrap(dy, n, f)));
    for (int j = 0; j < f; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += x[i * f + j];
      }
      mean /= n;
      double variance = 0;
      for (int i = 0; i < n; i++) {
        variance += Math.pow(x[i * f + j] - mean, 2);
      }
      variance /= n;
      double inverseStd = 1 / Math.sqrt(variance + 1e-3);
      assertEquals(0.1 * mean, bn.movingMean().value()[j], 1e-5 * Math.abs(mean) + 1e-6, "moving mean " + j);
      assertEquals(0.9 + 0.1 * variance, bn.movingVariance().value()[j], 1e-5, "moving variance " + j);
      double g = bn.gamma().value()[j];
      double sumDy = 0;
      double sumDyHat = 0;
      for (int i = 0; i < n; i++) {
        int k = i * f + j;
        double hat = (x[k] - mean) * inverseStd;
        assertEquals(g * hat + bn.beta().value()[j], y[k], 2e-4, "y " + k);
        sumDy += dy[k];
        sumDyHat += dy[k] * hat;
      }
      assertEquals(sumDy, bn.beta().gradient()[j], 1e-4, "dβ " + j);
      assertEquals(sumDyHat, bn.gamma().gradient()[j], 1e-3, "dγ " + j);
      for (int i = 0; i < n; i++) {
        int k = i * f + j;
        double hat = (x[k] - mean) * inverseStd;
        double expected = g * inverseStd / n * (n * dy[k] - sumDy - hat * sumDyHat);
        assertEquals(expected, dx[k], 1e-4 * Math.abs(g * inverseStd) + 1e-5 * Math.abs(expected), "dx " + k);
      }
    }
  }

  /** The folded scale and shift follow γ, β and the moving statistics however they change. */
  @Test
  void inferenceFollowsChangedWeightsAndStatistics() {
    int f = 21;
    LayerRun run = run(new BatchNormalization.Spec(), f);
    BatchNormalization bn = (BatchNormalization) run.layer();
    Matrix x = Matrix.wrap(new float[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}, 1, f);
    float[] before = values(run.forward(Mode.INFER, x));
    bn.gamma().value()[20] = 3f;
    bn.beta().value()[0] = -1f;
    bn.movingMean().value()[5] = 2f;
    bn.movingVariance().value()[17] = 4f;
    float[] after = values(run.forward(Mode.INFER, x));
    double unit = 1 / Math.sqrt(1 + 1e-3);
    assertEquals(21 * unit, before[20], 1e-5);
    assertEquals(3 * 21 * unit, after[20], 1e-5, "γ changed");
    assertEquals(unit - 1, after[0], 1e-5, "β changed");
    assertEquals(4 * unit, after[5], 1e-5, "moving mean changed");
    assertEquals(18 / Math.sqrt(4 + 1e-3), after[17], 1e-5, "moving variance changed");
    assertEquals(before[10], after[10], 0f, "the other features are unchanged");
  }

  @Test
  void monteCarloModeUsesTheMovingStatistics() {
    LayerRun run = run(new BatchNormalization.Spec(), 3);
    BatchNormalization bn = (BatchNormalization) run.layer();
    Matrix x = batch();
    assertArrayEquals(values(run.forward(Mode.INFER, x)), values(run.forward(Mode.MONTE_CARLO, x)), 0f);
    assertArrayEquals(new float[] {0, 0, 0}, bn.movingMean().value(), 0f);
  }

  // ---- images: per channel over (batch, height, width) ----------------------------------------

  /**
   * [C, H, W] samples: per channel, the mean and biased variance over every sample's plane (the
   * moving statistics count n·H·W values), the outputs and the gradients, against the formulas
   * in double.
   */
  @Test
  void imagesAreNormalisedPerChannelOverBatchHeightAndWidth() {
    int n = 3;
    int c = 5;
    int area = 4 * 6;
    LayerRun run = LayerRun.of(new BatchNormalization.Spec().momentum(0.9).unbiasedMovingVariance(true).name("bn"), 0,
        new int[] {c, 4, 6});
    BatchNormalization bn = (BatchNormalization) run.layer();
    assertArrayEquals(new int[] {c}, bn.gamma().shape(), "one γ per channel");
    assertArrayEquals(new int[] {c}, bn.movingVariance().shape());
    SplittableRandom r = new SplittableRandom(8);
    float[] x = new float[n * c * area];
    float[] dy = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (10 * (k / area % c) + (1 + k / area % c) * r.nextGaussian()); // channels of other means and scales
      dy[k] = (float) r.nextGaussian();
    }
    for (int j = 0; j < c; j++) {
      bn.gamma().value()[j] = 0.5f + j / 4f;
      bn.beta().value()[j] = j - 2;
    }
    float[] y = values(run.forward(Mode.TRAIN, Matrix.wrap(x, n, c * area)));
    float[] dx = values(run.backward(Matrix.wrap(dy, n, c * area)));
    int m = n * area;
    for (int j = 0; j < c; j++) {
      double mean = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        for (int k = (i * c + j) * area; k < (i * c + j + 1) * area; k++) {
          mean += x[k];
        }
      }
      mean /= m;
      for (int i = 0; i < n; i++) {
        for (int k = (i * c + j) * area; k < (i * c + j + 1) * area; k++) {
          squares += (x[k] - mean) * (x[k] - mean);
        }
      }
      double variance = squares / m;
      double inverseStd = 1 / Math.sqrt(variance + 1e-3);
      assertEquals(0.1 * mean, bn.movingMean().value()[j], 1e-6 * (1 + Math.abs(mean)), "moving mean " + j);
      assertEquals(0.9 + 0.1 * variance * m / (m - 1), bn.movingVariance().value()[j], 1e-5 * (1 + variance),
          "unbiased moving variance over n·H·W values, channel " + j);
      double g = bn.gamma().value()[j];
      double sumDy = 0;
      double sumDyHat = 0;
      for (int i = 0; i < n; i++) {
        for (int k = (i * c + j) * area; k < (i * c + j + 1) * area; k++) {
          double hat = (x[k] - mean) * inverseStd;
          assertEquals(g * hat + bn.beta().value()[j], y[k], 1e-5 * (1 + Math.abs(y[k])), "y " + k);
          sumDy += dy[k];
          sumDyHat += dy[k] * hat;
        }
      }
      assertEquals(sumDy, bn.beta().gradient()[j], 1e-5 * (1 + Math.abs(sumDy)), "dβ " + j);
      assertEquals(sumDyHat, bn.gamma().gradient()[j], 1e-5 * (1 + Math.abs(sumDyHat)), "dγ " + j);
      for (int i = 0; i < n; i++) {
        for (int k = (i * c + j) * area; k < (i * c + j + 1) * area; k++) {
          double hat = (x[k] - mean) * inverseStd;
          double expected = g * inverseStd / m * (m * dy[k] - sumDy - hat * sumDyHat);
          assertEquals(expected, dx[k], 1e-5 * (1 + Math.abs(expected)), "dx " + k);
        }
      }
    }
  }

  @Test
  void imagesInInferenceUseTheMovingStatisticsPerChannel() {
    LayerRun run = LayerRun.of(new BatchNormalization.Spec().name("bn"), 0, new int[] {2, 1, 3});
    BatchNormalization bn = (BatchNormalization) run.layer();
    bn.movingMean().value()[1] = 4f;
    bn.movingVariance().value()[1] = 9f;
    bn.gamma().value()[1] = 2f;
    bn.beta().value()[0] = 1f;
    float[] x = {1, 2, 3, 10, 7, 4};
    float[] y = values(run.forward(Mode.INFER, Matrix.wrap(x, 1, 6)));
    double s0 = 1 / Math.sqrt(1 + 1e-3);
    double s1 = 2 / Math.sqrt(9 + 1e-3);
    assertArrayEquals(new float[] {(float) (s0 + 1), (float) (2 * s0 + 1), (float) (3 * s0 + 1), (float) (6 * s1),
        (float) (3 * s1), 0}, y, 1e-6f);
    float[] dx = values(run.backward(Matrix.wrap(new float[] {1, 1, 1, 1, 1, 1}, 1, 6)));
    assertArrayEquals(new float[] {(float) s0, (float) s0, (float) s0, (float) s1, (float) s1, (float) s1}, dx, 1e-6f);
    assertArrayEquals(new float[] {3, 3}, bn.beta().gradient(), 0f, "dβ: Σ dy per channel");
  }

  @Test
  void aFrozenLayerRunsImagesInInferenceMode() {
    LayerRun run = LayerRun.of(new BatchNormalization.Spec().momentum(0.5).name("bn"), 0, new int[] {3, 2, 2});
    BatchNormalization bn = (BatchNormalization) run.layer();
    bn.setTrainable(false);
    Matrix x = Matrix.wrap(batch().data().clone(), 1, 12);
    assertArrayEquals(values(run.forward(Mode.INFER, x)), values(run.forward(Mode.TRAIN, x)), 0f);
    assertArrayEquals(new float[] {0, 0, 0}, bn.movingMean().value(), 0f, "the statistics are kept");
  }

  /** [C, 1, 1] samples (after global pooling with keepdims) hold one value per channel, as [C] does. */
  @Test
  void channelsOfOneByOneAreTheDenseCase() {
    Matrix x = batch();
    Matrix dy = Matrix.wrap(x.data().clone(), 6, 3);
    LayerRun dense = LayerRun.of(new BatchNormalization.Spec(), 0, new int[] {3});
    LayerRun images = LayerRun.of(new BatchNormalization.Spec(), 0, new int[] {3, 1, 1});
    assertArrayEquals(values(dense.forward(Mode.TRAIN, x)), values(images.forward(Mode.TRAIN, x)), 0f);
    assertArrayEquals(values(dense.backward(dy)), values(images.backward(dy)), 0f);
  }

  @Test
  void imagesGiveTheSameBitsForOneTwoAndThreeThreads() {
    ThreadCounts.assertBitIdentical(new BatchNormalization.Spec().momentum(0.9), Mode.TRAIN, 8, 33, 9, 7);
    ThreadCounts.assertBitIdentical(new BatchNormalization.Spec(), Mode.INFER, 8, 33, 9, 7);
  }

  @Test
  void imagesAllocateNothingPerBatch() {
    Allocations.assertNoneAfterWarmUp(new BatchNormalization.Spec(), Mode.TRAIN, 4, 3, 5, 5);
    Allocations.assertNoneAfterWarmUp(new BatchNormalization.Spec(), Mode.INFER, 4, 3, 5, 5);
  }

  @Test
  void badSettingsNameTheLayerTheRuleAndTheValue() {
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization.Spec().momentum(-0.1).name("bn").create());
    assertEquals("BatchNormalization(name=bn): momentum must be in [0, 1], but was -0.1"
        + " (a keep rate as in Keras: torch's momentum 0.1 is 0.9 here)", m.getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization.Spec().epsilon(0).name("bn").create());
    assertEquals("BatchNormalization(name=bn): epsilon must be a finite number > 0, but was 0.0", e.getMessage());
    IllegalStateException unbuilt = assertThrows(IllegalStateException.class,
        () -> new BatchNormalization.Spec().name("bn").create().movingMean());
    assertEquals("BatchNormalization(name=bn): not built yet", unbuilt.getMessage());
  }
}

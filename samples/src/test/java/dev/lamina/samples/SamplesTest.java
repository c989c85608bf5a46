// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.callbacks.LearningRateCurve;
import dev.lamina.callbacks.LearningRateFinder;
import dev.lamina.data.FashionMnist;
import dev.lamina.losses.Losses;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sample's {@code run} on the embedded digits, checking the result the chapter predicts. */
class SamplesTest {
  static SampleData digits;

  @TempDir
  Path plots;

  @BeforeAll
  static void load() {
    digits = SampleData.digits(42);
  }

  private static void assertPng(Path file) throws Exception {
    byte[] head = Files.readAllBytes(file);
    assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', file + " is a PNG");
  }

  @Test
  void digitsAreFlattenedAndSplit() {
    assertEquals(64, digits.features());
    assertEquals(10, digits.classes());
    assertEquals(1797, digits.trainImages().samples() + digits.testImages().samples());
    assertTrue(digits.description().startsWith("digits ("), digits.description());
  }

  @Test
  void seluAndHeKeepTheFirstLayersGradientsThatSigmoidLoses() throws Exception {
    VanishingGradients.Result r = VanishingGradients.run(digits, 10, 32, 1, 42, plots);
    VanishingGradients.Run sigmoid = r.runs().get(0);
    VanishingGradients.Run relu = r.runs().get(1);
    VanishingGradients.Run elu = r.runs().get(2);
    VanishingGradients.Run selu = r.runs().get(3);
    assertEquals(11, sigmoid.layers().size(), "10 hidden layers and the output");
    assertEquals(List.of(64 * 32, 32 * 32), sigmoid.kernelSizes().subList(0, 2), "weights of the first kernels");
    assertEquals(10 * 32, sigmoid.kernelSizes().get(10), "the output kernel");
    assertEquals(sigmoid.layers().get(0).gradientNorm() / Math.sqrt(64 * 32), sigmoid.firstLayerGradientRms(), 1e-15,
        "RMS per weight = L2 norm / sqrt(weights)");
    assertTrue(elu.firstLayerGradientRms() > 5 * sigmoid.firstLayerGradientRms(), r.runs().toString());
    assertTrue(selu.firstLayerGradientRms() > 5 * sigmoid.firstLayerGradientRms(), r.runs().toString());
    assertTrue(sigmoid.meanSaturatedFraction() > 0.1, "N(0,1) weights saturate sigmoids");
    assertTrue(relu.firstLayerGradientRms() > 5 * sigmoid.firstLayerGradientRms(), r.runs().toString());
    assertTrue(relu.meanDeadFraction() > 0 && relu.meanDeadFraction() < 0.5, "He-initialised ReLU: " + relu);
    assertTrue(Double.isNaN(elu.meanDeadFraction()), "ELU units cannot die, so none are counted: " + elu);
    assertPng(r.plot());
  }

  @Test
  void batchNormalizationComparesTheSameOptimizerAndDrawsTheLearningCurves() throws Exception {
    FashionMnist all = FashionMnist.load(ReferenceFiles.fashionMnist());
    FashionMnist subset = new FashionMnist(all.trainImages().rows(0, 5_000), all.trainLabels().rows(0, 5_000),
        all.testImages().rows(0, 1_000), all.testLabels().rows(0, 1_000));
    BatchNormComparison.Result r = BatchNormComparison.run(subset, 2, 42, plots);
    assertEquals(List.of("with batch norm", "without batch norm"),
        r.curves().stream().map(BatchNormComparison.Curve::name).toList());
    for (BatchNormComparison.Curve c : r.curves()) {
      assertEquals(2, c.testAccuracy().size(), c.name());
      assertEquals(2 * 157, c.batchLosses().size(), "one loss per batch of 32: " + c.name());
    }
    // the chapter's claim, on the same optimizer and rate: batch normalization learns faster
    assertTrue(r.curves().get(0).testAccuracy().get(0) > r.curves().get(1).testAccuracy().get(0), r.toString());
    assertEquals("batch-norm.png", r.plot().getFileName().toString());
    assertPng(r.plot());
  }

  @Test
  void clippingKeepsTrainingFiniteWhereTheUnclippedNetworkDiverges() throws Exception {
    GradientClipping.Result r = GradientClipping.run(digits, 12, 0.05, 3, 42, plots);
    double unclipped = r.finalLoss("no clipping", 10);
    double global = r.finalLoss("globalClipNorm 1", 10);
    double perTensor = r.finalLoss("clipNorm 1", 10);
    assertTrue(Double.isFinite(global) && global < 1.0, "global clipping trains: " + global);
    assertTrue(Double.isFinite(perTensor) && perTensor < 1.0, "per-tensor clipping trains: " + perTensor);
    assertTrue(unclipped > global, "unclipped " + unclipped + " vs clipped " + global);
    assertEquals(0, r.divergedAtBatch("globalClipNorm 1"), "global clipping does not diverge");
    assertPng(r.plot());
  }

  @Test
  void theFirstBatchAboveTheDivergenceThresholdIsTheOneMarked() {
    double high = GradientClipping.DIVERGED + 1;
    assertEquals(0, GradientClipping.firstDivergedBatch(List.of(2.3, 1.0, GradientClipping.DIVERGED)));
    assertEquals(3, GradientClipping.firstDivergedBatch(List.of(2.3, 1.0, high, 0.5, Double.NaN)));
    assertEquals(2, GradientClipping.firstDivergedBatch(List.of(2.3, Double.NaN)));
    assertEquals(1, GradientClipping.firstDivergedBatch(List.of(Double.POSITIVE_INFINITY)));
  }

  @Test
  void aPretrainedEncoderMatchesOrBeatsTrainingFromScratchOnFewLabels() throws Exception {
    UnsupervisedPretraining.Result r = UnsupervisedPretraining.run(digits, 100, 30, 30, 42, plots);
    assertEquals(100, r.labels());
    assertTrue(r.reconstructionLoss() < 0.01, "the autoencoder learns: MSE " + r.reconstructionLoss());
    assertTrue(r.fineTunedAccuracy() >= r.scratchAccuracy() - 0.02, r.toString());
    assertEquals(0.7, UnsupervisedPretraining.meanOfLast(List.of(0.1, 0.2, 0.5, 0.6, 0.7, 0.8, 0.9)), 1e-12,
        "the mean of the last 5 epochs");
    assertTrue(UnsupervisedPretraining.verdict("frozen", 0.60, 0.62).contains("does not beat training from scratch "
        + "(-2.0 points)"), UnsupervisedPretraining.verdict("frozen", 0.60, 0.62));
    assertTrue(UnsupervisedPretraining.verdict("fine-tuned", 0.70, 0.68).contains(" beats "));
    assertTrue(r.frozenAccuracy() > 0.6, "the frozen codes separate the classes: " + r);
    assertPng(r.plot());
  }

  @Test
  void everyOptimizerReducesTheLoss() throws Exception {
    OptimizerRace.Result r = OptimizerRace.run(digits, 4, 42, plots);
    assertEquals(OptimizerRace.contestants().keySet(), r.losses().keySet());
    OptimizerRace.contestants().forEach((name, optimizer) -> assertEquals(0.001,
        optimizer.get().learningRate().at(0), 1e-12, name + " runs at the chapter's rate"));
    // at 0.001 every optimizer learns, plain SGD and Adagrad slowly; momentum and Adam much faster (the chapter's point)
    r.losses().forEach((name, loss) -> assertTrue(loss.get(loss.size() - 1) < 0.9 * loss.get(0), name + ": " + loss));
    double sgd = r.losses().get("SGD").get(3);
    assertTrue(r.losses().get("momentum 0.9").get(3) < 0.7 * sgd, r.losses().toString());
    assertTrue(r.losses().get("Adam").get(3) < 0.5 * sgd, r.losses().toString());
    assertPng(r.plot());
  }

  @Test
  void theLearningRateFinderSuggestsARateInsideItsRange() throws Exception {
    LearningRates.Result r = LearningRates.run(digits, 3, 42, plots);
    LearningRateCurve c = r.finder();
    double min = c.learningRates().get(0);
    double max = c.learningRates().get(c.learningRates().size() - 1);
    assertTrue(c.suggestion() >= min && c.suggestion() <= max, c.suggestion() + " in [" + min + ", " + max + "]");
    assertTrue(c.minimumLossLearningRate() > 1e-3 && c.minimumLossLearningRate() < 1, "" + c.minimumLossLearningRate());
    assertTrue(c.losses().size() > 100 && c.losses().size() <= LearningRates.FINDER_STEPS, "steps " + c.losses().size());
    // The smoothed loss tracks the batch loss (fastai's 0.98 lags far behind it over 200 steps).
    double lag = lag(c);
    Sequential probe = LearningRates.model(digits, 42);
    probe.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().momentum(0.9).build());
    LearningRateCurve slow = LearningRateFinder.builder().minLearningRate(1e-4).maxLearningRate(10)
        .steps(LearningRates.FINDER_STEPS).smoothing(0.98).build().find(probe, digits.trainImages(), digits.trainLabels());
    assertTrue(lag < 0.15 && lag < lag(slow) / 2, "lag " + lag + " with " + LearningRates.SMOOTHING + ", "
        + lag(slow) + " with 0.98");
    assertEquals(List.of("constant", "exponential (/10 over the run)", "piecewise (x1, x0.3, x0.1)", "1cycle (peak 3x)"),
        List.copyOf(r.losses().keySet()));
    r.losses().forEach((name, loss) -> assertTrue(loss.get(loss.size() - 1) < loss.get(0), name + ": " + loss));
    r.testAccuracy().forEach((name, a) -> assertTrue(a > 0.85, name + ": " + a));
    for (Path p : List.of(r.finderPlot(), r.schedulesPlot(), r.lossPlot())) {
      assertPng(p);
    }
  }

  /**
   * How far the smoothed loss is from the batch loss it summarizes: the mean over the steps before
   * its minimum (from step 10) of |smoothed − mean of the last 10 batch losses| / that mean.
   */
  private static double lag(LearningRateCurve c) {
    int minimum = c.smoothedLosses().indexOf(c.smoothedLosses().stream().min(Double::compare).orElseThrow());
    double sum = 0;
    for (int i = 10; i < minimum; i++) {
      double recent = c.losses().subList(i - 9, i + 1).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      sum += Math.abs(c.smoothedLosses().get(i) - recent) / recent;
    }
    return sum / Math.max(1, minimum - 10);
  }

  @Test
  void regularizationVariantsTrainAndMonteCarloDropoutIsUncertain() throws Exception {
    Regularization.Result r = Regularization.run(digits, 12, 42, plots);
    assertEquals(List.of("plain", "early stopping", "L2 0.01", "dropout 0.2", "max-norm 1"),
        List.copyOf(r.testAccuracy().keySet()));
    r.testAccuracy().forEach((name, a) -> assertTrue(a > 0.85, name + ": " + a));
    assertTrue(r.earlyStoppingEpochs() >= 1 && r.earlyStoppingEpochs() <= 12);
    List<Double> early = r.validationLosses().get("early stopping");
    assertEquals(early.stream().min(Double::compare).orElseThrow(), early.get(r.restoredEpoch() - 1),
        "the restored epoch is the one with the lowest validation loss: " + early);
    // without the penalty, the L2 network's validation loss is a cross-entropy like the others', not
    // cross-entropy + 0.01 * sum(w^2) (about 3.5 for He-initialized 64-300-300-10 kernels)
    r.validationLosses().forEach((name, loss) -> assertTrue(loss.stream().allMatch(v -> v > 0 && v < 1), name + ": "
        + loss));
    assertEquals(5, r.monteCarlo().size());
    assertTrue(r.monteCarlo().stream().allMatch(u -> u.standardDeviation() > 0), "MC dropout std > 0: " + r.monteCarlo());
    assertTrue(r.monteCarlo().stream().allMatch(u -> u.probability() > 0 && u.probability() <= 1));
    assertPng(r.plot());
  }
}

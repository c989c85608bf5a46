package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.callbacks.LearningRateCurve;
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
    assertTrue(elu.firstLayerGradientNorm() > 5 * sigmoid.firstLayerGradientNorm(), r.runs().toString());
    assertTrue(selu.firstLayerGradientNorm() > 5 * sigmoid.firstLayerGradientNorm(), r.runs().toString());
    assertTrue(sigmoid.meanSaturatedFraction() > 0.1, "N(0,1) weights saturate sigmoids");
    assertTrue(relu.firstLayerGradientNorm() > 5 * sigmoid.firstLayerGradientNorm(), r.runs().toString());
    assertTrue(relu.meanDeadFraction() >= 0 && relu.meanDeadFraction() < 0.5, "He-initialised ReLU: " + relu);
    assertTrue(Double.isNaN(elu.meanDeadFraction()), "ELU units cannot die, so none are counted: " + elu);
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
    assertPng(r.plot());
  }

  @Test
  void aPretrainedEncoderMatchesOrBeatsTrainingFromScratchOnFewLabels() throws Exception {
    UnsupervisedPretraining.Result r = UnsupervisedPretraining.run(digits, 100, 30, 30, 42, plots);
    assertEquals(100, r.labels());
    assertTrue(r.reconstructionLoss() < 0.01, "the autoencoder learns: MSE " + r.reconstructionLoss());
    assertTrue(r.fineTunedAccuracy() >= r.scratchAccuracy() - 0.02, r.toString());
    assertTrue(r.frozenAccuracy() > 0.6, "the frozen codes separate the classes: " + r);
    assertPng(r.plot());
  }

  @Test
  void everyOptimizerReducesTheLoss() throws Exception {
    OptimizerRace.Result r = OptimizerRace.run(digits, 4, 42, plots);
    assertEquals(OptimizerRace.contestants().keySet(), r.losses().keySet());
    r.losses().forEach((name, loss) -> assertTrue(loss.get(loss.size() - 1) < 0.8 * loss.get(0), name + ": " + loss));
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
    assertEquals(List.of("constant", "exponential (/10 over the run)", "piecewise (x1, x0.3, x0.1)", "1cycle (peak 3x)"),
        List.copyOf(r.losses().keySet()));
    r.losses().forEach((name, loss) -> assertTrue(loss.get(loss.size() - 1) < loss.get(0), name + ": " + loss));
    r.testAccuracy().forEach((name, a) -> assertTrue(a > 0.85, name + ": " + a));
    for (Path p : List.of(r.finderPlot(), r.schedulesPlot(), r.lossPlot())) {
      assertPng(p);
    }
  }

  @Test
  void regularizationVariantsTrainAndMonteCarloDropoutIsUncertain() throws Exception {
    Regularization.Result r = Regularization.run(digits, 12, 42, plots);
    assertEquals(List.of("plain", "early stopping", "L2 1e-3", "dropout 0.3", "max-norm 1"),
        List.copyOf(r.testAccuracy().keySet()));
    r.testAccuracy().forEach((name, a) -> assertTrue(a > 0.85, name + ": " + a));
    assertTrue(r.earlyStoppingEpochs() >= 1 && r.earlyStoppingEpochs() <= 12);
    assertEquals(5, r.monteCarlo().size());
    assertTrue(r.monteCarlo().stream().allMatch(u -> u.standardDeviation() > 0), "MC dropout std > 0: " + r.monteCarlo());
    assertTrue(r.monteCarlo().stream().allMatch(u -> u.probability() > 0 && u.probability() <= 1));
    assertPng(r.plot());
  }
}

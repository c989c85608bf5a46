// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Parameter;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateFinderTest {

  @Test
  void ratesGrowExponentiallyAndTheLossDivergesAtHighRates() {
    Tensor[] d = Toy.data(512, 1);
    Sequential model = Toy.model(1);
    LearningRateCurve c = LearningRateFinder.builder().minLearningRate(1e-4).maxLearningRate(100).steps(60).build()
        .find(model, d[0], d[1]);
    int n = c.learningRates().size();
    assertTrue(n > 3 && n < 60, "stops early on divergence, after " + n + " steps");
    assertEquals(n, c.losses().size());
    assertEquals(n, c.smoothedLosses().size());
    for (int k = 0; k < n; k++) {
      assertEquals(1e-4 * Math.pow(1e6, k / 59.0), c.learningRates().get(k), 1e-12 * c.learningRates().get(k));
    }
    assertEquals(c.losses().get(0), c.smoothedLosses().get(0), 1e-12); // bias-corrected: the first is the loss
    double last = c.smoothedLosses().get(n - 1);
    double best = c.smoothedLosses().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertTrue(!Double.isFinite(c.losses().get(n - 1)) || last > 4 * best, "the last point diverged");
    assertTrue(c.suggestion() >= 1e-4 && c.suggestion() <= 100, "suggestion " + c.suggestion());
    assertTrue(c.minimumLossLearningRate() < c.learningRates().get(n - 1));
  }

  @Test
  void runsAllStepsWhenTheLossDoesNotDiverge() {
    Tensor[] d = Toy.data(64, 2);
    LearningRateCurve c = LearningRateFinder.builder().minLearningRate(1e-5).maxLearningRate(1e-2).steps(10)
        .batchSize(16).build().find(Toy.model(2), d[0], d[1]);
    assertEquals(10, c.learningRates().size());
    assertEquals(1e-2, c.learningRates().get(9), 1e-15);
  }

  /** Afterwards the model trains exactly as one that never ran the test: weights and optimizer state are back. */
  @Test
  void restoresTheWeightsAndTheOptimizerState() {
    Tensor[] d = Toy.data(128, 3);
    Sequential tested = Toy.model(3);
    Sequential untouched = Toy.model(3);
    tested.fit(d[0], d[1], Toy.quiet());
    untouched.fit(d[0], d[1], Toy.quiet());
    Optimizer optimizer = tested.optimizer();
    long iterations = optimizer.iterations();
    LearningRateFinder.builder().steps(30).build().find(tested, d[0], d[1]);
    assertEquals(iterations, optimizer.iterations());
    assertEquals(0.1, optimizer.currentLearningRate());
    tested.fit(d[0], d[1], Toy.quiet().epochs(2));
    untouched.fit(d[0], d[1], Toy.quiet().epochs(2));
    List<Tensor> a = tested.getWeights();
    List<Tensor> b = untouched.getWeights();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(b.get(i).data(), a.get(i).data());
    }
    for (Parameter p : tested.parameters()) {
      Parameter q = untouched.parameters().stream().filter(u -> u.name().equals(p.name())).findFirst().orElseThrow();
      assertArrayEquals(untouched.optimizer().slots(q).get("momentum"), optimizer.slots(p).get("momentum"));
    }
  }

  @Test
  void steepestDescentIsWhereTheSmoothedLossFallsFastest() {
    List<Double> rates = List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0);
    List<Double> smoothed = List.of(2.0, 1.9, 1.0, 0.8, 3.0);
    assertEquals(1e-2, LearningRateCurve.steepest(rates, smoothed));
    LearningRateCurve c = new LearningRateCurve(rates, smoothed, smoothed, 1e-2);
    assertEquals(1e-2, c.minimumLossLearningRate(), 1e-15);
  }
}

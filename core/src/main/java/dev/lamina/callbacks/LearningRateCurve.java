// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.util.List;

/**
 * What {@link LearningRateFinder} measured: one point per training step, as data to plot (loss
 * against learning rate on a log axis).
 *
 * @param learningRates the rate of each step, growing exponentially
 * @param losses each step's batch loss
 * @param smoothedLosses the bias-corrected exponential moving average of the losses
 * @param suggestion the suggested rate: where the smoothed loss falls fastest against log(rate),
 *     looking only up to the minimum of the smoothed loss (fastai's "steep" rule)
 */
public record LearningRateCurve(List<Double> learningRates, List<Double> losses, List<Double> smoothedLosses,
    double suggestion) {

  public LearningRateCurve {
    learningRates = List.copyOf(learningRates);
    losses = List.copyOf(losses);
    smoothedLosses = List.copyOf(smoothedLosses);
  }

  /** Points skipped at the start of the curve by {@link #suggestion()}: 10, fastai's {@code skip_start}. */
  static final int SKIP_START = 10;

  /** The rate at the minimum of the smoothed loss divided by 10, the other common rule of thumb. */
  public double minimumLossLearningRate() {
    return learningRates.get(indexOfMinimum(smoothedLosses)) / 10;
  }

  /** The steepest-descent rule of {@link #suggestion()}; needs at least 3 finite points. */
  static double steepest(List<Double> rates, List<Double> smoothed) {
    int end = indexOfMinimum(smoothed);
    int best = -1;
    double bestSlope = Double.POSITIVE_INFINITY;
    // the first points of an exponentially smoothed curve are noise that looks steep: skip them, as
    // fastai's Recorder.plot does (skip_start = 10), or a quarter of a short curve
    int start = Math.max(1, Math.min(SKIP_START, smoothed.size() / 4));
    for (int i = start; i < Math.min(end + 1, smoothed.size() - 1); i++) {
      double slope = (smoothed.get(i + 1) - smoothed.get(i - 1)) / Math.log(rates.get(i + 1) / rates.get(i - 1));
      if (slope < bestSlope) {
        bestSlope = slope;
        best = i;
      }
    }
    return best < 0 ? rates.get(end) / 10 : rates.get(best);
  }

  private static int indexOfMinimum(List<Double> values) {
    int min = 0;
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) < values.get(min)) {
        min = i;
      }
    }
    return min;
  }
}

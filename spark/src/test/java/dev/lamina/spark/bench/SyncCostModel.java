// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.util.OptionalDouble;

/**
 * The wall time of a synchronisation as a fixed cost plus a cost per local step, {@code T(K) =
 * fixedSeconds + K · stepSeconds}, fitted to measured rounds; from it, the throughput at any K and
 * the K at which Spark reaches a given efficiency (its throughput over single-node training's with
 * the same total threads). A round of K global steps trains {@code samplesPerStep} (workers ×
 * batch) samples per step, so its throughput is {@code samplesPerStep · K / T(K)}, which tends to
 * {@code samplesPerStep / stepSeconds} as K grows: the asymptote no K passes.
 */
record SyncCostModel(double fixedSeconds, double stepSeconds, int samplesPerStep) {

  /**
   * The least-squares fit of {@code seconds[i] ≈ fixed + steps[i] · step}, each point weighted by
   * 1/seconds² so that it fits relative errors: the K = 1000 rounds, a hundred times longer than
   * the K = 1 ones, would otherwise decide the fixed cost too.
   *
   * @param steps the mean global steps per synchronisation of each measurement
   * @param seconds the mean wall time per synchronisation of each measurement
   */
  static SyncCostModel fit(double[] steps, double[] seconds, int samplesPerStep) {
    if (steps.length != seconds.length || steps.length < 2) {
      throw new IllegalArgumentException("need at least two (steps, seconds) points, got " + steps.length + " and "
          + seconds.length);
    }
    double sw = 0;
    double swk = 0;
    double swkk = 0;
    double swt = 0;
    double swkt = 0;
    for (int i = 0; i < steps.length; i++) {
      double w = 1 / (seconds[i] * seconds[i]);
      sw += w;
      swk += w * steps[i];
      swkk += w * steps[i] * steps[i];
      swt += w * seconds[i];
      swkt += w * steps[i] * seconds[i];
    }
    double det = sw * swkk - swk * swk;
    if (det <= 0) {
      throw new IllegalArgumentException("the points need at least two different step counts");
    }
    return new SyncCostModel((swkk * swt - swk * swkt) / det, (sw * swkt - swk * swt) / det, samplesPerStep);
  }

  /** Samples per second with K steps per synchronisation. */
  double throughput(double k) {
    return samplesPerStep * k / (fixedSeconds + k * stepSeconds);
  }

  /** The throughput no K exceeds: all steps, no synchronisation. */
  double asymptote() {
    return stepSeconds > 0 ? samplesPerStep / stepSeconds : Double.POSITIVE_INFINITY;
  }

  /**
   * The smallest K (at least 1) whose throughput is {@code efficiency} × {@code singleNode}
   * samples/s, or empty if even the asymptote is below it.
   */
  OptionalDouble stepsFor(double efficiency, double singleNode) {
    double wanted = efficiency * singleNode;
    double margin = samplesPerStep - wanted * stepSeconds;
    if (margin <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(1, wanted * fixedSeconds / margin));
  }
}

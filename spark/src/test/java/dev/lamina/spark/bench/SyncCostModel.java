// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.util.OptionalDouble;

/**
 * The wall time of a synchronisation as a fixed cost plus a cost per local step, {@code T(K) =
 * fixedSeconds + K · stepSeconds}; from it, the throughput at any K and the K at which Spark
 * reaches a given throughput. A round of K global steps trains {@code samplesPerStep} (workers ×
 * batch) samples per step, so its throughput is {@code samplesPerStep · K / T(K)}, which tends to
 * {@code samplesPerStep / stepSeconds} as K grows: the asymptote no K passes.
 */
record SyncCostModel(double fixedSeconds, double stepSeconds, int samplesPerStep) {

  /**
   * The line through two measurements: {@code k1} and {@code k2} global steps per synchronisation
   * taking {@code seconds1} and {@code seconds2} each.
   */
  static SyncCostModel through(double k1, double seconds1, double k2, double seconds2, int samplesPerStep) {
    if (k1 == k2) {
      throw new IllegalArgumentException("a line through two points needs two step counts, got " + k1 + " twice");
    }
    double step = (seconds2 - seconds1) / (k2 - k1);
    return new SyncCostModel(seconds1 - k1 * step, step, samplesPerStep);
  }

  /** Samples per second with K steps per synchronisation. */
  double throughput(double k) {
    return samplesPerStep * k / (fixedSeconds + k * stepSeconds);
  }

  /** The throughput no K exceeds: all steps, no synchronisation (infinite for a step cost ≤ 0). */
  double asymptote() {
    return stepSeconds > 0 ? samplesPerStep / stepSeconds : Double.POSITIVE_INFINITY;
  }

  /**
   * The K (at least 1) whose throughput is {@code samplesPerSecond}, or empty if even the
   * asymptote is below it.
   */
  OptionalDouble stepsFor(double samplesPerSecond) {
    double margin = samplesPerStep - samplesPerSecond * stepSeconds;
    if (margin <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(1, samplesPerSecond * fixedSeconds / margin));
  }
}

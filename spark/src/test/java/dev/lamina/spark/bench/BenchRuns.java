// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one {@link SparkBench} run measured, for {@link SparkBenchPage}.
 *
 * @param machine the CPU, cores, Java and Spark versions
 * @param command the command line that produced it
 * @param loads the load average (1, 5, 15 minutes) when each phase began and when the run ended
 * @param minutes the run's wall time
 */
record BenchRuns(String machine, String command, boolean quick, List<Load> loads, List<SingleRun> single,
    List<ThroughputRun> throughput, List<AccuracyRun> accuracy, double minutes) {

  /** The load average at a moment of the run. */
  record Load(String when, String average) {}

  /**
   * Single-node {@code fit} with {@code threads} threads on all training images, before or after
   * the Spark runs of as many workers.
   *
   * @param samplesPerSecond the median over epochs 2..N of training samples / epoch training time
   * @param others the cores other work kept busy meanwhile ({@link CpuMeter})
   */
  record SingleRun(DenseWorkload workload, int threads, boolean afterSpark, double others, double samplesPerSecond,
      List<TrainingClock.Point> trace) {

    /** The test accuracy after its last epoch. */
    double finalAccuracy() {
      return trace.get(trace.size() - 1).accuracy();
    }
  }

  /**
   * Spark's steady state with {@code workers} workers and {@code k} steps per synchronisation.
   *
   * @param meanSteps the global steps per measured synchronisation (fewer than K when an epoch
   *     ends first)
   * @param others the cores other work kept busy over the measured synchronisations ({@link CpuMeter})
   * @param split the mean split of the measured synchronisations
   */
  record ThroughputRun(DenseWorkload workload, int workers, int k, double others, int syncs, double meanSteps,
      double seconds, double samplesPerSecond, SyncSplit split) {}

  /**
   * A full Spark training run (or as much as the time budget allowed), traced.
   *
   * @param others the cores other work kept busy meanwhile ({@link CpuMeter})
   */
  record AccuracyRun(DenseWorkload workload, int workers, int k, double others, List<TrainingClock.Point> trace,
      boolean stoppedByBudget) {

    double finalAccuracy() {
      return trace.isEmpty() ? Double.NaN : trace.get(trace.size() - 1).accuracy();
    }

    double epochs() {
      return trace.isEmpty() ? 0 : trace.get(trace.size() - 1).epochs();
    }
  }

  /** The most cores other work took during any measurement (NaN if it could not be told). */
  double maxOthers() {
    return java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.concat(
        single.stream().mapToDouble(SingleRun::others), throughput.stream().mapToDouble(ThroughputRun::others)),
        accuracy.stream().mapToDouble(AccuracyRun::others)).max().orElse(Double.NaN);
  }

  /** The first single-node run of a workload and thread count (its accuracy trace is the reference). */
  Optional<SingleRun> single(DenseWorkload w, int threads) {
    return single.stream().filter(r -> r.workload() == w && r.threads() == threads).findFirst();
  }

  /**
   * Single-node samples/s of a workload and thread count: the mean of its runs before and after
   * Spark's, so that a change of load during Spark's runs weighs on both sides; NaN if none.
   */
  double baseline(DenseWorkload w, int threads) {
    return single.stream().filter(r -> r.workload() == w && r.threads() == threads)
        .mapToDouble(SingleRun::samplesPerSecond).average().orElse(Double.NaN);
  }

  /** The first point of a trace at or above {@code accuracy}. */
  static Optional<TrainingClock.Point> reached(List<TrainingClock.Point> trace, double accuracy) {
    return trace.stream().filter(p -> p.accuracy() >= accuracy).findFirst();
  }
}

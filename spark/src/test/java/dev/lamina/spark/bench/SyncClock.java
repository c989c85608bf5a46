// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import dev.lamina.callbacks.BatchEnd;
import dev.lamina.spark.SyncEnd;
import dev.lamina.spark.SyncListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a Spark fit's steady state: the driver's {@link SyncEnd} of every synchronisation and
 * the wall time at each. The first {@code warmup} synchronisations are left out (the executors
 * load the data and compile the training code in the first); the measured period runs from the
 * end of the last warm-up synchronisation to the end of the last one, so it holds whole rounds,
 * epoch boundaries included. Training stops once at least {@code measured} synchronisations and
 * {@code minSeconds} are measured.
 */
final class SyncClock implements SyncListener {
  private final int warmup;
  private final int measured;
  private final double minSeconds;
  private final List<SyncEnd> syncs = new ArrayList<>();
  private final List<Long> times = new ArrayList<>();
  private CpuMeter.Sample cpuStart;
  private CpuMeter.Sample cpuEnd;

  SyncClock(int warmup, int measured, double minSeconds) {
    if (warmup < 1) {
      throw new IllegalArgumentException("SyncClock: warmup must be >= 1 (the period starts at a synchronisation), but"
          + " was " + warmup);
    }
    this.warmup = warmup;
    this.measured = measured;
    this.minSeconds = minSeconds;
  }

  @Override
  public void onSync(SyncEnd event) {
    syncs.add(event);
    times.add(System.nanoTime());
    if (syncs.size() == warmup) {
      cpuStart = CpuMeter.sample();
    }
  }

  @Override
  public void onBatchEnd(BatchEnd event) {
    if (syncs.size() >= warmup + measured && seconds() >= minSeconds && cpuEnd == null) {
      cpuEnd = CpuMeter.sample();
      event.stopTraining("measured");
    }
  }

  /** All synchronisations, warm-up included, in order. */
  List<SyncEnd> all() {
    return List.copyOf(syncs);
  }

  /** The index of the first measured synchronisation in {@link #all()}. */
  int firstMeasured() {
    return warmup;
  }

  /** The measured synchronisations. */
  List<SyncEnd> measuredSyncs() {
    return syncs.size() <= warmup ? List.of() : List.copyOf(syncs.subList(warmup, syncs.size()));
  }

  /** The wall time of the measured synchronisations. */
  double seconds() {
    return syncs.size() <= warmup ? 0 : (times.get(times.size() - 1) - times.get(warmup - 1)) / 1e9;
  }

  /** Samples trained per second over the measured synchronisations. */
  double samplesPerSecond() {
    long samples = measuredSyncs().stream().mapToLong(SyncEnd::samples).sum();
    return samples / seconds();
  }

  /** The cores other work kept busy over the measured synchronisations ({@link CpuMeter}). */
  double others() {
    return CpuMeter.others(cpuStart, cpuEnd, Runtime.getRuntime().availableProcessors());
  }

  /** The mean global steps per measured synchronisation. */
  double meanSteps() {
    return measuredSyncs().stream().mapToInt(SyncEnd::steps).average().orElse(Double.NaN);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Spark's throughput against K, from measurements at a few K, for finding the K at which it
 * reaches a fraction of single-node throughput. Between two measured K the time per
 * synchronisation is taken as linear in K ({@link SyncCostModel#through}: a fixed cost and a cost
 * per step, exact at both); beyond the largest, the line through the two largest continues. A
 * line fitted to all points would not do: the fixed cost itself drifts with K (the first rounds of
 * a fit run colder code, and the load changes), so one line misses every point a little and
 * extrapolates from the misses.
 *
 * @param samplesPerStep workers × batch: the samples of a global step
 * @param singleNode single-node samples/s with the same total threads
 */
record EfficiencyCurve(List<Point> points, int samplesPerStep, double singleNode) {

  /** A measurement: {@code steps} global steps per synchronisation took {@code seconds} each. */
  record Point(double steps, double seconds) {}

  /**
   * The K for an efficiency: {@code steps}, and whether it lies beyond the largest K measured (an
   * extrapolation).
   */
  record Steps(double steps, boolean extrapolated) {}

  EfficiencyCurve {
    points = new ArrayList<>(points);
    points.sort(Comparator.comparingDouble(Point::steps));
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).steps() == points.get(i - 1).steps()) {
        throw new IllegalArgumentException("two measurements at " + points.get(i).steps() + " steps per sync");
      }
    }
    if (points.size() < 2) {
      throw new IllegalArgumentException("need measurements at two step counts at least, got " + points.size());
    }
    points = List.copyOf(points);
  }

  /** The measured efficiency at point {@code i}. */
  double efficiency(int i) {
    Point p = points.get(i);
    return samplesPerStep * p.steps() / p.seconds() / singleNode;
  }

  /** The line through the two largest K: where the curve goes beyond them. */
  SyncCostModel tail() {
    return segment(points.size() - 2);
  }

  /**
   * The smallest K at which Spark reaches {@code efficiency} × single-node throughput: the first
   * measured K if it does there already, else within the first segment whose upper end reaches it,
   * else on the tail's line; empty if the tail's asymptote stays below.
   */
  Optional<Steps> stepsFor(double efficiency) {
    double wanted = efficiency * singleNode;
    if (efficiency(0) >= efficiency) {
      return Optional.of(new Steps(points.get(0).steps(), false));
    }
    for (int i = 0; i + 1 < points.size(); i++) {
      if (efficiency(i + 1) >= efficiency) {
        double k = segment(i).stepsFor(wanted).orElse(points.get(i + 1).steps());
        // The segment's line reaches it between its ends, as its ends straddle it.
        return Optional.of(new Steps(Math.min(Math.max(k, points.get(i).steps()), points.get(i + 1).steps()), false));
      }
    }
    return tail().stepsFor(wanted).stream().mapToObj(k -> new Steps(k, true)).findFirst();
  }

  private SyncCostModel segment(int i) {
    Point a = points.get(i);
    Point b = points.get(i + 1);
    return SyncCostModel.through(a.steps(), a.seconds(), b.steps(), b.seconds(), samplesPerStep);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import dev.lamina.callbacks.BatchEnd;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.EpochStart;
import dev.lamina.callbacks.TrainBegin;
import dev.lamina.callbacks.TrainEnd;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times a fit (single-node or Spark) as training time only, and traces its test accuracy: at the
 * first batch end (for Spark, synchronisation) at or after every 1/{@code pointsPerEpoch} of an
 * epoch it evaluates the model on the test set with the clock stopped, and once more at the end
 * if training stopped between those points. Each epoch's training time excludes the evaluations.
 * With a budget, it stops training once the training time passes it (Spark stops at the next
 * synchronisation).
 */
final class TrainingClock implements Callback {
  /** A point of the accuracy trace: after {@code epochs} epochs and {@code seconds} of training. */
  record Point(double epochs, double seconds, double accuracy) {}

  private final Tensor testX;
  private final Tensor testY;
  private final int threads;
  private final int pointsPerEpoch;
  private final double budgetSeconds;
  private final List<Point> points = new ArrayList<>();
  private double[] epochSeconds = new double[0];
  private int stepsPerEpoch;
  private long start;
  private long evaluating;
  private long epochStart;
  private double next;
  /** Where the last batch end was, in epochs and seconds of training. */
  private double progress;
  private double seconds;
  private boolean stoppedByBudget;

  /** {@code budgetSeconds} ≤ 0: no budget. */
  TrainingClock(Tensor testX, Tensor testY, int threads, int pointsPerEpoch, double budgetSeconds) {
    this.testX = testX;
    this.testY = testY;
    this.threads = threads;
    this.pointsPerEpoch = pointsPerEpoch;
    this.budgetSeconds = budgetSeconds;
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    stepsPerEpoch = event.stepsPerEpoch();
    epochSeconds = new double[event.epochs()];
    Arrays.fill(epochSeconds, Double.NaN);
    next = 1.0 / pointsPerEpoch;
    start = System.nanoTime();
  }

  @Override
  public void onEpochBegin(EpochStart event) {
    epochStart = trainingNanos();
  }

  @Override
  public void onBatchEnd(BatchEnd event) {
    progress = event.epoch() + (event.batch() + 1.0) / stepsPerEpoch;
    seconds = trainingNanos() / 1e9;
    if (progress >= next - 1e-9) {
      evaluate(event.model());
      next = (Math.floor(progress * pointsPerEpoch + 1e-9) + 1) / pointsPerEpoch;
    }
    if (budgetSeconds > 0 && trainingNanos() / 1e9 > budgetSeconds && !stoppedByBudget) {
      stoppedByBudget = true;
      event.stopTraining("the benchmark's time budget of " + budgetSeconds + " s");
    }
  }

  @Override
  public void onTrainEnd(TrainEnd event) {
    if (progress > 0 && (points.isEmpty() || points.get(points.size() - 1).epochs() < progress)) {
      evaluate(event.model());
    }
  }

  private void evaluate(Model model) {
    long t = System.nanoTime();
    points.add(new Point(progress, seconds, accuracy(model, testX, testY, threads)));
    evaluating += System.nanoTime() - t;
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    epochSeconds[event.epoch()] = (trainingNanos() - epochStart) / 1e9;
  }

  private long trainingNanos() {
    return System.nanoTime() - start - evaluating;
  }

  /** The accuracy trace, in training order. */
  List<Point> points() {
    return List.copyOf(points);
  }

  /** Each epoch's training time (NaN for epochs not run). */
  double[] epochSeconds() {
    return epochSeconds.clone();
  }

  boolean stoppedByBudget() {
    return stoppedByBudget;
  }

  /** The fraction of samples whose largest output (logit) is the label. */
  static double accuracy(Model model, Tensor x, Tensor y, int threads) {
    Tensor outputs = model.predict(x, 500, threads);
    int classes = outputs.dim(1);
    float[] p = outputs.data();
    float[] labels = y.data();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (p[i * classes + c] > p[i * classes + best]) {
          best = c;
        }
      }
      correct += best == (int) labels[i] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }
}

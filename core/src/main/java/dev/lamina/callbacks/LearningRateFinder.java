// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.layers.Parameter;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.schedules.LearningRateSchedule;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith, 2017, https://arxiv.org/abs/1506.01186; fastai's
 * {@code lr_find}): trains for up to {@code steps} batches while the rate grows exponentially from
 * minLearningRate to maxLearningRate, {@code lr_k = min · (max/min)^(k/(steps − 1))}, and records
 * each batch's loss and its smoothed value (an exponential moving average with factor
 * {@code smoothing}, bias-corrected). It stops early when the loss is not finite or the smoothed
 * loss exceeds {@code divergence} times its minimum. Afterwards the weights (all parameters,
 * moving statistics included), the optimizer's slots, step count and learning-rate schedule are
 * put back as they were, so the model can then be trained as if nothing happened.
 *
 * <p>Defaults (fastai): rates 1e-7 to 10, 100 steps, smoothing 0.98, divergence 4; batch size 32.
 * The suggestion is the rate of steepest descent ({@link LearningRateCurve#suggestion()}).
 *
 * <pre>{@code
 * LearningRateCurve curve = LearningRateFinder.builder().steps(200).build().find(model, x, y);
 * model.optimizer().setLearningRate(curve.suggestion());
 * }</pre>
 */
public final class LearningRateFinder {
  private final double minLearningRate;
  private final double maxLearningRate;
  private final int steps;
  private final double smoothing;
  private final double divergence;
  private final int batchSize;

  private LearningRateFinder(Builder b) {
    if (!(b.minLearningRate < b.maxLearningRate)) {
      throw new IllegalArgumentException("LearningRateFinder: minLearningRate must be < maxLearningRate, but they were "
          + b.minLearningRate + " and " + b.maxLearningRate);
    }
    this.minLearningRate = b.minLearningRate;
    this.maxLearningRate = b.maxLearningRate;
    this.steps = b.steps;
    this.smoothing = b.smoothing;
    this.divergence = b.divergence;
    this.batchSize = b.batchSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the test on a compiled model and restores it.
   *
   * @throws IllegalStateException if the model is not compiled, or fewer than 3 steps had a finite loss
   */
  public LearningRateCurve find(Model model, Tensor x, Tensor y) {
    Optimizer optimizer = model.optimizer();
    List<Tensor> weights = model.getWeights();
    Map<String, Double> scalars = optimizer.scalarState();
    LearningRateSchedule schedule = optimizer.learningRate();
    Map<Parameter, Map<String, float[]>> slots = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      Map<String, float[]> copy = new LinkedHashMap<>();
      optimizer.slots(p).all().forEach((name, v) -> copy.put(name, v.clone()));
      slots.put(p, copy);
    }
    Recorder recorder = new Recorder();
    int stepsPerEpoch = Math.max(1, (x.samples() + batchSize - 1) / batchSize);
    try {
      model.fit(x, y, FitOptions.defaults().epochs((steps + stepsPerEpoch - 1) / stepsPerEpoch).batchSize(batchSize)
          .verbose(false).callbacks(recorder));
    } finally {
      model.setWeights(weights);
      optimizer.setScalarState(scalars);
      slots.forEach(optimizer::setSlots);
      optimizer.setLearningRate(schedule);
    }
    return recorder.curve();
  }

  /** Sets the growing rate at the start, and records each batch. */
  private final class Recorder implements Callback {
    private final List<Double> rates = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private final List<Double> smoothed = new ArrayList<>();
    private double average;
    private double best = Double.POSITIVE_INFINITY;

    @Override
    public void onTrainBegin(TrainBegin event) {
      long start = event.model().optimizer().iterations();
      double ratio = maxLearningRate / minLearningRate;
      event.model().optimizer().setLearningRate(step -> minLearningRate * Math.pow(ratio, (double) (step - start) / (steps - 1)));
    }

    @Override
    public void onBatchEnd(BatchEnd event) {
      int k = losses.size();
      double loss = event.loss();
      // the rate of this batch: the schedule one step back, as the optimizer has counted the update
      Optimizer optimizer = event.model().optimizer();
      rates.add(optimizer.learningRate().at(optimizer.iterations() - 1));
      losses.add(loss);
      average = smoothing * average + (1 - smoothing) * loss;
      double s = average / (1 - Math.pow(smoothing, k + 1));
      smoothed.add(s);
      best = Math.min(best, s);
      if (!Double.isFinite(loss) || s > divergence * best) {
        event.stopTraining("LearningRateFinder: the loss diverged at rate " + rates.get(k));
      } else if (k + 1 == steps) {
        event.stopTraining("LearningRateFinder: done");
      }
    }

    LearningRateCurve curve() {
      int n = 0;
      while (n < losses.size() && Double.isFinite(smoothed.get(n))) {
        n++;
      }
      if (n < 3) {
        throw new IllegalStateException("LearningRateFinder: needs at least 3 steps with a finite loss, but had " + n
            + "; lower minLearningRate or give more data");
      }
      List<Double> r = rates.subList(0, n);
      List<Double> s = smoothed.subList(0, n);
      return new LearningRateCurve(rates, losses, smoothed, LearningRateCurve.steepest(r, s));
    }
  }

  /** Configures a {@link LearningRateFinder}; each method validates and returns this builder. */
  public static final class Builder {
    private double minLearningRate = 1e-7;
    private double maxLearningRate = 10;
    private int steps = 100;
    private double smoothing = 0.98;
    private double divergence = 4;
    private int batchSize = FitOptions.DEFAULT_BATCH_SIZE;

    private Builder() {}

    /** The first rate, > 0; default 1e-7 (fastai). */
    public Builder minLearningRate(double minLearningRate) {
      this.minLearningRate = positive("minLearningRate", minLearningRate);
      return this;
    }

    /** The last rate, > minLearningRate; default 10 (fastai). */
    public Builder maxLearningRate(double maxLearningRate) {
      this.maxLearningRate = positive("maxLearningRate", maxLearningRate);
      return this;
    }

    /** The number of batches, ≥ 3; default 100 (fastai). */
    public Builder steps(int steps) {
      if (steps < 3) {
        throw new IllegalArgumentException("LearningRateFinder: steps must be >= 3, but was " + steps);
      }
      this.steps = steps;
      return this;
    }

    /** The moving-average factor of the smoothed loss, in [0, 1); default 0.98 (fastai). */
    public Builder smoothing(double smoothing) {
      if (!(smoothing >= 0 && smoothing < 1)) {
        throw new IllegalArgumentException("LearningRateFinder: smoothing must be in [0, 1), but was " + smoothing);
      }
      this.smoothing = smoothing;
      return this;
    }

    /** Stop when the smoothed loss exceeds this multiple of its minimum, > 1; default 4 (fastai). */
    public Builder divergence(double divergence) {
      if (!(divergence > 1 && divergence < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("LearningRateFinder: divergence must be finite and > 1, but was " + divergence);
      }
      this.divergence = divergence;
      return this;
    }

    /** Samples per batch, > 0; default 32. */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("LearningRateFinder: batchSize must be > 0, but was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    private static double positive(String name, double value) {
      if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("LearningRateFinder: " + name + " must be finite and > 0, but was " + value);
      }
      return value;
    }

    public LearningRateFinder build() {
      return new LearningRateFinder(this);
    }
  }
}

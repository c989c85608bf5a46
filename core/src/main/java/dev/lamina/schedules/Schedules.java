// SPDX-License-Identifier: Apache-2.0

package dev.lamina.schedules;

import java.util.Arrays;

/**
 * Learning-rate schedules, each a pure function of the optimizer step (0 before the first
 * update). Pass one where an optimizer takes a learning rate:
 * {@code Optimizers.sgd().learningRate(Schedules.exponential(0.01, 20_000))}.
 */
public final class Schedules {
  private Schedules() {}

  /**
   * The same rate at every step.
   *
   * @throws IllegalArgumentException if the rate is not finite and ≥ 0
   */
  public static LearningRateSchedule constant(double learningRate) {
    return new ConstantRate(learningRate);
  }

  /**
   * Power scheduling (Géron, ch. 11): η(t) = η0 / (1 + t/s)^c. With c = 1 this is Keras'
   * {@code InverseTimeDecay(η0, decay_steps = s, decay_rate = 1)}.
   */
  public static LearningRateSchedule power(double initialLearningRate, double steps, double power) {
    Checks.rate("power", initialLearningRate);
    Checks.positive("power", "steps", steps);
    Checks.nonNegative("power", "power", power);
    return step -> initialLearningRate / Math.pow(1 + step / steps, power);
  }

  /** Exponential scheduling (Géron, ch. 11): η(t) = η0 · 0.1^(t/s), a tenfold drop every s steps. */
  public static LearningRateSchedule exponential(double initialLearningRate, double steps) {
    return exponentialDecay(initialLearningRate, steps, 0.1, false);
  }

  /**
   * Keras' {@code ExponentialDecay}: η(t) = η0 · rate^(t / decaySteps), with the exponent floored
   * when {@code staircase} is true (a drop every decaySteps steps).
   */
  public static LearningRateSchedule exponentialDecay(double initialLearningRate, double decaySteps, double decayRate,
      boolean staircase) {
    Checks.rate("exponentialDecay", initialLearningRate);
    Checks.positive("exponentialDecay", "decaySteps", decaySteps);
    Checks.positive("exponentialDecay", "decayRate", decayRate);
    return step -> {
      double p = step / decaySteps;
      return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(p) : p);
    };
  }

  /**
   * Keras' {@code PiecewiseConstantDecay}: values[0] while step ≤ boundaries[0], values[i] while
   * boundaries[i−1] &lt; step ≤ boundaries[i], and the last value after the last boundary.
   *
   * @throws IllegalArgumentException unless there is one more value than boundaries and the
   *     boundaries increase
   */
  public static LearningRateSchedule piecewiseConstant(long[] boundaries, double[] values) {
    if (values.length != boundaries.length + 1) {
      throw new IllegalArgumentException("piecewiseConstant: needs one more value than boundaries, but got "
          + values.length + " values for " + boundaries.length + " boundaries");
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException("piecewiseConstant: boundaries must increase, but were "
            + Arrays.toString(boundaries));
      }
    }
    Arrays.stream(values).forEach(v -> Checks.rate("piecewiseConstant", v));
    long[] b = boundaries.clone();
    double[] v = values.clone();
    return step -> {
      int i = 0;
      while (i < b.length && step > b[i]) {
        i++;
      }
      return v[i];
    };
  }

  /**
   * Keras' {@code CosineDecay} without warm-up: η(t) = η0 · ((1 − α)·½(1 + cos(π·min(t, T)/T)) + α),
   * falling from η0 to α·η0 over T = decaySteps steps.
   */
  public static LearningRateSchedule cosineDecay(double initialLearningRate, long decaySteps, double alpha) {
    return cosineDecay(initialLearningRate, decaySteps, alpha, 0, initialLearningRate);
  }

  /**
   * Keras' {@code CosineDecay} with linear warm-up: from η0 to {@code warmupTarget} over
   * {@code warmupSteps} steps, then the cosine decay from warmupTarget over {@code decaySteps}.
   */
  public static LearningRateSchedule cosineDecay(double initialLearningRate, long decaySteps, double alpha,
      long warmupSteps, double warmupTarget) {
    Checks.rate("cosineDecay", initialLearningRate);
    Checks.rate("cosineDecay", warmupTarget);
    Checks.positive("cosineDecay", "decaySteps", decaySteps);
    Checks.nonNegative("cosineDecay", "warmupSteps", warmupSteps);
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("cosineDecay: alpha must be in [0, 1], but was " + alpha);
    }
    return step -> {
      if (step < warmupSteps) {
        return initialLearningRate + (warmupTarget - initialLearningRate) * step / warmupSteps;
      }
      double t = Math.min(step - warmupSteps, decaySteps);
      double cosine = 0.5 * (1 + Math.cos(Math.PI * t / decaySteps));
      return warmupTarget * ((1 - alpha) * cosine + alpha);
    };
  }

  /**
   * 1cycle (Smith, 2018, https://arxiv.org/abs/1803.09820) with PyTorch's {@code OneCycleLR}
   * defaults: see {@link OneCycle}. Keras has no 1cycle schedule.
   */
  public static OneCycle oneCycle(double maxLearningRate, long totalSteps) {
    return OneCycle.of(maxLearningRate, totalSteps);
  }

  /** A constant learning rate; a record, so it prints its value. */
  public record ConstantRate(double learningRate) implements LearningRateSchedule {
    public ConstantRate {
      Checks.rate("constant", learningRate);
    }

    @Override
    public double at(long step) {
      return learningRate;
    }
  }

  /** Argument checks with messages that name the schedule, the rule and the value. */
  static final class Checks {
    private Checks() {}

    static void rate(String schedule, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            (schedule.equals("constant") ? "" : schedule + ": ") + "learningRate must be finite and >= 0, but was " + value);
      }
    }

    static void positive(String schedule, String name, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(schedule + ": " + name + " must be finite and > 0, but was " + value);
      }
    }

    static void nonNegative(String schedule, String name, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(schedule + ": " + name + " must be finite and >= 0, but was " + value);
      }
    }
  }
}

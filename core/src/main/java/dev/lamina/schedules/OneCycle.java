// SPDX-License-Identifier: Apache-2.0

package dev.lamina.schedules;

/**
 * The 1cycle policy (Smith, 2018, https://arxiv.org/abs/1803.09820), as PyTorch's
 * {@code OneCycleLR} with two phases: over the first {@code pctStart} of the steps the learning
 * rate rises from maxLearningRate/divFactor to maxLearningRate while momentum falls from
 * maxMomentum to baseMomentum; then the rate falls to initial/finalDivFactor while momentum rises
 * back. Each phase follows a cosine ({@link Anneal#COSINE}, PyTorch's default) or a straight line
 * ({@link Anneal#LINEAR}, as in Géron's chapter 11).
 *
 * <p>Defaults as PyTorch: pctStart 0.3, divFactor 25, finalDivFactor 1e4, momentum 0.85 to 0.95.
 * Use {@link #momentumAt} for the optimizer's momentum (SGD's momentum or Adam's beta1).
 */
public record OneCycle(double maxLearningRate, long totalSteps, double pctStart, Anneal anneal, double divFactor,
    double finalDivFactor, double baseMomentum, double maxMomentum) implements LearningRateSchedule {
  /** 0.3, PyTorch's {@code pct_start}. */
  public static final double DEFAULT_PCT_START = 0.3;
  /** 25, PyTorch's {@code div_factor}. */
  public static final double DEFAULT_DIV_FACTOR = 25;
  /** 1e4, PyTorch's {@code final_div_factor}. */
  public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;
  /** 0.85, PyTorch's {@code base_momentum}. */
  public static final double DEFAULT_BASE_MOMENTUM = 0.85;
  /** 0.95, PyTorch's {@code max_momentum}. */
  public static final double DEFAULT_MAX_MOMENTUM = 0.95;

  /** How each phase interpolates. */
  public enum Anneal { COSINE, LINEAR }

  public OneCycle {
    Schedules.Checks.positive("oneCycle", "maxLearningRate", maxLearningRate);
    if (totalSteps < 2) {
      throw new IllegalArgumentException("oneCycle: totalSteps must be >= 2, but was " + totalSteps);
    }
    if (!(pctStart > 0 && pctStart < 1)) {
      throw new IllegalArgumentException("oneCycle: pctStart must be in (0, 1), but was " + pctStart);
    }
    if (pctStart * totalSteps == 1) {
      // Phase one would end at step 0, where it starts: 0/0 (PyTorch's OneCycleLR divides by zero too).
      throw new IllegalArgumentException("oneCycle: pctStart · totalSteps must not be 1 (the warm-up would end at step"
          + " 0, where it starts), but pctStart was " + pctStart + " and totalSteps " + totalSteps);
    }
    Schedules.Checks.positive("oneCycle", "divFactor", divFactor);
    Schedules.Checks.positive("oneCycle", "finalDivFactor", finalDivFactor);
    if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && maxMomentum <= 1)) {
      throw new IllegalArgumentException("oneCycle: momenta must satisfy 0 <= baseMomentum <= maxMomentum <= 1, but were "
          + baseMomentum + " and " + maxMomentum);
    }
  }

  /** PyTorch's defaults. */
  public static OneCycle of(double maxLearningRate, long totalSteps) {
    return new OneCycle(maxLearningRate, totalSteps, DEFAULT_PCT_START, Anneal.COSINE, DEFAULT_DIV_FACTOR,
        DEFAULT_FINAL_DIV_FACTOR, DEFAULT_BASE_MOMENTUM, DEFAULT_MAX_MOMENTUM);
  }

  public OneCycle pctStart(double pctStart) {
    return new OneCycle(maxLearningRate, totalSteps, pctStart, anneal, divFactor, finalDivFactor, baseMomentum, maxMomentum);
  }

  public OneCycle anneal(Anneal anneal) {
    return new OneCycle(maxLearningRate, totalSteps, pctStart, anneal, divFactor, finalDivFactor, baseMomentum, maxMomentum);
  }

  public OneCycle divFactor(double divFactor) {
    return new OneCycle(maxLearningRate, totalSteps, pctStart, anneal, divFactor, finalDivFactor, baseMomentum, maxMomentum);
  }

  public OneCycle finalDivFactor(double finalDivFactor) {
    return new OneCycle(maxLearningRate, totalSteps, pctStart, anneal, divFactor, finalDivFactor, baseMomentum, maxMomentum);
  }

  public OneCycle momentum(double baseMomentum, double maxMomentum) {
    return new OneCycle(maxLearningRate, totalSteps, pctStart, anneal, divFactor, finalDivFactor, baseMomentum, maxMomentum);
  }

  /** The learning rate before update {@code step} (0-based); constant after the last step. */
  @Override
  public double at(long step) {
    double initial = maxLearningRate / divFactor;
    return interpolate(step, initial, maxLearningRate, initial / finalDivFactor);
  }

  /** The momentum before update {@code step}: high when the learning rate is low, and vice versa. */
  public double momentumAt(long step) {
    return interpolate(step, maxMomentum, baseMomentum, maxMomentum);
  }

  /** From {@code start} to {@code peak} in phase one, then to {@code end}, as PyTorch's step boundaries. */
  private double interpolate(long step, double start, double peak, double end) {
    double phaseEnd = pctStart * totalSteps - 1;
    double last = totalSteps - 1;
    double t = Math.min(step, last);
    return t <= phaseEnd
        ? anneal(start, peak, t / phaseEnd)
        : anneal(peak, end, (t - phaseEnd) / (last - phaseEnd));
  }

  private double anneal(double from, double to, double fraction) {
    return anneal == Anneal.COSINE
        ? to + (from - to) / 2 * (Math.cos(Math.PI * fraction) + 1)
        : from + (to - from) * fraction;
  }
}

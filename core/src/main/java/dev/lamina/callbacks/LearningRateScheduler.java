// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.optimizers.Optimizer;
import java.util.Objects;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a function of the epoch
 * index and the current rate, as Keras' {@code LearningRateScheduler}. The epoch index counts
 * from the first epoch ever, so training resumed with {@code FitOptions.initialEpoch(k)} continues
 * the schedule. The rate replaces any schedule the optimizer was built with
 * ({@link Optimizer#setLearningRate(double)}); for per-step schedules build the optimizer with a
 * {@code LearningRateSchedule} instead.
 *
 * <p>At each epoch end it adds the optimizer's learning rate to the logs as
 * {@code "learning_rate"} (Keras 3 {@code logs["learning_rate"]}), so the {@code History} and the
 * callbacks after it, such as {@link CSVLogger}, record it.
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {
  private final Schedule schedule;

  /** A rule for the learning rate of an epoch. */
  @FunctionalInterface
  public interface Schedule {
    /** The rate for epoch {@code epoch} (0-based), given the current rate; finite and ≥ 0. */
    double at(int epoch, double learningRate);
  }

  public LearningRateScheduler(Schedule schedule) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
  }

  /**
   * @throws IllegalArgumentException if the schedule returns a rate that is not finite and ≥ 0
   */
  @Override
  public void onEpochBegin(EpochStart event) {
    Optimizer optimizer = event.optimizer();
    double lr = schedule.at(event.epoch(), optimizer.currentLearningRate());
    if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("LearningRateScheduler: the schedule must return a finite rate >= 0, but gave "
          + lr + " at epoch " + event.epoch());
    }
    optimizer.setLearningRate(lr);
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    event.log("learning_rate", event.optimizer().currentLearningRate());
  }
}

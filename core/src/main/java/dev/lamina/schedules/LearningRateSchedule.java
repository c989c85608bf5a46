// SPDX-License-Identifier: Apache-2.0

package dev.lamina.schedules;

/**
 * A learning rate as a pure function of the optimizer step (0 for the first update), as Keras'
 * {@code LearningRateSchedule.__call__(step)}. A lambda is a schedule:
 * {@code step -> 0.01 / (1 + step / 10_000.0)}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate for the update that follows {@code step} earlier updates. */
  double at(long step);
}

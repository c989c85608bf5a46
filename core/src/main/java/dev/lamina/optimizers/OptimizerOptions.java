package dev.lamina.optimizers;

import dev.lamina.schedules.LearningRateSchedule;
import dev.lamina.schedules.Schedules;
import java.util.Objects;

/** The settings every optimizer builder shares, held by each builder. */
final class OptimizerOptions {
  LearningRateSchedule learningRate;
  Clipping clipping = Clipping.NONE;

  OptimizerOptions(double defaultLearningRate) {
    learningRate = Schedules.constant(defaultLearningRate);
  }

  void learningRate(double rate) {
    learningRate = Schedules.constant(rate);
  }

  void learningRate(LearningRateSchedule schedule) {
    learningRate = Objects.requireNonNull(schedule, "learningRate");
  }

  void clipping(Clipping.Kind kind, double threshold) {
    clipping = new Clipping(kind, threshold);
  }
}

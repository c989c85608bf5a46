package dev.lamina.schedules;

/** Learning-rate schedules. */
public final class Schedules {
  private Schedules() {}

  /**
   * The same rate at every step.
   *
   * @throws IllegalArgumentException if the rate is not finite and ≥ 0
   */
  public static LearningRateSchedule constant(double learningRate) {
    return new Constant(learningRate);
  }

  /** A constant learning rate; a record, so it prints its value. */
  public record Constant(double learningRate) implements LearningRateSchedule {
    public Constant {
      if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be finite and >= 0, but was " + learningRate);
      }
    }

    @Override
    public double at(long step) {
      return learningRate;
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import dev.lamina.schedules.LearningRateSchedule;
import dev.lamina.schedules.Schedules;
import java.util.Objects;

/**
 * The options every builder shares, written once (their documentation is {@link OptimizerBuilder}'s). Each optimizer's public, final builder extends
 * this class with its own type as {@code B}, so the inherited methods return that builder; the
 * self-typed generic stays package-private.
 *
 * @param <B> the concrete builder
 */
abstract class OptimizerOptions<B extends OptimizerOptions<B>> {
  final String optimizer;
  LearningRateSchedule learningRate;
  Clipping clipping = Clipping.NONE;
  double weightDecay;
  Convention convention = Convention.KERAS;
  int gradientAccumulationSteps = 1;

  OptimizerOptions(String optimizer, double defaultLearningRate) {
    this.optimizer = optimizer;
    this.learningRate = Schedules.constant(defaultLearningRate);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Throws "{@code Adam: beta1 must be in [0, 1), but was 1.5}" unless {@code ok}. */
  final <T> T check(boolean ok, String name, String constraint, T value) {
    if (!ok) {
      throw new IllegalArgumentException(optimizer + ": " + name + " must be " + constraint + ", but was " + value);
    }
    return value;
  }

  /** Checks that a value is finite and ≥ 0. */
  final double nonNegative(String name, double value) {
    return check(value >= 0 && value < Double.POSITIVE_INFINITY, name, "finite and >= 0", value);
  }

  /** Checks that a value is finite and > 0. */
  final double positive(String name, double value) {
    return check(value > 0 && value < Double.POSITIVE_INFINITY, name, "finite and > 0", value);
  }

  /** Checks that a value is in [0, 1). */
  final double fraction(String name, double value) {
    return check(value >= 0 && value < 1, name, "in [0, 1)", value);
  }

  public final B learningRate(double learningRate) {
    this.learningRate = Schedules.constant(nonNegative("learningRate", learningRate));
    return self();
  }

  public final B learningRate(LearningRateSchedule schedule) {
    this.learningRate = Objects.requireNonNull(schedule, "learningRate");
    return self();
  }

  public final B clipValue(double c) {
    clipping = new Clipping(Clipping.Kind.VALUE, positive("clipValue", c));
    return self();
  }

  public final B clipNorm(double c) {
    clipping = new Clipping(Clipping.Kind.NORM, positive("clipNorm", c));
    return self();
  }

  public final B globalClipNorm(double c) {
    clipping = new Clipping(Clipping.Kind.GLOBAL_NORM, positive("globalClipNorm", c));
    return self();
  }

  public final B weightDecay(double weightDecay) {
    this.weightDecay = nonNegative("weightDecay", weightDecay);
    return self();
  }

  public final B convention(Convention convention) {
    this.convention = Objects.requireNonNull(convention, "convention");
    return self();
  }

  public final B gradientAccumulationSteps(int k) {
    check(k >= 2, "gradientAccumulationSteps", ">= 2", k);
    this.gradientAccumulationSteps = k;
    return self();
  }
}

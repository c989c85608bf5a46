// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import dev.lamina.schedules.LearningRateSchedule;

/**
 * The options every optimizer builder has. Each optimizer's own builder ({@code Adam.Builder}, …)
 * returns its own type from these methods, so calls chain with the optimizer's hyperparameters:
 * {@code Optimizers.adam().beta1(0.8).learningRate(1e-3).clipNorm(1).build()}. Use this type to
 * configure any optimizer alike. Each method validates its argument and returns this builder.
 */
public interface OptimizerBuilder {

  /**
   * A constant learning rate.
   *
   * @throws IllegalArgumentException if it is not finite and ≥ 0
   */
  OptimizerBuilder learningRate(double learningRate);

  /** A learning rate evaluated at the number of updates applied before each update. */
  OptimizerBuilder learningRate(LearningRateSchedule schedule);

  /** Clamps each gradient element to [−c, c] (Keras {@code clipvalue}); see {@link Clipping}. */
  OptimizerBuilder clipValue(double c);

  /** Rescales each gradient tensor to norm ≤ c (Keras {@code clipnorm}); see {@link Clipping}. */
  OptimizerBuilder clipNorm(double c);

  /** Rescales all gradients together to global norm ≤ c (Keras {@code global_clipnorm}). */
  OptimizerBuilder globalClipNorm(double c);

  /**
   * Decoupled weight decay: before each update every trainable weight shrinks as
   * {@code w ← w − w·weightDecay·lr} (Keras {@code _apply_weight_decay}; PyTorch AdamW's
   * {@code w ← w·(1 − lr·weightDecay)}), biases included. Default 0 (AdamW: 0.004).
   *
   * @throws IllegalArgumentException if it is not finite and ≥ 0
   */
  OptimizerBuilder weightDecay(double weightDecay);

  /** Whose update rules to follow where Keras and PyTorch differ; default {@link Convention#KERAS}. */
  OptimizerBuilder convention(Convention convention);

  /**
   * Accumulates the gradients of {@code k} calls and updates with their mean on every k-th call,
   * as Keras' {@code gradient_accumulation_steps}. Clipping and weight decay apply to that update.
   * The step count and with it the learning-rate schedule advance on every call, as in Keras 3;
   * with {@link Convention#PYTORCH} once per update, as in a PyTorch accumulation loop (see
   * {@link Optimizer#iterations()}).
   *
   * @throws IllegalArgumentException if k &lt; 2
   */
  OptimizerBuilder gradientAccumulationSteps(int k);

  /** A new optimizer with these settings and fresh state. */
  Optimizer build();
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

/**
 * The optimizers, each a builder with Keras 3 defaults:
 * {@code Optimizers.adam().learningRate(1e-3).clipNorm(1).build()}. The options every builder has
 * are those of {@link OptimizerBuilder}.
 */
public final class Optimizers {
  private Optimizers() {}

  /** Plain, momentum or Nesterov SGD; Keras defaults lr 0.01, momentum 0. */
  public static SGD.Builder sgd() {
    return SGD.builder();
  }

  /** Adagrad; Keras defaults lr 0.001, initial accumulator 0.1, ε 1e-7. */
  public static Adagrad.Builder adagrad() {
    return Adagrad.builder();
  }

  /** RMSprop; Keras defaults lr 0.001, ρ 0.9, momentum 0, ε 1e-7, not centered. */
  public static RMSprop.Builder rmsprop() {
    return RMSprop.builder();
  }

  /** Adam; Keras defaults lr 0.001, β1 0.9, β2 0.999, ε 1e-7. */
  public static Adam.Builder adam() {
    return Adam.builder();
  }

  /** Adam with decoupled weight decay; Keras defaults as Adam plus weight decay 0.004. */
  public static Adam.Builder adamW() {
    return AdamW.builder();
  }

  /** Adamax; Keras defaults lr 0.001, β1 0.9, β2 0.999, ε 1e-7. */
  public static Adamax.Builder adamax() {
    return Adamax.builder();
  }

  /** Nadam; Keras defaults lr 0.001, β1 0.9, β2 0.999, ε 1e-7. */
  public static Nadam.Builder nadam() {
    return Nadam.builder();
  }
}

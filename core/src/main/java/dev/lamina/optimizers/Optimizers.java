package dev.lamina.optimizers;

/**
 * The optimizers, each a builder with Keras defaults:
 * {@code Optimizers.sgd().learningRate(0.01).momentum(0.9).nesterov(true).build()}.
 */
public final class Optimizers {
  private Optimizers() {}

  /** Plain, momentum or Nesterov SGD; Keras defaults lr 0.01, momentum 0. */
  public static SGD.Builder sgd() {
    return SGD.builder();
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

/**
 * AdamW: {@link Adam} with decoupled weight decay, a preset that fixes only the weight decay's
 * default. Before each Adam update every trainable weight shrinks:
 *
 * <pre>
 * Keras:    w ← w − w·weightDecay·lr          PyTorch: w ← w·(1 − lr·weightDecay)   (the same)
 * then the Adam update with the gradient computed before the decay (ε placement per Convention)
 * </pre>
 *
 * <p>Paper: Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019,
 * https://arxiv.org/abs/1711.05101
 *
 * <p>Defaults (Keras 3 {@code keras/src/optimizers/adamw.py}): weight decay 0.004, the rest as
 * {@link Adam} (learning rate 0.001, β1 0.9, β2 0.999, ε 1e-7). Example:
 * {@code Optimizers.adamW().learningRate(1e-3).weightDecay(0.01).build()}.
 */
public final class AdamW {
  /** 0.004, as Keras 3 {@code AdamW(weight_decay=0.004)} (PyTorch: 0.01). */
  public static final double DEFAULT_WEIGHT_DECAY = 0.004;

  private AdamW() {}

  /** An {@link Adam} builder with weight decay 0.004. */
  public static Adam.Builder builder() {
    return Adam.builder().weightDecay(DEFAULT_WEIGHT_DECAY);
  }
}

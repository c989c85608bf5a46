// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

/**
 * Whose update rules an optimizer follows where Keras 3 and PyTorch differ. Both give the same
 * results for the same hyperparameters except in these places:
 *
 * <ul>
 *   <li>epsilon placement: Adam/AdamW (Keras adds ε to the uncorrected √v, PyTorch to the
 *       bias-corrected √v̂), RMSprop and Adagrad (Keras √(v + ε), PyTorch √v + ε), Adamax (Keras
 *       divides by u + ε, PyTorch puts ε inside the max: u = max(β2·u, |g| + ε));
 *   <li>momentum buffers under a changing learning rate: SGD (Keras m ← μ·m − lr·g; w ← w + m,
 *       PyTorch b ← μ·b + g; w ← w − lr·b) and RMSprop (Keras keeps lr inside the buffer, PyTorch
 *       outside); identical while the learning rate is constant;
 *   <li>two defaults that are part of the rule: Nadam's momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ))
 *       with ψ = 1 in Keras (no decay factor) and ψ = {@code momentum_decay} = 0.004 in PyTorch, and
 *       Adagrad's initial accumulator (Keras 0.1, PyTorch 0). An explicitly set value wins;
 *   <li>the step count under gradient accumulation: Keras counts every call, PyTorch (which has
 *       no built-in accumulation: the loop calls {@code step()} once per k batches) only the
 *       updates. This moves the learning-rate schedule and the bias corrections.
 * </ul>
 *
 * Learning rates, epsilons and the other defaults stay Keras' under either convention. Weight decay
 * is decoupled under both (Keras' {@code weight_decay}, PyTorch's AdamW); PyTorch's L2-style
 * {@code weight_decay} of SGD, Adam, RMSprop and Adagrad is not offered.
 */
public enum Convention {
  /** Keras 3 ({@code keras/src/optimizers/*.py}): the default. */
  KERAS,
  /** PyTorch ({@code torch.optim}). */
  PYTORCH
}

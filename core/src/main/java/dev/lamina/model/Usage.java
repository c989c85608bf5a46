// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Who is using a model: any number of inference calls at once (predict, evaluate, predictors: each
 * has buffers of its own and only reads the weights), or one training run, never both. Inference
 * on another thread while the model trains, or training while inference runs, is refused with an
 * {@link IllegalStateException} rather than answered with numbers computed from half-updated
 * weights. The training thread itself may run inference (a callback that predicts).
 */
final class Usage {
  /** ≥ 0: inference calls running; −1: training. */
  private final AtomicInteger state = new AtomicInteger();
  private volatile @Nullable Thread trainer;

  /** Starts an inference call. @return whether {@link #endInference} must be called */
  boolean beginInference() {
    while (true) {
      int s = state.get();
      if (s < 0) {
        if (Thread.currentThread() == trainer) {
          return false;
        }
        throw new IllegalStateException("Model: the model is training on another thread; predict with a copy() of it, "
            + "or after fit returns");
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  void endInference() {
    state.decrementAndGet();
  }

  /** Starts training. */
  void beginTraining() {
    if (Thread.currentThread() == trainer) {
      throw new IllegalStateException("Model: fit was called while this model is training (from a callback?)");
    }
    if (!state.compareAndSet(0, -1)) {
      int s = state.get();
      throw new IllegalStateException(s < 0
          ? "Model: the model is already training on another thread"
          : "Model: " + s + " inference call(s) are using the model; train a copy() of it, or wait for them to end");
    }
    trainer = Thread.currentThread();
  }

  void endTraining() {
    trainer = null;
    state.set(0);
  }
}

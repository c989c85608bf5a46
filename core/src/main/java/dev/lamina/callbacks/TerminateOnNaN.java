// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

/**
 * Stops training as soon as a batch's loss is NaN or infinite, as Keras' {@code TerminateOnNaN}.
 * The reason, in {@code History.stopReason()}, names the epoch and batch (both 1-based) and the
 * loss: {@code "TerminateOnNaN: invalid loss NaN at epoch 3, batch 17"}.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(10).callbacks(new TerminateOnNaN()));
 * }</pre>
 */
public final class TerminateOnNaN implements Callback {

  @Override
  public void onBatchEnd(BatchEnd event) {
    double loss = event.loss();
    if (!Double.isFinite(loss)) {
      event.stopTraining("TerminateOnNaN: invalid loss " + loss + " at epoch " + (event.epoch() + 1) + ", batch "
          + (event.batch() + 1));
    }
  }
}

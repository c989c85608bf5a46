package dev.lamina.callbacks;

import dev.lamina.model.Sequential;

/**
 * The end of a batch, after the optimizer's update. One object per fit, updated in place, so
 * that the per-batch hooks allocate nothing: read it during the call, don't keep it.
 */
public interface BatchEnd {

  /** The 0-based epoch index. */
  int epoch();

  /** The 0-based batch index within the epoch. */
  int batch();

  /**
   * This batch's training loss, penalties included, computed before the update (Keras reports the
   * running mean over the epoch instead).
   */
  double loss();

  /** The model being trained. */
  Sequential model();

  /** Stops training after this batch; the epoch still ends with {@code onEpochEnd}. */
  default void stopTraining(String reason) {
    model().stopTraining(reason);
  }
}

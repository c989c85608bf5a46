// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.layers.Frame;
import dev.lamina.layers.Layer;
import dev.lamina.model.Model;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

  /**
   * The mean loss of the epoch's batches so far, penalties included, weighted by their samples:
   * Keras' {@code logs["loss"]} in {@code on_train_batch_end}, what its progress bar shows.
   */
  double runningLoss();

  /**
   * The names of the values of {@link #runningMetric}, in order: those of the epoch's logs after
   * {@code "loss"} (each output's loss for a model of several outputs, then the metrics), without
   * the validation values.
   */
  List<String> metricNames();

  /** The running mean over the epoch so far of the value {@code metricNames().get(index)}. */
  double runningMetric(int index);

  /** The model being trained. */
  Model model();

  /**
   * The frame of the layer's first node in this training run (its inputs, outputs and, for an
   * {@link dev.lamina.layers.Activated} layer, its pre-activations of this batch), or null if the
   * layer does not run (cached as frozen).
   */
  @Nullable Frame frame(Layer layer);

  /** Stops training after this batch; the epoch still ends with {@code onEpochEnd}. */
  default void stopTraining(String reason) {
    model().stopTraining(reason);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.layers.Layer;
import dev.lamina.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Gradual unfreezing (Howard &amp; Ruder, 2018, https://arxiv.org/abs/1801.06146): the layers with
 * weights that are frozen when training starts are unfrozen one at a time, from the output side
 * down, one more every {@code epochsPerLayer} epochs. The first epoch trains only what was already
 * trainable (typically the new head).
 *
 * <p>The schedule counts from the first epoch ever, as {@link LearningRateScheduler}'s: at epoch
 * {@code e} (0-based, {@code FitOptions.initialEpoch} included) the last
 * {@code e / epochsPerLayer} of those layers are trainable. So training resumed from a checkpoint
 * at epoch k, into a model frozen as at the start (checkpoints do not store trainable flags),
 * unfreezes exactly what an uninterrupted run does; and so does a second fit of the same model with
 * the same callback, which keeps its list of layers. A fine-tuning phase that should start its own
 * schedule at epoch k uses {@link #firstEpoch(int)}.
 *
 * <pre>{@code
 * model.freeze("dense(_[0-3])?");
 * model.fit(x, y, FitOptions.defaults().epochs(8).callbacks(GradualUnfreezing.everyEpochs(2)));
 * }</pre>
 */
public final class GradualUnfreezing implements Callback {
  private final int epochsPerLayer;
  private final int firstEpoch;
  private final List<Layer> frozen = new ArrayList<>();
  private @Nullable Model model;

  private GradualUnfreezing(int epochsPerLayer, int firstEpoch) {
    this.epochsPerLayer = epochsPerLayer;
    this.firstEpoch = firstEpoch;
  }

  /**
   * Unfreezes one more layer every {@code epochsPerLayer} epochs.
   *
   * @throws IllegalArgumentException unless epochsPerLayer &gt; 0
   */
  public static GradualUnfreezing everyEpochs(int epochsPerLayer) {
    if (epochsPerLayer <= 0) {
      throw new IllegalArgumentException("GradualUnfreezing: epochsPerLayer must be > 0, but was " + epochsPerLayer);
    }
    return new GradualUnfreezing(epochsPerLayer, 0);
  }

  /**
   * The same schedule, counted from epoch {@code firstEpoch} (0-based, absolute) instead of 0:
   * nothing is unfrozen before epoch {@code firstEpoch + epochsPerLayer}.
   *
   * @throws IllegalArgumentException if firstEpoch is negative
   */
  public GradualUnfreezing firstEpoch(int firstEpoch) {
    if (firstEpoch < 0) {
      throw new IllegalArgumentException("GradualUnfreezing: firstEpoch must be >= 0, but was " + firstEpoch);
    }
    return new GradualUnfreezing(epochsPerLayer, firstEpoch);
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    if (event.model() == model) {
      return; // the same model again: its layers unfrozen so far stay in the schedule
    }
    model = event.model();
    frozen.clear();
    for (Layer layer : event.model().layers()) {
      if (!layer.isTrainable() && !layer.parameters().isEmpty()) {
        frozen.add(layer);
      }
    }
  }

  @Override
  public void onEpochBegin(EpochStart event) {
    int unfrozen = Math.min(frozen.size(), Math.max(0, event.epoch() - firstEpoch) / epochsPerLayer);
    for (int i = 0; i < unfrozen; i++) {
      frozen.get(frozen.size() - 1 - i).setTrainable(true);
    }
  }
}

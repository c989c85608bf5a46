package dev.lamina.callbacks;

import dev.lamina.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradual unfreezing (Howard &amp; Ruder, 2018, https://arxiv.org/abs/1801.06146): the layers with
 * weights that are frozen when training starts are unfrozen one at a time, from the output side
 * down, one more every {@code epochsPerLayer} epochs. The first epoch trains only what was already
 * trainable (typically the new head).
 *
 * <pre>{@code
 * model.freeze("dense(_[0-3])?");
 * model.fit(x, y, FitOptions.defaults().epochs(8).callbacks(GradualUnfreezing.everyEpochs(2)));
 * }</pre>
 */
public final class GradualUnfreezing implements Callback {
  private final int epochsPerLayer;
  private final List<Layer> frozen = new ArrayList<>();
  private int firstEpoch;

  private GradualUnfreezing(int epochsPerLayer) {
    this.epochsPerLayer = epochsPerLayer;
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
    return new GradualUnfreezing(epochsPerLayer);
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    frozen.clear();
    firstEpoch = event.initialEpoch();
    for (Layer layer : event.model().layers()) {
      if (!layer.isTrainable() && !layer.parameters().isEmpty()) {
        frozen.add(layer);
      }
    }
  }

  @Override
  public void onEpochBegin(EpochStart event) {
    int unfrozen = Math.min(frozen.size(), (event.epoch() - firstEpoch) / epochsPerLayer);
    for (int i = 0; i < unfrozen; i++) {
      frozen.get(frozen.size() - 1 - i).setTrainable(true);
    }
  }
}

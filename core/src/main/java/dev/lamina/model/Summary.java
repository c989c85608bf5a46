package dev.lamina.model;

import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Shapes;
import java.util.Locale;

/** Formats {@link Model#summary()} as Keras 2 does, with a Trainable column. */
final class Summary {
  /** The first column is 28 wide, as Keras 2, and widens for longer names ({@code batch_normalization_1 (BatchNormalization)}). */
  private static final int NAME_WIDTH = 28;
  private static final int WIDTH = 78;

  private Summary() {}

  static String of(Model model) {
    int nameWidth = NAME_WIDTH;
    for (Layer layer : model.layers()) {
      nameWidth = Math.max(nameWidth, label(layer).length());
    }
    String format = " %-" + nameWidth + "s %-25s %-12s %s%n";
    int width = WIDTH + nameWidth - NAME_WIDTH;
    StringBuilder s = new StringBuilder();
    String rule = "_".repeat(width) + "\n";
    s.append("Model: \"sequential\"\n").append(rule);
    s.append(String.format(Locale.ROOT, format, "Layer (type)", "Output Shape", "Param #", "Trainable"));
    s.append("=".repeat(width)).append('\n');
    long total = 0;
    long trainable = 0;
    for (Layer layer : model.layers()) {
      long count = 0;
      for (Parameter p : layer.parameters()) {
        count += p.size();
        trainable += p.isTrainable() ? p.size() : 0;
      }
      total += count;
      s.append(String.format(Locale.ROOT, format, label(layer),
          Shapes.batchShape(layer.outputShape()), String.format(Locale.ROOT, "%,d", count),
          trainable(layer)));
    }
    s.append("=".repeat(width)).append('\n');
    s.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    s.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
    s.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
    return s.append(rule).toString();
  }

  private static String label(Layer layer) {
    return layer.name() + " (" + layer.type() + ")";
  }

  /**
   * Y or N; a batch normalisation says which statistics it uses in fit: "N (inference)" when
   * frozen (Keras runs it in inference mode), "Y (stats frozen)" when only its statistics are.
   */
  private static String trainable(Layer layer) {
    if (layer instanceof BatchNormalization bn) {
      return !bn.isTrainable() ? "N (inference)" : bn.isStatisticsFrozen() ? "Y (stats frozen)" : "Y";
    }
    return layer.isTrainable() ? "Y" : "N";
  }
}

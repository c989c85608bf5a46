package dev.lamina.model;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Shapes;
import java.util.Locale;

/** Formats {@link Sequential#summary()} as Keras 2 does, with a Trainable column. */
final class Summary {
  private static final String FORMAT = " %-28s %-25s %-12s %s%n";
  private static final int WIDTH = 78;

  private Summary() {}

  static String of(Sequential model) {
    StringBuilder s = new StringBuilder();
    String rule = "_".repeat(WIDTH) + "\n";
    s.append("Model: \"sequential\"\n").append(rule);
    s.append(String.format(Locale.ROOT, FORMAT, "Layer (type)", "Output Shape", "Param #", "Trainable"));
    s.append("=".repeat(WIDTH)).append('\n');
    long total = 0;
    long trainable = 0;
    for (Layer layer : model.layers()) {
      long count = 0;
      for (Parameter p : layer.parameters()) {
        count += p.size();
        trainable += p.isTrainable() ? p.size() : 0;
      }
      total += count;
      s.append(String.format(Locale.ROOT, FORMAT, layer.name() + " (" + layer.type() + ")",
          Shapes.batchShape(layer.outputShape()), String.format(Locale.ROOT, "%,d", count),
          layer.isTrainable() ? "Y" : "N"));
    }
    s.append("=".repeat(WIDTH)).append('\n');
    s.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    s.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
    s.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
    return s.append(rule).toString();
  }
}

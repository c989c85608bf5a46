// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Graph;
import dev.lamina.layers.Input;
import dev.lamina.layers.Node;
import dev.lamina.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.List;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Shapes;
import java.util.Locale;

/**
 * Formats {@link Model#summary()} as Keras 2 does, with a Trainable column: a stack of layers as
 * Keras' {@code Sequential}, any other graph in Keras' functional format, with the inputs as rows
 * and a "Connected to" column naming each input of every application of the layer, as
 * {@code producer[node][0]}.
 */
final class Summary {
  /** The first column is 28 wide, as Keras 2, and widens for longer names ({@code batch_normalization_1 (BatchNormalization)}). */
  private static final int NAME_WIDTH = 28;
  private static final int WIDTH = 78;

  private Summary() {}

  static String of(Model model) {
    return model instanceof Sequential ? sequential(model) : functional(model);
  }

  private static String functional(Model model) {
    Graph graph = model.graph();
    int nameWidth = NAME_WIDTH;
    for (Input in : graph.inputs()) {
      nameWidth = Math.max(nameWidth, (in.name() + " (InputLayer)").length());
    }
    for (Layer layer : graph.layers()) {
      nameWidth = Math.max(nameWidth, label(layer).length());
    }
    String format = " %-" + nameWidth + "s %-20s %-11s %-24s %s%n";
    int width = WIDTH + 26 + nameWidth - NAME_WIDTH;
    StringBuilder s = new StringBuilder();
    String rule = "_".repeat(width) + "\n";
    s.append("Model: \"functional\"\n").append(rule);
    s.append(String.format(Locale.ROOT, format, "Layer (type)", "Output Shape", "Param #", "Connected to", "Trainable"));
    s.append("=".repeat(width)).append('\n');
    for (Input in : graph.inputs()) {
      s.append(String.format(Locale.ROOT, format, in.name() + " (InputLayer)", Shapes.batchShape(in.shape()), "0", "-", "-"));
    }
    long total = 0;
    long trainable = 0;
    for (Layer layer : graph.layers()) {
      long count = 0;
      for (Parameter p : layer.parameters()) {
        count += p.size();
        trainable += p.isTrainable() ? p.size() : 0;
      }
      total += count;
      List<String> sources = new ArrayList<>();
      for (Node n : layer.nodes()) {
        if (graph.contains(n.output())) {
          for (SymbolicTensor in : n.inputs()) {
            Node from = in.node();
            sources.add(from == null ? ((Input) in).name() + "[0][0]" : from.layer().name() + "[" + from.index() + "][0]");
          }
        }
      }
      for (int i = 0; i < Math.max(1, sources.size()); i++) {
        boolean first = i == 0;
        s.append(String.format(Locale.ROOT, format, first ? label(layer) : "",
            first ? Shapes.batchShape(layer.outputShape()) : "", first ? String.format(Locale.ROOT, "%,d", count) : "",
            sources.isEmpty() ? "" : sources.get(i), first ? trainable(layer) : ""));
      }
    }
    return totals(s, width, total, trainable).append(rule).toString();
  }

  private static StringBuilder totals(StringBuilder s, int width, long total, long trainable) {
    s.append("=".repeat(width)).append('\n');
    s.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    s.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
    s.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
    return s;
  }

  private static String sequential(Model model) {
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
    return totals(s, width, total, trainable).append(rule).toString();
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

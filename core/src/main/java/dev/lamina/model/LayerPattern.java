// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Layer;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The layers of a model whose names match a regular expression (the whole name). */
record LayerPattern(String pattern, List<Layer> matches) {

  /**
   * @throws IllegalArgumentException if the expression is invalid or matches no layer
   */
  static LayerPattern of(String pattern, Model model) {
    Pattern p;
    try {
      p = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(model.kind() + ": invalid layer name pattern '" + pattern + "': " + e.getDescription());
    }
    List<Layer> matches = model.layers().stream().filter(l -> p.matcher(l.name()).matches()).toList();
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(model.kind() + ": no layer name matches '" + pattern + "'; layers are "
          + model.layers().stream().map(Layer::name).toList());
    }
    return new LayerPattern(pattern, matches);
  }

  /** Runs {@code action} on every match and returns their names. */
  List<String> apply(Consumer<Layer> action) {
    matches.forEach(action);
    return matches.stream().map(Layer::name).toList();
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.util.Map;

/**
 * The loss and metrics of a model on a data set, as {@link Sequential#evaluate} returns them.
 *
 * @param values {@code "loss"} and each metric by name
 */
public record Evaluation(Map<String, Double> values) {
  public Evaluation {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  public double loss() {
    return get("loss");
  }

  /**
   * One value by name ({@code evaluation["accuracy"]} in Kotlin).
   *
   * @throws IllegalArgumentException if the name is unknown
   */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("Evaluation: no value named '" + name + "'; have " + values.keySet());
    }
    return v;
  }
}

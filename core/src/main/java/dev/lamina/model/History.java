// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Model#fit} returns: per-epoch values by name ({@code "loss"}, {@code "accuracy"},
 * {@code "val_loss"}, …), as Keras' {@code History.history}.
 */
public final class History {
  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private @Nullable String stopReason;

  void record(Map<String, Double> epoch) {
    epoch.forEach((name, value) -> values.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
  }

  /**
   * The values of one quantity, one per epoch.
   *
   * @throws IllegalArgumentException if nothing of that name was recorded
   */
  public List<Double> get(String name) {
    List<Double> v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("History: no values named '" + name + "'; recorded: " + values.keySet());
    }
    return Collections.unmodifiableList(v);
  }

  /** The value of the last epoch. */
  public double last(String name) {
    List<Double> v = get(name);
    return v.get(v.size() - 1);
  }

  void stopped(@Nullable String reason) {
    this.stopReason = reason;
  }

  /**
   * Why training stopped before its last epoch (the reason given to
   * {@link Model#stopTraining(String)}, e.g. by EarlyStopping or TerminateOnNaN), or null if it
   * ran all its epochs.
   */
  public @Nullable String stopReason() {
    return stopReason;
  }

  /** The number of epochs recorded. */
  public int epochs() {
    return values.isEmpty() ? 0 : values.values().iterator().next().size();
  }

  /** Every recorded quantity, by name. */
  public Map<String, List<Double>> asMap() {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  @Override
  public String toString() {
    return "History" + values;
  }
}

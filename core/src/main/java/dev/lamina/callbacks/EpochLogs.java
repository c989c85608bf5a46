// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An epoch's logs: read-only through the {@code Map} interface, in insertion order, with
 * {@link #add} for {@link EpochEnd#log}. The values training computed (the first {@code computed}
 * entries) cannot be replaced; values callbacks added can.
 */
final class EpochLogs extends AbstractMap<String, Double> {
  private final LinkedHashMap<String, Double> values;
  private final int computed;

  EpochLogs(Map<String, Double> logs) {
    this.values = new LinkedHashMap<>(logs);
    this.computed = values.size();
  }

  void add(String name, double value) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("EpochEnd: a logged name must not be blank, but was '" + name + "'");
    }
    Iterator<String> names = values.keySet().iterator();
    for (int i = 0; i < computed; i++) {
      if (names.next().equals(name)) {
        throw new IllegalArgumentException("EpochEnd: '" + name + "' was computed by training and cannot be replaced; "
            + "log the value under another name");
      }
    }
    values.put(name, value);
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return Collections.unmodifiableMap(values).entrySet();
  }

  @Override
  public Double get(Object key) {
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public int size() {
    return values.size();
  }
}

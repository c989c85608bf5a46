// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training samples of the last few sources a JVM (an executor) loaded, so that the tasks of
 * every synchronisation after the first find them loaded: Spark runs a fit's tasks again and again
 * in the same executors.
 */
final class ExecutorCache {
  /** A fit uses one source; a few allow for fits one after another without reloading. */
  private static final int SOURCES = 4;
  private static final Map<Object, Samples> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Samples> eldest) {
      return size() > SOURCES;
    }
  };

  private ExecutorCache() {}

  /** The first {@code samples} samples of {@code data} (all of them, or all but a validation split). */
  static Samples training(TrainingData data, int samples) {
    Object key = List.of(data instanceof BroadcastData b ? (Object) ("broadcast " + b.id()) : data, samples);
    synchronized (CACHE) { // tasks of one executor wait for one load rather than each loading
      Samples s = CACHE.get(key);
      if (s == null) {
        Samples all = data.load();
        s = all.size() == samples ? all : all.rows(0, samples);
        CACHE.put(key, s);
      }
      return s;
    }
  }
}

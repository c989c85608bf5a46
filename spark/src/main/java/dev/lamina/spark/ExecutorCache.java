// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.model.Model;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tasks of a fit find in their JVM (an executor) from the tasks before them: Spark runs a
 * fit's tasks again and again in the same executors. The training samples of the last few sources
 * loaded, so that only the first task of an executor loads them; and the idle models of the last
 * few fits, so that a task takes the model an earlier task of the same fit used and loads the
 * driver's state into it, rather than having the factory build and initialise a new one.
 */
final class ExecutorCache {
  /** A fit uses one source; a few allow for fits one after another without reloading. */
  private static final int SOURCES = 4;
  /** The fits whose models are kept: a few, as for the sources; older fits' models are dropped. */
  private static final int FITS = 4;
  private static final Map<Object, Samples> SAMPLES = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Samples> eldest) {
      return size() > SOURCES;
    }
  };
  /** Idle models by fit and factory; at most one per task an executor runs at once. */
  private static final Map<ModelKey, Deque<Model>> MODELS = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ModelKey, Deque<Model>> eldest) {
      return size() > FITS;
    }
  };

  private ExecutorCache() {}

  /** The first {@code samples} samples of {@code data} (all of them, or all but a validation split). */
  static Samples training(TrainingData data, int samples) {
    Object key = List.of(data instanceof BroadcastData b ? (Object) ("broadcast " + b.id()) : data, samples);
    synchronized (SAMPLES) { // tasks of one executor wait for one load rather than each loading
      Samples s = SAMPLES.get(key);
      if (s == null) {
        Samples all = data.load();
        s = all.size() == samples ? all : all.rows(0, samples);
        SAMPLES.put(key, s);
      }
      return s;
    }
  }

  /**
   * A model of fit {@code fit} for this task alone: an idle one an earlier task of the fit gave
   * back, or a new one from the factory. Its state is whatever it was: the task loads the driver's.
   */
  static Model model(String fit, ModelFactory factory) {
    ModelKey key = new ModelKey(fit, factory.getClass().getName());
    synchronized (MODELS) {
      Deque<Model> idle = MODELS.get(key);
      Model m = idle == null ? null : idle.poll();
      if (m != null) {
        return m;
      }
    }
    return factory.create(); // outside the lock: the executor's other tasks need not wait for it
  }

  /** Gives back a model {@link #model} returned, once its task is done with it. */
  static void release(String fit, ModelFactory factory, Model model) {
    synchronized (MODELS) {
      MODELS.computeIfAbsent(new ModelKey(fit, factory.getClass().getName()), k -> new ArrayDeque<>()).push(model);
    }
  }

  /**
   * @param fit the fit's identifier, made by the driver
   * @param factory the factory's class: one per lambda or method reference in a JVM
   */
  private record ModelKey(String fit, String factory) {}
}

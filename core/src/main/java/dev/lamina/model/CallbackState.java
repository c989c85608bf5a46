// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.callbacks.Callback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the callbacks of a fit carry over into training resumed from a checkpoint
 * ({@link Callback#resumeState()}), by callback: keyed by its place in {@code FitOptions.callbacks}
 * and its class ({@code "0:EarlyStopping"}), so that a resumed fit with the same callbacks hands
 * each its own state back.
 */
final class CallbackState {
  private CallbackState() {}

  /** The non-empty states of {@code callbacks}, by key. */
  static Map<String, Map<String, Double>> of(List<Callback> callbacks) {
    Map<String, Map<String, Double>> states = new LinkedHashMap<>();
    for (int i = 0; i < callbacks.size(); i++) {
      Map<String, Double> state = callbacks.get(i).resumeState();
      if (!state.isEmpty()) {
        states.put(key(i, callbacks.get(i)), Map.copyOf(state));
      }
    }
    return states;
  }

  /** Hands each callback the state saved under its key, if any. */
  static void restore(List<Callback> callbacks, Map<String, Map<String, Double>> states) {
    for (int i = 0; i < callbacks.size(); i++) {
      Map<String, Double> state = states.get(key(i, callbacks.get(i)));
      if (state != null) {
        callbacks.get(i).restoreState(state);
      }
    }
  }

  private static String key(int i, Callback c) {
    return i + ":" + c.getClass().getSimpleName();
  }

  /** The callback states a checkpoint of {@code epochs} epochs held, for the fit that resumes from it. */
  record Saved(int epochs, Map<String, Map<String, Double>> states) {}
}

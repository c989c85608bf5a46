// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.callbacks.Callback;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a {@link SparkTrainer} fit that decide which samples each worker trains on in
 * each step and how the results combine: a callback that the trainer adds after the fit's own, so
 * that checkpoints saved during the fit (ModelCheckpoint) record them with the callbacks' states
 * ({@link Callback#resumeState()}), and a fit resuming from such a checkpoint checks them
 * ({@link Callback#restoreState}) before its first epoch. A checkpoint saved by {@code fit}, or
 * resumed with other callbacks than it was saved with, holds no settings under this callback's
 * key, and is not checked.
 *
 * @param workers the workers
 * @param stepsPerSync the local steps per synchronisation (1 in gradient mode)
 * @param mode how the workers' results combine
 * @param batchSize the batch size per worker
 * @param samples the training samples (the epoch's permutation)
 * @param resumeWithOtherSettings whether a checkpoint of other settings is accepted
 */
record SparkTrainerSettings(int workers, int stepsPerSync, SyncMode mode, int batchSize, int samples,
    boolean resumeWithOtherSettings) implements Callback {

  /**
   * The partitioning of the epochs, recorded so that a later change of it is refused too: 1 is
   * {@link Round}'s, consecutive equal parts of each global step of the epoch's permutation.
   */
  static final int PARTITIONING = 1;

  @Override
  public Map<String, Double> resumeState() {
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("workers", (double) workers);
    state.put("stepsPerSync", (double) stepsPerSync);
    state.put("mode", (double) mode.ordinal());
    state.put("batchSize", (double) batchSize);
    state.put("samples", (double) samples);
    state.put("partitioning", (double) PARTITIONING);
    return state;
  }

  /**
   * @throws IllegalArgumentException if the checkpoint was saved with other settings and they are
   *     not accepted: the message names each
   */
  @Override
  public void restoreState(Map<String, Double> saved) {
    if (resumeWithOtherSettings) {
      return;
    }
    Map<String, Double> now = resumeState();
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Double> e : now.entrySet()) {
      Double then = saved.get(e.getKey());
      if (then != null && !Objects.equals(then, e.getValue())) {
        differences.add(e.getKey() + " " + describe(e.getKey(), then) + " then, " + describe(e.getKey(), e.getValue())
            + " now");
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException("SparkTrainer: cannot resume from the checkpoint: it was saved by training with "
          + "other settings (" + String.join(", ", differences) + "), so resuming would not continue that run as it "
          + "would have gone on; resume with the checkpoint's settings, or accept the change with "
          + "SparkTrainer.resumeWithOtherSettings(true)");
    }
  }

  private static String describe(String key, double value) {
    if (key.equals("mode")) {
      int ordinal = (int) value;
      return ordinal >= 0 && ordinal < SyncMode.values().length && ordinal == value ? SyncMode.values()[ordinal].name()
          : Double.toString(value);
    }
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}

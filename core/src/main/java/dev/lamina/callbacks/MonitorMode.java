// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

/**
 * Whether a monitored quantity improves by falling or by rising (Keras {@code mode="min"|"max"|"auto"}).
 */
public enum MonitorMode {
  /** Lower is better. */
  MIN,
  /** Higher is better. */
  MAX,
  /**
   * Decided by the monitor's name. {@link EarlyStopping} and {@link ModelCheckpoint} (with
   * saveBestOnly) take higher as better for accuracy-like quantities (the name without
   * {@code val_} contains {@code "acc"}), lower for losses and errors (it ends with {@code "loss"}
   * or {@code "error"}), and reject any other name when built: Keras 3 decides those by the
   * direction of the compiled metric of that name, which Lamina's metrics do not declare, so pass
   * {@link #MIN} or {@link #MAX}. {@link ReduceLROnPlateau}, as Keras', maximises a name containing
   * {@code "acc"} and minimises any other. A {@link ModelCheckpoint} that saves every epoch never
   * uses the mode.
   */
  AUTO
}

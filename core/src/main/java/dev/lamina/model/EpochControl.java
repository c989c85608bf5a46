// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.util.Map;

/** What an {@link EpochTraining} tells {@code fit} during an epoch, and what it asks of it. */
public interface EpochControl {

  /** Whether a callback asked training to stop ({@link Model#stopTraining}): train no more batches. */
  boolean stopRequested();

  /**
   * Reports that the model now holds the result of the epoch's first {@code batches} batches: calls
   * the callbacks' onBatchEnd (see {@link EpochTraining}) and updates the progress bar with
   * {@code logs}, the epoch's running loss and metrics. The epoch counts as complete when the last
   * report says all {@link EpochTraining#stepsPerEpoch()} batches.
   *
   * @param batches the batches trained so far in this epoch, never fewer than reported before and
   *     at most the steps per epoch
   * @param loss the mean loss of the batches since the previous report
   * @throws IllegalArgumentException if batches is out of that range
   */
  void trained(int batches, double loss, Map<String, Double> logs);
}

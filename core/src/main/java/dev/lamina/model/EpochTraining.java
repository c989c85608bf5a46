// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.util.Map;

/**
 * Trains the batches of each epoch somewhere else than the model's own loop (on a cluster's
 * workers, say), for {@link Model#fit(EpochTraining, FitOptions)}, which runs everything else of
 * {@code fit} around it: the callbacks, validation, progress, stopping and the {@link History}.
 *
 * <p>The callbacks see what they see in {@code fit} at the epoch boundaries: onTrainBegin,
 * onEpochBegin, onEpochEnd (with the validation results) and onTrainEnd, on the model given to
 * {@code fit}, whose weights and optimizer state the implementation keeps up to date. Within an
 * epoch, each {@link EpochControl#trained} report calls onBatchEnd once, for the last batch
 * reported, with the mean loss of the batches since the previous report; onBatchBegin and
 * onBatchGradients are not called (the batches ran elsewhere), and {@code BatchEnd.frame} is null.
 */
public interface EpochTraining {

  /**
   * Trains the batches of one epoch and returns its training logs: {@code "loss"} and the metrics
   * named as {@code fit} names them (see {@link TrainingSteps#sums()}), each the mean over the
   * samples trained. Report progress through {@code control}, and stop after a report when
   * {@link EpochControl#stopRequested()}.
   */
  Map<String, Double> train(int epoch, EpochControl control);

  /** The number of batches in an epoch, for the callbacks' onTrainBegin and for progress. */
  int stepsPerEpoch();
}

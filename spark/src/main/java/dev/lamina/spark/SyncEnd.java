// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

/**
 * What one synchronisation of a {@link SparkTrainer} cost the driver, as its {@link SyncListener}s
 * see it: the times are the driver's wall clock ({@code System.nanoTime}); what happened inside the
 * Spark job (scheduling, the tasks' run, fetching their results) is for a Spark listener to tell.
 *
 * @param epoch the 0-based epoch
 * @param firstStep the round's first global step in the epoch (0-based)
 * @param steps the global steps of the round: K, or fewer at an epoch's end
 * @param workers the tasks of the round's Spark job
 * @param samples the samples the workers trained on in the round
 * @param stateBytes the training state the driver broadcast (the checkpoint, trainable flags and
 *     learning-rate multipliers); each executor fetches it once
 * @param resultBytes the arrays of the workers' results (states or gradients), all workers
 *     together; Spark's serialised results are a little larger
 * @param broadcastNanos serialising the state and creating its broadcast
 * @param jobNanos the Spark job, from its submission to the results gathered on the driver
 * @param combineNanos averaging the results into the driver's model (or applying the mean
 *     gradient)
 */
public record SyncEnd(int epoch, int firstStep, int steps, int workers, long samples, long stateBytes,
    long resultBytes, long broadcastNanos, long jobNanos, long combineNanos) {

  /** The whole synchronisation on the driver: broadcast, job and combination. */
  public long nanos() {
    return broadcastNanos + jobNanos + combineNanos;
  }
}

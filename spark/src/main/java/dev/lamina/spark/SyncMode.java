// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

/** How the workers' work is combined at each synchronisation of a {@link SparkTrainer}. */
public enum SyncMode {
  /**
   * Each worker runs K local steps from the driver's state, with the learning rate of the global
   * step, and the driver averages the resulting states (weights, optimizer slots, moving
   * statistics), weighted by the samples each worker trained on ("local SGD", model averaging).
   * The default: one Spark job per K steps.
   */
  AVERAGING,
  /**
   * Each worker computes the gradient of one batch and the driver applies their sample-weighted
   * mean with the unchanged optimizer: exactly single-node training with a batch of workers × batch
   * size, up to the order of the float sums. One Spark job per step: slow by design, for tests and
   * very large batches.
   */
  GRADIENTS
}

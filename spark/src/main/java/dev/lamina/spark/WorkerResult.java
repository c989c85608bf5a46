// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What a task returns to the driver.
 *
 * @param samples the samples trained on: the worker's weight in the average
 * @param state averaging: the training state after the round ({@code Model.checkpoint}); empty otherwise
 * @param gradients gradient mode: the gradient of each trainable parameter, in model order; empty otherwise
 * @param moving gradient mode: the values of each state parameter (moving statistics) after the step
 * @param names the names of the sums: "loss", then the metrics ({@code TrainingSteps.sums()})
 * @param stepSums per step of the round: the sums of that step alone, so that the driver adds them
 *     up step by step as fit does (one worker then gives fit's epoch logs bit for bit)
 */
record WorkerResult(int samples, byte[] state, float[][] gradients, float[][] moving, List<String> names,
    double[][] stepSums) implements Serializable {

  /** The bytes this result takes on the wire, roughly: the arrays. */
  long bytes() {
    long n = state.length;
    for (float[] g : gradients) {
      n += 4L * g.length;
    }
    for (float[] m : moving) {
      n += 4L * m.length;
    }
    return n;
  }
}

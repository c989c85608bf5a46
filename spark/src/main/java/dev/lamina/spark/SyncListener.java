// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.callbacks.Callback;

/**
 * A callback that also hears of every synchronisation of a {@link SparkTrainer}: give it to
 * {@code FitOptions.callbacks} like any other. {@code onSync} runs on the driver right after the
 * round's results are combined into the model, before that round's {@code onBatchEnd}. Model.fit
 * never calls it. For measuring what synchronisation costs; Spark's own {@code SparkListener} tells
 * what happens inside each job.
 */
public interface SyncListener extends Callback {

  /** After each synchronisation. */
  void onSync(SyncEnd event);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.model.FitOptions;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * One synchronisation round: global steps [firstStep, firstStep + steps) of an epoch, trained by
 * {@code workers} workers. Global step s of an epoch covers the positions [s·W·B, (s + 1)·W·B) of
 * the epoch's permutation (W workers, B the batch size per worker), cut into W consecutive parts,
 * the first ones one sample longer when the last step is short; worker w trains on part w. Equal
 * shards, and with one worker exactly {@code fit}'s batches.
 *
 * @param samples the training samples (the permutation's length)
 * @param seed the shuffling seed of {@link FitOptions#seed()}
 * @param threads Lamina's threads in each task
 */
record Round(int epoch, int firstStep, int steps, int workers, int batchSize, int samples, boolean shuffle,
    @Nullable Long seed, int threads, SyncMode mode) implements Serializable {

  /** The steps of an epoch: ⌈samples / (workers · batch size)⌉. */
  static int stepsPerEpoch(int samples, int workers, int batchSize) {
    long global = (long) workers * batchSize;
    return (int) ((samples + global - 1) / global);
  }

  /** The first position of worker {@code w}'s part of global step {@code step}. */
  int from(int step, int w) {
    long start = (long) step * workers * batchSize;
    int length = length(step);
    return (int) (start + (long) w * (length / workers) + Math.min(w, length % workers));
  }

  /** The length of worker {@code w}'s part of global step {@code step}; 0 when the step has fewer samples than workers. */
  int rows(int step, int w) {
    int length = length(step);
    return length / workers + (w < length % workers ? 1 : 0);
  }

  private int length(int step) {
    long start = (long) step * workers * batchSize;
    return (int) Math.min((long) workers * batchSize, samples - start);
  }

  /**
   * Worker {@code w}'s stream of random numbers (dropout) in this round: 0, {@code fit}'s own, for
   * the first worker in an epoch's first round; distinct for every other (worker, round).
   */
  long stream(int w) {
    return (long) firstStep * workers + w;
  }

  /** The options of a task's training steps. */
  FitOptions options() {
    FitOptions o = FitOptions.defaults().batchSize(batchSize).shuffle(shuffle).verbose(false)
        .threads(threads).cacheFrozenLayers(false);
    return seed == null ? o : o.seed(seed);
  }
}

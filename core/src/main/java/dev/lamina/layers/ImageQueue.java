// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The images of a batch, handed out one at a time to the parts of a {@link
 * dev.lamina.math.WorkerPool} run: each part (one per thread, with its own scratch buffers) takes
 * the next image until none is left. A thread that runs slower or wakes later then computes fewer
 * images instead of holding the others up, as a fixed half of the batch per thread did (on a
 * 2-core virtual machine the caller waited for the worker about 12% of a {@code cnn} step). Each
 * image's result must not depend on the part that computes it.
 */
final class ImageQueue {
  private final AtomicInteger next = new AtomicInteger();
  private int batch;

  /** Starts handing out images 0 to batch − 1; call before the pool run that reads them. */
  void reset(int batch) {
    this.batch = batch;
    next.set(0);
  }

  /** The next image, or −1 when all are taken. */
  int next() {
    int i = next.getAndIncrement();
    return i < batch ? i : -1;
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.WorkerPool;

/**
 * Work on the planes of a batch of images, shared by the {@linkplain WorkerPool#current() worker
 * pool}: a plane is one channel of one sample (pooling, padding, up-sampling) or one channel of the
 * whole batch (batch normalisation's statistics). The planes are split into contiguous ranges, one
 * per thread; each plane is computed by one thread, in one fixed order, and owns its outputs, so
 * the results are bit-identical for any number of threads. Held in a frame's state and reused, so
 * a pass allocates nothing.
 */
abstract class PlaneTask implements WorkerPool.Task {
  /** Below this many values touched, the calling thread does the pass alone: a hand-off costs more (~2 µs). */
  static final long PARALLEL_VALUES = 1 << 14;

  private int planes;

  /** Calls {@link #plane} for planes 0 … planes − 1; split over the pool when {@code values} is large. */
  final void runPlanes(int planes, long values) {
    this.planes = planes;
    WorkerPool pool = WorkerPool.current();
    boolean split = planes > 1 && values >= PARALLEL_VALUES;
    parts(split ? pool.threads() : 1);
    pool.run(this, split);
  }

  @Override
  public final void run(int part, int parts) {
    int from = (int) ((long) planes * part / parts);
    int to = (int) ((long) planes * (part + 1) / parts);
    for (int p = from; p < to; p++) {
      plane(p, part);
    }
  }

  /** Called before the planes run, with the number of parts: for scratch of each part's own. */
  void parts(int parts) {}

  /** The work of plane {@code p}, in part {@code part}; writes only that plane's outputs (and the part's scratch). */
  abstract void plane(int p, int part);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;

/**
 * Copies the rows {@code order[from..from+rows)} of a tensor into a batch, split by rows over the
 * worker pool when the batch is large (a random-access copy, bound by memory latency). One
 * instance per fit, reused, so a batch allocates nothing.
 */
final class BatchGather implements WorkerPool.Task {
  /** Below this many floats a batch is copied on the calling thread: a hand-off costs more. */
  private static final int PARALLEL_FLOATS = 1 << 15;
  private final int[] order;
  private float[] src = new float[0];
  private float[] dst = new float[0];
  private int from;
  private int rows;
  private int width;

  BatchGather(int[] order) {
    this.order = order;
  }

  /** Copies the rows of {@code source} at {@code order[from..from+rows)} into {@code into}, reshaped to rows. */
  void copy(Tensor source, int from, int rows, Matrix into) {
    int w = source.size() / Math.max(source.samples(), 1);
    into.reshape(rows, w);
    this.src = source.data();
    this.dst = into.data();
    this.from = from;
    this.rows = rows;
    this.width = w;
    WorkerPool.current().run(this, rows * width >= PARALLEL_FLOATS);
    this.src = this.dst = EMPTY; // the pool's threads keep no references to the data
  }

  private static final float[] EMPTY = {};

  @Override
  public void run(int part, int parts) {
    for (int r = rows * part / parts, end = rows * (part + 1) / parts; r < end; r++) {
      System.arraycopy(src, order[from + r] * width, dst, r * width, width);
    }
  }
}

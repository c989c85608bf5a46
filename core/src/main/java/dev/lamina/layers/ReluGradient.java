// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.Elementwise;
import dev.lamina.math.WorkerPool;

/**
 * The gradient of a fused ReLU alone, dz = dy where z &gt; 0, as a pass split into ranges over the
 * worker pool: a convolution's (whose bias gradient comes later) and {@link Add}'s. Each value is
 * computed alone, so the split changes no result.
 */
final class ReluGradient implements WorkerPool.Task {
  /** Below this many values one thread does the pass: a hand-off costs more (~2 µs). */
  static final int PARALLEL_FLOATS = 1 << 14;
  private static final Elementwise KERNELS = Elementwise.best();
  private static final float[] NONE = {};
  private static final ThreadLocal<ReluGradient> TASK = ThreadLocal.withInitial(ReluGradient::new);

  private float[] z = NONE;
  private float[] dy = NONE;
  private float[] dz = NONE;
  private int size;

  private ReluGradient() {}

  /** dz = dy where z &gt; 0, else 0, over the first {@code size} values. Modified: dz (may be dy). */
  static void apply(float[] z, float[] dy, float[] dz, int size) {
    ReluGradient task = TASK.get(); // one per calling thread, reused
    task.z = z;
    task.dy = dy;
    task.dz = dz;
    task.size = size;
    try {
      WorkerPool.current().run(task, size >= PARALLEL_FLOATS);
    } finally {
      task.z = task.dy = task.dz = NONE; // the pool's threads keep no references to the layer's arrays
    }
  }

  @Override
  public void run(int part, int parts) {
    KERNELS.reluBackward(z, dy, dz, (int) ((long) size * part / parts), (int) ((long) size * (part + 1) / parts));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.Elementwise;
import dev.lamina.math.WorkerPool;

/**
 * The element-wise passes of layers that have no kernel class of their own, split into ranges
 * over the worker pool above {@link #PARALLEL_FLOATS} values: the gradient of a fused ReLU (a
 * convolution's, whose bias gradient comes later, and {@link Add}'s) and sums of two arrays
 * ({@link Add}'s output, gradients of an output read by several layers). Each value is computed
 * alone, so the split changes no result.
 */
final class ElementwisePass implements WorkerPool.Task {
  /** Below this many values one thread does the pass: a hand-off costs more (~2 µs). */
  static final int PARALLEL_FLOATS = 1 << 14;
  private static final Elementwise KERNELS = Elementwise.best();
  private static final float[] NONE = {};
  private static final ThreadLocal<ElementwisePass> TASK = ThreadLocal.withInitial(ElementwisePass::new);

  private enum Op {
    RELU_GRADIENT, SUM, SUM_RELU
  }

  private Op op = Op.SUM;
  private float[] a = NONE;
  private float[] b = NONE;
  private float[] out = NONE;
  private int size;

  private ElementwisePass() {}

  /** dz = dy where z &gt; 0, else 0, over the first {@code size} values. Modified: dz (may be dy). */
  static void reluGradient(float[] z, float[] dy, float[] dz, int size) {
    run(Op.RELU_GRADIENT, z, dy, dz, size);
  }

  /** out = a + b, or max(a + b, 0) with {@code relu}, over the first {@code size} values. Modified: out (may be a or b). */
  static void sum(float[] a, float[] b, float[] out, int size, boolean relu) {
    run(relu ? Op.SUM_RELU : Op.SUM, a, b, out, size);
  }

  private static void run(Op op, float[] a, float[] b, float[] out, int size) {
    ElementwisePass task = TASK.get(); // one per calling thread, reused
    task.op = op;
    task.a = a;
    task.b = b;
    task.out = out;
    task.size = size;
    try {
      WorkerPool.current().run(task, size >= PARALLEL_FLOATS);
    } finally {
      task.a = task.b = task.out = NONE; // the pool's threads keep no references to the layer's arrays
    }
  }

  @Override
  public void run(int part, int parts) {
    int from = (int) ((long) size * part / parts);
    int to = (int) ((long) size * (part + 1) / parts);
    switch (op) {
      case RELU_GRADIENT -> KERNELS.reluBackward(a, b, out, from, to);
      case SUM -> {
        for (int k = from; k < to; k++) {
          out[k] = a[k] + b[k];
        }
      }
      case SUM_RELU -> {
        for (int k = from; k < to; k++) {
          out[k] = Math.max(a[k] + b[k], 0f);
        }
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * The passes of max pooling over one plane (one channel of one sample), given each window's
 * cells: output o's window has cells {@code cells[w · outputs + o]} (offsets in the plane) for
 * w = 0 … window − 1, in window order. Its value is the largest, its argmax that cell; ties go to
 * the first cell in window order, and a NaN wins (the first NaN). A window may list a cell twice
 * (padding mapped to the window's first real cell): a repeat ties and changes nothing. No
 * arithmetic, so both implementations give the same bits. As with {@link Elementwise}, the Vector
 * API class is only loaded when {@code jdk.incubator.vector} is present.
 */
public interface MaxPoolKernels {

  /** The fastest implementation this JVM can run (chosen once). */
  static MaxPoolKernels best() {
    return Holder.BEST;
  }

  /**
   * {@code y[yo + o]} = the largest of {@code x[xo + cells[w · outputs + o]]} over w, and
   * {@code argmax[yo + o]} its cell, for o = 0 … outputs − 1. Modified: y, argmax.
   */
  void forward(float[] x, int xo, int[] cells, int window, int outputs, float[] y, int yo, int[] argmax);

  /**
   * The same {@code y} without the argmax, for inference: the same rule, the same bits.
   * Modified: y.
   */
  void forward(float[] x, int xo, int[] cells, int window, int outputs, float[] y, int yo);

  /**
   * The values of {@link #forward} without the argmax for 2×2 windows with stride 2 and no padding,
   * the most common pooling: output (i, j) of {@code outHeight × outWidth} has cells (2i, 2j),
   * (2i, 2j + 1), (2i + 1, 2j) and (2i + 1, 2j + 1) of a plane {@code width} floats wide, in that
   * order. Returns false, writing nothing, where the implementation has no faster way than the
   * cell table (the default). Modified: y.
   */
  default boolean forward2x2(float[] x, int xo, int width, int outHeight, int outWidth, float[] y, int yo) {
    return false;
  }

  /**
   * The backward pass of windows that do not overlap: {@code dx[xo + argmax[yo + o]] = dy[yo + o]}
   * for o = 0 … outputs − 1, the cells all different. Modified: dx.
   */
  void scatter(float[] dy, int yo, int outputs, int[] argmax, float[] dx, int xo);

  /** The portable loops. */
  final class Portable implements MaxPoolKernels {
    @Override
    public void forward(float[] x, int xo, int[] cells, int window, int outputs, float[] y, int yo, int[] argmax) {
      for (int o = 0; o < outputs; o++) {
        int arg = cells[o];
        float best = x[xo + arg];
        for (int w = 1; w < window; w++) {
          int cell = cells[w * outputs + o];
          float v = x[xo + cell];
          if (wins(v, best)) {
            best = v;
            arg = cell;
          }
        }
        y[yo + o] = best;
        argmax[yo + o] = arg;
      }
    }

    @Override
    public void forward(float[] x, int xo, int[] cells, int window, int outputs, float[] y, int yo) {
      for (int o = 0; o < outputs; o++) {
        y[yo + o] = largest(x, xo, cells, window, outputs, o);
      }
    }

    /** The rule: v displaces the best so far where that is a number and v is not ≤ it (larger, or a NaN). */
    static boolean wins(float v, float best) {
      return best == best && !(v <= best);
    }

    /** Output o's value: the first NaN of its window, else the first of its largest values. */
    static float largest(float[] x, int xo, int[] cells, int window, int outputs, int o) {
      float best = x[xo + cells[o]];
      for (int w = 1; w < window; w++) {
        float v = x[xo + cells[w * outputs + o]];
        if (wins(v, best)) {
          best = v;
        }
      }
      return best;
    }

    @Override
    public void scatter(float[] dy, int yo, int outputs, int[] argmax, float[] dx, int xo) {
      for (int k = yo, end = yo + outputs; k < end; k++) {
        dx[xo + argmax[k]] = dy[k];
      }
    }
  }

  /** Picks the implementation once, on first use. */
  final class Holder {
    static final MaxPoolKernels BEST = MatMuls.vectorApiAvailable() ? new VectorMaxPoolKernels() : new Portable();

    private Holder() {}
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.ShiftedProducts;
import dev.lamina.math.WorkerPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The input gradient of a convolution with strides, on the shifted products ({@link ShiftedProducts})
 * instead of patches scattered back one by one ({@link ConvGeometry#col2im}): the transposed
 * convolution split into its phases.
 *
 * <p>Tap a of a kernel row lands on padded input rows ≡ a·dh (mod sh): with a·dh = sh·u + p, output
 * row oh reaches padded row sh·(oh + u) + p. So the input rows of phase p (padded row sh·I + p)
 * receive dz row I − u through each tap a of that phase and nothing else: a stride-1 correlation of
 * dz with the phase's taps, flipped. Likewise for columns. Each phase (p, q) is then one product
 * of the shifted kind: A[c][(f, a, b)] = W[f, c, a, b] for the phase's taps, over windows of dz
 * stored with zero padding, its rows I = i0 .. i0 + rows − 1 being the input rows the phase has
 * (padded rows before the image are skipped). The phase's result is written to every sh-th row
 * and sw-th column of dx. Pixels of a phase that no tap reaches (a kernel smaller than the stride,
 * or a dilation that skips phases) have a zero gradient.
 *
 * <p>dz is padded once per image and group: per filter a plane of rows of {@code rowStride} floats,
 * {@link #top} zero rows and {@link #left} zero columns before the pixels, zeros after them, so that
 * every window a phase reads inside its rows is dz or zero. As in {@link ShiftedConvolution}, the
 * extra columns of each output row are computed and dropped.
 *
 * <p>Threads: the threads take the batch's images one at a time ({@link ImageQueue}), each image
 * computed by the same operations whichever thread runs it, so the result is bit-identical for any
 * thread count. The buffers live in the frame's {@link Work} and are reused.
 */
final class StridedInputGradient {
  private final ConvGeometry g;
  private final ShiftedProducts products;
  /** The phases that have taps and input pixels. */
  private final Phase[] phases;
  /** Whether some input pixels are reached by no tap: dx is zeroed before the phases write it. */
  private final boolean untouched;
  /** Floats per row of a padded plane of dz. */
  private final int rowStride;
  /** Floats per padded plane (filter) of dz. */
  private final int plane;
  /** Zero rows above and zero columns left of dz's pixels in a plane. */
  private final int top;
  private final int left;
  /** Floats per padded dz of one group, with room for the windows of the last column block. */
  private final int imageLength;
  /** Whether the padded layout is dz's own (no padding, rows as wide as dz's): then read in place. */
  private final boolean inPlace;
  /** Columns per row of a phase's product: the widest phase's, rounded up to the column block. */
  private final int ldc;
  /**
   * Per phase, with stride 2 in columns: the index of the phase with the odd columns of its rows
   * when it has the even ones (this one then writes both, interleaved), {@link #WRITTEN} when that
   * other phase writes it, {@link #ALONE} otherwise.
   */
  private final int[] partner;
  private static final int ALONE = -1;
  private static final int WRITTEN = -2;
  /** Floats of one phase's product (C) in the work's buffer. */
  private final int outSize;
  /** Floats of the widest phase's A (channels × filters·taps), before packing. */
  private final int largestA;

  /**
   * One phase (row, column), p and q: the input rows sh·(firstRow + i) + p − padTop for i &lt; rows,
   * the columns likewise, and its taps (a·kw + b) with their windows of the padded dz, filter-major.
   */
  private record Phase(int row, int column, int firstRow, int rows, int firstColumn, int columns, int[] taps,
      int[] offsets) {
    int k() {
      return offsets.length;
    }
  }

  StridedInputGradient(ConvGeometry g, ShiftedProducts products) {
    this.g = g;
    this.products = products;
    int sh = g.strideHeight;
    int sw = g.strideWidth;
    int[][] rowTaps = phaseTaps(g.kernelHeight, g.dilationHeight, sh);
    int[][] columnTaps = phaseTaps(g.kernelWidth, g.dilationWidth, sw);
    int[] firstRow = new int[sh];
    int[] rows = new int[sh];
    for (int p = 0; p < sh; p++) {
      firstRow[p] = Math.floorDiv(g.padTop - p + sh - 1, sh);
      rows[p] = Math.max(0, Math.floorDiv(g.padTop + g.height - 1 - p, sh) - firstRow[p] + 1);
    }
    int[] firstColumn = new int[sw];
    int[] columns = new int[sw];
    for (int q = 0; q < sw; q++) {
      firstColumn[q] = Math.floorDiv(g.padLeft - q + sw - 1, sw);
      columns[q] = Math.max(0, Math.floorDiv(g.padLeft + g.width - 1 - q, sw) - firstColumn[q] + 1);
    }
    // The padding dz needs: phase (p, q) reads dz row firstRow + i − u for tap row a·dh = sh·u + p.
    int top = 0;
    int left = 0;
    int rowEnd = g.outHeight;
    int columnEnd = 0;
    boolean untouched = false;
    for (int p = 0; p < sh; p++) {
      for (int q = 0; q < sw; q++) {
        if (rows[p] == 0 || columns[q] == 0) {
          continue;
        }
        if (rowTaps[p].length == 0 || columnTaps[q].length == 0) {
          untouched = true;
          continue;
        }
        for (int a : rowTaps[p]) {
          top = Math.max(top, a * g.dilationHeight / sh - firstRow[p]);
        }
        for (int b : columnTaps[q]) {
          left = Math.max(left, b * g.dilationWidth / sw - firstColumn[q]);
        }
        rowEnd = Math.max(rowEnd, firstRow[p] + rows[p]);
        columnEnd = Math.max(columnEnd, firstColumn[q] + columns[q]);
      }
    }
    this.top = top;
    this.left = left;
    this.untouched = untouched;
    // Reads past a row's end fall on the next row's left zeros, so a row needs room for the pixels
    // and for the columns a phase computes, not for both.
    this.rowStride = Math.max(left + g.outWidth, columnEnd);
    this.plane = (top + rowEnd) * rowStride;
    List<Phase> list = new ArrayList<>();
    int length = g.groupFilters * plane;
    int widest = 0;
    int largest = 0;
    for (int p = 0; p < sh; p++) {
      for (int q = 0; q < sw; q++) {
        if (rows[p] == 0 || columns[q] == 0 || rowTaps[p].length == 0 || columnTaps[q].length == 0) {
          continue;
        }
        int[] taps = new int[rowTaps[p].length * columnTaps[q].length];
        int[] offsets = new int[g.groupFilters * taps.length];
        int t = 0;
        for (int a : rowTaps[p]) {
          for (int b : columnTaps[q]) {
            taps[t++] = a * g.kernelWidth + b;
          }
        }
        for (int f = 0, at = 0; f < g.groupFilters; f++) {
          for (int a : rowTaps[p]) {
            for (int b : columnTaps[q]) {
              int row = firstRow[p] - a * g.dilationHeight / sh + top;
              int column = firstColumn[q] - b * g.dilationWidth / sw + left;
              offsets[at++] = f * plane + row * rowStride + column;
            }
          }
        }
        Phase phase = new Phase(p, q, firstRow[p], rows[p], firstColumn[q], columns[q], taps, offsets);
        int padded = ShiftedProducts.roundUp(rows[p] * rowStride, products.columnBlock());
        length = Math.max(length, Arrays.stream(offsets).max().getAsInt() + padded);
        widest = Math.max(widest, padded);
        largest = Math.max(largest, g.groupChannels * phase.k());
        list.add(phase);
      }
    }
    this.phases = list.toArray(new Phase[0]);
    this.imageLength = length;
    this.ldc = widest;
    this.largestA = largest;
    this.inPlace = top == 0 && left == 0 && rowStride == g.outWidth && plane == g.pixels;
    this.outSize = products.productRows(g.groupChannels) * ldc;
    this.partner = new int[phases.length];
    Arrays.fill(partner, ALONE);
    for (int e = 0; e < phases.length && sw == 2; e++) {
      for (int o = 0; o < phases.length; o++) {
        // the phase of dx's column 0 and the phase of its column 1, of the same rows
        if (phases[o].row() == phases[e].row() && 2 * phases[e].firstColumn() + phases[e].column() == g.padLeft
            && 2 * phases[o].firstColumn() + phases[o].column() == g.padLeft + 1) {
          partner[e] = o;
          partner[o] = WRITTEN;
        }
      }
    }
  }

  /** Whether this computes the input gradient of such a convolution: any with a stride above 1. */
  static boolean supports(ConvGeometry g) {
    return g.strideHeight > 1 || g.strideWidth > 1;
  }

  /** Per phase of a stride, the taps (0 .. taps − 1) whose offset i·dilation falls on it. */
  private static int[][] phaseTaps(int taps, int dilation, int stride) {
    int[][] byPhase = new int[stride][];
    for (int phase = 0; phase < stride; phase++) {
      int p = phase;
      byPhase[phase] = IntStream.range(0, taps).filter(t -> t * dilation % stride == p).toArray();
    }
    return byPhase;
  }

  Work work() {
    return new Work(this);
  }

  /**
   * dx = the input gradient for the output gradient dz of a batch, by the kernel. Modified: dx,
   * the work's buffers.
   */
  void inputGradient(Work w, float[] dz, int batch, float[] kernel, float[] dx) {
    int taps = g.kernelHeight * g.kernelWidth;
    for (int group = 0; group < g.groups; group++) {
      for (int ph = 0; ph < phases.length; ph++) {
        Phase phase = phases[ph];
        int k = phase.k();
        int[] phaseTaps = phase.taps();
        for (int c = 0; c < g.groupChannels; c++) {
          for (int f = 0, t = 0; f < g.groupFilters; f++) {
            int from = ((group * g.groupFilters + f) * g.groupChannels + c) * taps;
            for (int tap : phaseTaps) {
              w.a[c * k + t++] = kernel[from + tap];
            }
          }
        }
        products.pack(g.groupChannels, k, w.a, 0, w.packed[group][ph]);
      }
    }
    w.run(dz, dx, batch);
  }

  /** The input gradient of image i, every group. */
  private void image(Work w, int i, float[] image, float[] out) {
    int size = g.height * g.width;
    if (untouched) {
      Arrays.fill(w.dx, i * g.inFeatures, (i + 1) * g.inFeatures, 0f);
    }
    for (int group = 0; group < g.groups; group++) {
      int dzOff = i * g.outFeatures + group * g.groupFilters * g.pixels;
      float[] b = image;
      int bOff = 0;
      if (inPlace && dzOff + imageLength <= w.dz.length) {
        // The windows past a row's end, read for the dropped columns only, fall on the next image.
        b = w.dz;
        bOff = dzOff;
      } else {
        for (int f = 0; f < g.groupFilters; f++) {
          products.pad(g.outHeight, g.outWidth, w.dz, dzOff + f * g.pixels, g.outWidth, image,
              f * plane + top * rowStride + left, rowStride);
        }
      }
      for (int ph = 0; ph < phases.length; ph++) {
        Phase phase = phases[ph];
        products.product(g.groupChannels, phase.rows() * rowStride, phase.k(), w.packed[group][ph], phase.offsets(),
            b, bOff, out, ph * outSize, ldc);
      }
      int base = i * g.inFeatures + group * g.groupChannels * size;
      for (int ph = 0; ph < phases.length; ph++) {
        if (partner[ph] >= 0) {
          interleave(phases[ph], out, ph * outSize, partner[ph] * outSize, w.dx, base);
        } else if (partner[ph] == ALONE) {
          scatter(phases[ph], out, ph * outSize, w.dx, base);
        }
      }
    }
  }

  /**
   * Writes the results of a phase holding the even columns of dx's rows (at out[even]) and of the
   * phase holding the odd ones (at out[odd]) to the group's channels at {@code dx[base]}.
   */
  private void interleave(Phase phase, float[] out, int even, int odd, float[] dx, int base) {
    int firstRow = g.strideHeight * phase.firstRow() + phase.row() - g.padTop;
    for (int c = 0; c < g.groupChannels; c++) {
      products.interleave(phase.rows(), g.width, out, even + c * ldc, out, odd + c * ldc, rowStride, dx,
          base + (c * g.height + firstRow) * g.width, g.strideHeight * g.width);
    }
  }

  /** Writes a phase's result (at out[from]) to its pixels of the group's channels at {@code dx[base]}. */
  private void scatter(Phase phase, float[] out, int from, float[] dx, int base) {
    int sh = g.strideHeight;
    int sw = g.strideWidth;
    int firstRow = sh * phase.firstRow() + phase.row() - g.padTop;
    int firstColumn = sw * phase.firstColumn() + phase.column() - g.padLeft;
    int columns = phase.columns();
    for (int c = 0; c < g.groupChannels; c++) {
      for (int i = 0; i < phase.rows(); i++) {
        int src = from + c * ldc + i * rowStride;
        int dst = base + c * g.height * g.width + (firstRow + sh * i) * g.width + firstColumn;
        for (int j = 0; j < columns; j++) {
          dx[dst + sw * j] = out[src + j];
        }
      }
    }
  }

  /**
   * A frame's working set: A of each group and phase packed, and per thread a padded dz and the
   * phases' products. Made once per frame; grows with the pool, never per call.
   */
  static final class Work implements WorkerPool.Task {
    private static final float[] NONE = {};
    private final StridedInputGradient conv;
    private final float[][][] packed;
    /** One phase's A before packing. */
    private final float[] a;
    private float[][] images = new float[0][];
    private float[][] outs = new float[0][];
    private int batch;
    /** The images of the pass, one at a time to the threads. */
    private final ImageQueue queue = new ImageQueue();
    private float[] dz = NONE;
    private float[] dx = NONE;

    private Work(StridedInputGradient conv) {
      this.conv = conv;
      ConvGeometry g = conv.g;
      this.packed = new float[g.groups][conv.phases.length][];
      for (float[][] group : packed) {
        for (int ph = 0; ph < group.length; ph++) {
          group[ph] = new float[conv.products.packedSize(g.groupChannels, conv.phases[ph].k())];
        }
      }
      this.a = new float[conv.largestA];
    }

    private void run(float[] dz, float[] dx, int batch) {
      this.dz = dz;
      this.dx = dx;
      this.batch = batch;
      WorkerPool pool = WorkerPool.current();
      ConvGeometry g = conv.g;
      long flops = 2L * batch * g.filters * g.patchSize * g.pixels;
      int parts = pool.threads() > 1 && flops >= Convolution.PARALLEL_FLOPS ? Math.min(pool.threads(), batch) : 1;
      ensureBuffers(parts);
      queue.reset(batch);
      try {
        pool.run(this, parts);
      } finally {
        this.dz = this.dx = NONE; // no references to the model's arrays between calls
      }
    }

    @Override
    public void run(int part, int parts) {
      for (int i = queue.next(); i >= 0; i = queue.next()) {
        conv.image(this, i, images[part], outs[part]);
      }
    }

    private void ensureBuffers(int count) {
      if (images.length < count) {
        float[][] grownImages = Arrays.copyOf(images, count);
        float[][] grownOuts = Arrays.copyOf(outs, count);
        for (int i = images.length; i < count; i++) {
          grownImages[i] = new float[conv.imageLength];
          grownOuts[i] = new float[conv.phases.length * conv.outSize];
        }
        images = grownImages;
        outs = grownOuts;
      }
    }
  }
}

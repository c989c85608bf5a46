// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.ShiftedProducts;
import dev.lamina.math.WorkerPool;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A grouped convolution with stride 1 as matrix products that read the patches from the image in
 * place ({@link ShiftedProducts}, an implicit GEMM) instead of copying them ({@link Convolution}).
 *
 * <p>Each image is copied once into a zero-padded layout: per channel a plane of
 * {@code (height + top + bottom)} rows of {@code rowStride = width + max(left, right)} floats, the
 * pixels at column {@code left}. Output pixel (oh, ow) is computed at column {@code oh·rowStride + ow}
 * of a row of {@code outHeight·rowStride} columns, and tap (c, a, b) of every output pixel reads
 * the plane shifted by {@code c·plane + a·dh·rowStride + b·dw}: a window. Reads past the end of a
 * row fall on the next row's first {@code left} columns, which are zeros like the padding they
 * stand for, so one shared column of zeros serves as the right padding of a row and the left
 * padding of the next. The {@code rowStride − outWidth} extra columns of each output row are
 * computed and dropped (3.6% more work for 28×28 images with 3×3 kernels, 7% for 14×14, 14% for
 * 7×7), and the zeros of the layout are written once, when the buffer is made.
 *
 * <ul>
 *   <li>Forward, per image and group: z' = W_g · windows, then copied out without the extra
 *       columns, plus the bias.
 *   <li>Kernel gradient: dW_gᵀ += windows · dz'ᵀ, image after image, dz' being the output gradient
 *       transposed into one row per output column (zeros for the extra ones). The bias gradient
 *       is the sum of dz' 's rows, taken while they are in cache.
 *   <li>Input gradient: the convolution of dz with the flipped kernel, itself a convolution with
 *       stride 1 ({@link Convolution#adjoint}), run as one of these; with strides, one such
 *       product per phase of the input ({@link StridedInputGradient}).
 * </ul>
 *
 * <p>Threads: in the forward pass the threads take the images one at a time ({@link ImageQueue}).
 * The kernel gradient always sums the batch in {@link #RUNS} runs of images, each into its own dWᵀ,
 * added in order at the end: with two threads each takes a run, pads and transposes only its own
 * images; with more, the rows of each run's dWᵀ are split too. Each value is computed by the same
 * operations in the same order for any thread count. The buffers live in the frame's
 * {@link Work} and are reused.
 */
final class ShiftedConvolution implements ConvolutionMethod<ShiftedConvolution.Work> {
  /**
   * Runs of images the kernel gradient sums separately, whatever the thread count. Splitting the
   * rows of dWᵀ instead made every thread pad and transpose every image: 2 runs let two threads
   * share that work, at the cost of one more dWᵀ to clear and add.
   */
  static final int RUNS = 2;
  private final ConvGeometry g;
  private final ShiftedProducts products;
  /** Whether this convolution computes gradients: all but the adjoint of another. */
  private final boolean gradients;
  /** The input gradient's convolution, for stride 1 (null for the adjoint itself). */
  private final @Nullable ShiftedConvolution adjoint;
  /** The input gradient by phases, for larger strides. */
  private final @Nullable StridedInputGradient strided;
  /** Floats per row of a padded plane. */
  private final int rowStride;
  /** Floats per padded plane: of a channel, or of one phase of a channel with strides. */
  private final int plane;
  /** Floats per channel: its plane, or its phases' planes. */
  private final int channelStride;
  /**
   * With strides, per row phase that some tap reads (in the order of their planes): its first input
   * row (every stride-th from it is of that phase) and where that row goes within a channel.
   */
  private final int[] rowFirst;
  private final int[] rowStart;
  /**
   * With strides, per column phase that some tap reads: its first input column, its number of
   * columns and where they go within a row of a row phase's planes.
   */
  private final int[] columnFirst;
  private final int[] columnCount;
  private final int[] columnStart;
  /** Output columns computed per image: outHeight·rowStride. */
  private final int columns;
  /** {@link #columns} rounded up to the products' column block: the width of z'. */
  private final int paddedColumns;
  /** The window of each tap of a group, (channel, a, b) in the kernel's order; zeros past patchSize. */
  private final int[] offsets;
  /** Floats per padded image of one group, with room for the windows of the last column block. */
  private final int imageLength;
  /** Rows of z': filters per group rounded up to the products' row panels. */
  private final int paddedFilters;
  /** Columns of dz' and dWᵀ: filters per group rounded up to whole vectors. */
  private final int gradientFilters;
  /** Rows of dWᵀ: patchSize rounded up to the gradient's row block. */
  private final int gradientRows;

  /**
   * @param products the kernels ({@link dev.lamina.math.MatMuls#shifted()})
   * @throws IllegalArgumentException if the geometry is not one of {@link #supports}
   */
  ShiftedConvolution(ConvGeometry geometry, ShiftedProducts products) {
    this(geometry, products, true);
  }

  private ShiftedConvolution(ConvGeometry g, ShiftedProducts products, boolean withAdjoint) {
    if (!supports(g)) {
      throw new IllegalArgumentException("not a stride-1 convolution with padding within the kernel");
    }
    this.g = g;
    this.products = products;
    this.gradients = withAdjoint;
    int sh = g.strideHeight;
    int sw = g.strideWidth;
    int reachRows = (g.kernelHeight - 1) * g.dilationHeight / sh;
    int reachColumns = (g.kernelWidth - 1) * g.dilationWidth / sw;
    if (sh == 1 && sw == 1) {
      this.rowStride = g.width + Math.max(g.padLeft, g.padRight);
      this.plane = (g.height + g.padTop + g.padBottom) * rowStride;
    } else { // no reads past a row's end, so no zero column is shared
      this.rowStride = Math.max((g.width + g.padLeft + g.padRight + sw - 1) / sw, g.outWidth + reachColumns);
      this.plane = Math.max((g.height + g.padTop + g.padBottom + sh - 1) / sh, g.outHeight + reachRows) * rowStride;
    }
    // The phases a tap reads: every pair of a row phase and a column phase that some tap has.
    int[] rowPhase = usedPhases(g.kernelHeight, g.dilationHeight, sh);
    int[] columnPhase = usedPhases(g.kernelWidth, g.dilationWidth, sw);
    int columnPhases = Arrays.stream(columnPhase).max().getAsInt() + 1;
    this.channelStride = (Arrays.stream(rowPhase).max().getAsInt() + 1) * columnPhases * plane;
    // Where the first input row and column of each phase goes within a channel.
    this.rowFirst = phaseStarts(rowPhase, g.padTop);
    this.rowStart = Arrays.stream(rowFirst)
        .map(ih -> rowPhase[(ih + g.padTop) % sh] * columnPhases * plane + (ih + g.padTop) / sh * rowStride).toArray();
    this.columnFirst = phaseStarts(columnPhase, g.padLeft);
    this.columnCount = Arrays.stream(columnFirst).map(iw -> Math.max(0, (g.width - iw + sw - 1) / sw)).toArray();
    this.columnStart = Arrays.stream(columnFirst)
        .map(iw -> columnPhase[(iw + g.padLeft) % sw] * plane + (iw + g.padLeft) / sw).toArray();
    this.columns = g.outHeight * rowStride;
    this.paddedColumns = ShiftedProducts.roundUp(columns, products.columnBlock());
    this.gradientRows = ShiftedProducts.roundUp(g.patchSize, products.gradientRowBlock());
    this.offsets = new int[gradientRows];
    int p = 0;
    for (int c = 0; c < g.groupChannels; c++) {
      for (int a = 0; a < g.kernelHeight; a++) {
        for (int b = 0; b < g.kernelWidth; b++) {
          int row = a * g.dilationHeight;
          int column = b * g.dilationWidth;
          offsets[p++] = c * channelStride + (rowPhase[row % sh] * columnPhases + columnPhase[column % sw]) * plane
              + row / sh * rowStride + column / sw;
        }
      }
    }
    int lastWindow = Arrays.stream(offsets).max().orElse(0);
    this.imageLength = Math.max(g.groupChannels * channelStride, lastWindow + paddedColumns);
    this.paddedFilters = products.productRows(g.groupFilters);
    this.gradientFilters = ShiftedProducts.roundUp(g.groupFilters, products.lanes());
    boolean unitStride = sh == 1 && sw == 1;
    this.adjoint = withAdjoint && unitStride
        ? new ShiftedConvolution(Convolution.adjointGeometry(g), products, false) : null;
    this.strided = withAdjoint && StridedInputGradient.supports(g) ? new StridedInputGradient(g, products) : null;
  }

  /**
   * Whether a convolution runs as one of these: not pointwise (which needs no copy at all), and,
   * with stride 1, no side padded by more than the dilated kernel's reach, (k − 1)·d, so that the
   * input gradient is a convolution of the same kind and an output row is no wider than a padded
   * row. With larger strides, any padding (the input gradient then goes by phases, {@link StridedInputGradient}).
   */
  static boolean supports(ConvGeometry g) {
    if (g.pointwise()) {
      return false;
    }
    if (g.strideHeight != 1 || g.strideWidth != 1) {
      return true;
    }
    return g.padTop <= (g.kernelHeight - 1) * g.dilationHeight && g.padBottom <= (g.kernelHeight - 1) * g.dilationHeight
        && g.padLeft <= (g.kernelWidth - 1) * g.dilationWidth && g.padRight <= (g.kernelWidth - 1) * g.dilationWidth;
  }

  @Override
  public ConvGeometry geometry() {
    return g;
  }

  @Override
  public Work work() {
    return new Work(this);
  }

  @Override
  public void forward(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias, float[] z,
      boolean gradientFollows) {
    forward(w, x, batch, kernel, bias, z, null, gradientFollows);
  }

  /** The ReLU in the copy of each image's z out of its padded rows: no pass of its own. */
  @Override
  public boolean forwardRelu(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias,
      float @Nullable [] z, float[] y, boolean gradientFollows) {
    forward(w, x, batch, kernel, bias, z, y, gradientFollows);
    return true;
  }

  /** {@link #forward}, also writing max(z, 0) to y when y is not null. */
  private void forward(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias, float @Nullable [] z,
      float @Nullable [] y, boolean gradientFollows) {
    if (w.packedFrom.changed(kernel)) {
      for (int group = 0; group < g.groups; group++) {
        products.pack(g.groupFilters, g.patchSize, kernel, group * g.groupFilters * g.patchSize, w.packed[group]);
      }
    }
    w.run(false, x, null, batch, bias, z, y, gradientFollows);
  }

  @Override
  public void backward(Work w, float[] x, float[] dz, int batch, float[] kernel, float @Nullable [] dKernel,
      float @Nullable [] dBias, float @Nullable [] dx) {
    if (dKernel != null) {
      w.biasSums = dBias != null;
      for (int group = 0; group < g.groups; group++) {
        for (int r = 0; r < RUNS; r++) {
          Arrays.fill(w.gradients[r], 0f);
          Arrays.fill(w.sums[r], 0.0);
        }
        w.group = group;
        w.run(true, x, dz, batch, null, null, null, false);
        for (int f = 0; f < g.groupFilters; f++) {
          int to = (group * g.groupFilters + f) * g.patchSize;
          for (int p = 0; p < g.patchSize; p++) {
            float sum = w.gradients[0][p * gradientFilters + f];
            for (int r = 1; r < RUNS; r++) {
              sum += w.gradients[r][p * gradientFilters + f];
            }
            dKernel[to + p] = sum;
          }
          if (dBias != null) {
            dBias[group * g.groupFilters + f] = sumOfRuns(w.sums, f);
          }
        }
      }
    } else if (dBias != null) {
      Convolution.biasGradient(g, dz, batch, dBias);
    }
    if (dx != null && strided != null) {
      strided.inputGradient(w.stridedWork(strided), dz, batch, kernel, dx);
    } else if (dx != null) {
      ShiftedConvolution t = adjoint;
      if (t == null) {
        throw new IllegalStateException("the adjoint convolution computes no gradient");
      }
      w.adjointPass(g, t).inputGradient(dz, batch, kernel, dx);
    }
  }

  /**
   * Copies the channels of one group of the image at {@code x[xOff]} into the padded layout; with
   * strides, each pixel into the phase of its row and column, where a tap reads it.
   */
  private void pad(float[] x, int xOff, float[] image) {
    int size = g.height * g.width;
    if (g.strideHeight == 1 && g.strideWidth == 1) {
      for (int c = 0; c < g.groupChannels; c++) {
        products.pad(g.height, g.width, x, xOff + c * size, g.width, image,
            c * channelStride + g.padTop * rowStride + g.padLeft, rowStride);
      }
      return;
    }
    // Plane after plane, row after row, in the order of memory: everyOther's zeros past a short row
    // then fall on padding or on floats written later.
    int sh = g.strideHeight;
    int sw = g.strideWidth;
    for (int c = 0; c < g.groupChannels; c++) {
      for (int r = 0; r < rowFirst.length; r++) {
        for (int q = 0; q < columnFirst.length; q++) {
          int count = columnCount[q];
          int to = c * channelStride + rowStart[r] + columnStart[q];
          int from = xOff + c * size + rowFirst[r] * g.width + columnFirst[q];
          int rows = count > 0 ? Math.max(0, (g.height - rowFirst[r] + sh - 1) / sh) : 0;
          if (sw == 2) {
            products.everyOther(rows, count, x, from, sh * g.width, image, to, rowStride);
            continue;
          }
          for (int i = 0; i < rows; i++, to += rowStride, from += sh * g.width) {
            for (int j = 0; j < count; j++) {
              image[to + j] = x[from + j * sw];
            }
          }
        }
      }
    }
  }

  /**
   * Per used phase of a stride (ranks as {@link #usedPhases}, in order), the first input row or
   * column of that phase: the one at padded position ≡ phase (mod stride). It may be past the image.
   */
  private static int[] phaseStarts(int[] rank, int pad) {
    int[] first = new int[Arrays.stream(rank).max().getAsInt() + 1];
    for (int phase = 0; phase < rank.length; phase++) {
      if (rank[phase] >= 0) {
        first[rank[phase]] = Math.floorMod(phase - pad, rank.length);
      }
    }
    return first;
  }

  /**
   * For each phase of a stride (0 to stride − 1), its rank among the phases that the kernel's taps
   * (offsets i·dilation) fall on, or -1.
   */
  private static int[] usedPhases(int taps, int dilation, int stride) {
    int[] rank = new int[stride];
    Arrays.fill(rank, -1);
    for (int t = 0; t < taps; t++) {
      rank[t * dilation % stride] = 0;
    }
    for (int phase = 0, next = 0; phase < stride; phase++) {
      if (rank[phase] == 0) {
        rank[phase] = next++;
      }
    }
    return rank;
  }

  /**
   * Forward of image i, every group: padded into {@code image} (or kept for the kernel gradient),
   * products into {@code out}, copied to z without the extra columns.
   */
  private void forwardImage(Work w, int i, float[] image, float[] out) {
    for (int group = 0; group < g.groups; group++) {
      float[] padded = w.kept.filling() ? w.kept.slot(i * g.groups + group) : image;
      padImage(w, i, group, padded);
      productColumns(w, group, 0, columns, padded, out);
      unpadFilters(w, i, group, 0, g.groupFilters, out);
    }
  }

  private void padImage(Work w, int i, int group, float[] image) {
    pad(w.x, i * g.inFeatures + group * g.groupChannels * g.height * g.width, image);
  }

  /** Columns j0..j1 of the group's product (j0 a multiple of the column block) into {@code out}. */
  private void productColumns(Work w, int group, int j0, int j1, float[] image, float[] out) {
    products.product(g.groupFilters, j1 - j0, g.patchSize, w.packed[group], offsets, image, j0, out, j0, paddedColumns);
  }

  /** Filters f0..f1 of the group's product in {@code out}, copied to z (and y) of image i with the bias. */
  private void unpadFilters(Work w, int i, int group, int f0, int f1, float[] out) {
    float[] bias = w.bias;
    for (int f = f0; f < f1; f++) {
      int filter = group * g.groupFilters + f;
      products.unpad(g.outHeight, g.outWidth, out, f * paddedColumns, rowStride, w.z,
          i * g.outFeatures + filter * g.pixels, bias != null ? bias[filter] : 0f, w.y);
    }
  }

  /**
   * Rows p0..p1 of run r's dWᵀ for the work's group += the windows of image i times its transposed
   * dz; and the run's bias sums, by the part that starts at row 0 (so by one thread, images in
   * order).
   */
  private void gradientImage(Work w, int r, int i, int p0, int p1, float[] image, float[] transposed) {
    int group = w.group;
    if (w.kept.hold(w.batch)) {
      image = w.kept.slot(i * g.groups + group);
    } else {
      pad(w.x, i * g.inFeatures + group * g.groupChannels * g.height * g.width, image);
    }
    transposeOutput(products, g, w.dz, i * g.outFeatures + group * g.groupFilters * g.pixels, transposed,
        rowStride * gradientFilters, gradientFilters);
    if (w.biasSums && p0 == 0) {
      products.columnSums(columns, transposed, 0, gradientFilters, w.sums[r]);
    }
    products.gradient(columns, p0, p1, offsets, image, 0, transposed, 0, gradientFilters, w.gradients[r]);
  }

  /** Σ over the runs of sums[r][f], in run order (so for any thread count). */
  static float sumOfRuns(double[][] sums, int f) {
    double sum = sums[0][f];
    for (int r = 1; r < RUNS; r++) {
      sum += sums[r][f];
    }
    return (float) sum;
  }

  /**
   * One image's dz for one group's filters, from {@code dz[first]}, transposed to one row of
   * {@code ld} floats per pixel: pixel (oh, ow) at {@code dst[oh·dstRowStride + ow·ld]}. Modified: dst.
   */
  static void transposeOutput(ShiftedProducts products, ConvGeometry g, float[] dz, int first, float[] dst,
      int dstRowStride, int ld) {
    // A vector's worth of filters at a time over every output row: the reads follow that many
    // planes of dz, which come from memory, instead of all of them (twice faster for 32 filters).
    for (int f0 = 0, block = products.lanes(); f0 < g.groupFilters; f0 += block) {
      int filters = Math.min(block, g.groupFilters - f0);
      for (int oh = 0; oh < g.outHeight; oh++) {
        products.transpose(filters, g.outWidth, dz, first + f0 * g.pixels + oh * g.outWidth, g.pixels, dst,
            oh * dstRowStride + f0, ld);
      }
    }
  }

  /**
   * A frame's working set: A packed per group, per thread a padded image and z' (forward) or dz'
   * (kernel gradient), dWᵀ, the flipped kernel and the adjoint's own work. Made once per frame;
   * grows with the pool, never per call.
   */
  static final class Work implements WorkerPool.Task {
    private static final float[] NONE = {};
    private final ShiftedConvolution conv;
    private final float[][] packed;
    /** The kernel that {@link #packed} was made from. */
    private final PackedKernel packedFrom;
    /** Per run of images, dWᵀ of the current group. */
    private final float[][] gradients;
    /** Per run, the bias gradient of the current group, per filter; summed when {@link #biasSums}. */
    private final double[][] sums;
    private boolean biasSums;
    private float[][] images = new float[0][];
    private float[][] outs = new float[0][];
    /** Per thread, dz of one image transposed; its extra rows and columns stay zero. */
    private float[][] transposed = new float[0][];
    private Pass pass = Pass.IMAGES;
    private int batch;
    /** The images of the forward pass, one at a time to the threads. */
    private final ImageQueue queue = new ImageQueue();
    /** The padded images a training forward pass keeps for the kernel gradient. */
    private final KeptImages kept;
    /** The image of {@link Pass#COLUMNS} and {@link Pass#FILTERS}. */
    private int image;
    private int group;
    private float[] x = NONE;
    private float[] dz = NONE;
    private float @Nullable [] z;
    /** Where the forward pass writes max(z, 0) too, or null. */
    private float @Nullable [] y;
    private float @Nullable [] bias;
    private @Nullable AdjointPass<Work> adjointPass;
    private StridedInputGradient.@Nullable Work stridedWork;

    private Work(ShiftedConvolution conv) {
      this.conv = conv;
      ConvGeometry g = conv.g;
      this.packed = new float[g.groups][conv.products.packedSize(g.groupFilters, g.patchSize)];
      this.packedFrom = new PackedKernel(g.filters * g.patchSize);
      this.gradients = new float[RUNS][conv.gradients ? conv.gradientRows * conv.gradientFilters : 0];
      this.sums = new double[RUNS][conv.gradientFilters];
      this.kept = new KeptImages(conv.imageLength);
    }

    StridedInputGradient.Work stridedWork(StridedInputGradient strided) {
      if (stridedWork == null) {
        stridedWork = strided.work();
      }
      return stridedWork;
    }

    AdjointPass<Work> adjointPass(ConvGeometry g, ShiftedConvolution adjoint) {
      if (adjointPass == null) {
        adjointPass = new AdjointPass<>(g, adjoint);
      }
      return adjointPass;
    }

    /** What a part of {@link #run(int, int)} computes. */
    private enum Pass {
      /** The forward pass of a run of images. */
      IMAGES,
      /** The product of {@link #image} over a range of columns. */
      COLUMNS,
      /** The copy of {@link #image}'s product for a range of filters out to z. */
      FILTERS,
      /** The kernel gradient of a run of images over a slice of dWᵀ's rows. */
      GRADIENT
    }

    /**
     * The forward pass over the batch, images split among the threads (with fewer images than
     * threads, each image's columns, then its filters), or the kernel gradient of the current
     * group: its runs, and with more threads than runs the rows of dWᵀ too.
     */
    void run(boolean backward, float[] x, float @Nullable [] dz, int batch, float @Nullable [] bias,
        float @Nullable [] z, float @Nullable [] y, boolean keep) {
      this.x = x;
      this.dz = dz != null ? dz : NONE;
      this.z = z;
      this.y = y;
      this.bias = bias;
      this.batch = batch;
      WorkerPool pool = WorkerPool.current();
      ConvGeometry g = conv.g;
      long flops = 2L * batch * g.filters * g.patchSize * g.pixels;
      boolean parallel = pool.threads() > 1 && flops >= Convolution.PARALLEL_FLOPS;
      this.pass = backward ? Pass.GRADIENT : Pass.IMAGES;
      int parts = backward ? RUNS * (parallel ? slices(pool.threads()) : 1)
          : parallel ? Math.min(pool.threads(), batch) : 1;
      boolean byColumns = !backward && parallel && batch < pool.threads();
      ensureBuffers(parallel && !byColumns ? parts : 1);
      if (!backward) {
        queue.reset(batch);
        kept.start(keep && !byColumns, batch * g.groups);
      }
      try {
        if (byColumns) {
          forwardByColumns(pool);
        } else if (parallel) {
          pool.run(this, parts);
        } else {
          for (int part = 0; part < parts; part++) {
            run(part, parts);
          }
        }
        if (!backward) {
          kept.filled(batch);
        }
      } finally {
        this.x = this.dz = NONE; // no references to the model's arrays between calls
        this.z = this.bias = this.y = null;
        kept.stop();
      }
    }

    /** Each image in turn: padded by the caller, its product split by columns, its copy by filters. */
    private void forwardByColumns(WorkerPool pool) {
      ConvGeometry g = conv.g;
      for (int i = 0; i < batch; i++) {
        for (int group = 0; group < g.groups; group++) {
          conv.padImage(this, i, group, images[0]);
          this.image = i;
          this.group = group;
          pass = Pass.COLUMNS;
          pool.run(this, pool.threads());
          pass = Pass.FILTERS;
          pool.run(this, Math.min(pool.threads(), g.groupFilters));
        }
      }
    }

    /** Slices of dWᵀ's rows per run, so that every thread has a part. */
    private int slices(int threads) {
      int blocks = conv.gradientRows / conv.products.gradientRowBlock();
      return Math.min(blocks, (threads + RUNS - 1) / RUNS);
    }

    /** A part of the {@link #pass}; of the kernel gradient: run {@code part % RUNS}, slice {@code part / RUNS}. */
    @Override
    public void run(int part, int parts) {
      if (pass == Pass.COLUMNS) {
        int block = 2 * conv.products.columnBlock(); // whole tiles, as one thread computes them
        int blocks = (conv.columns + block - 1) / block;
        int j0 = blocks * part / parts * block;
        int j1 = Math.min(conv.columns, blocks * (part + 1) / parts * block);
        if (j0 < j1) {
          conv.productColumns(this, group, j0, j1, images[0], outs[0]);
        }
      } else if (pass == Pass.FILTERS) {
        int filters = conv.g.groupFilters;
        conv.unpadFilters(this, image, group, filters * part / parts, filters * (part + 1) / parts, outs[0]);
      } else if (pass == Pass.GRADIENT) {
        int r = part % RUNS;
        int slices = parts / RUNS;
        int slice = part / RUNS;
        int rowBlock = conv.products.gradientRowBlock();
        int blocks = conv.gradientRows / rowBlock;
        int p0 = blocks * slice / slices * rowBlock;
        int p1 = blocks * (slice + 1) / slices * rowBlock;
        int buffer = Math.min(part, images.length - 1);
        for (int i = batch * r / RUNS, end = batch * (r + 1) / RUNS; i < end; i++) {
          conv.gradientImage(this, r, i, p0, p1, images[buffer], transposed[buffer]);
        }
      } else {
        for (int i = queue.next(); i >= 0; i = queue.next()) {
          conv.forwardImage(this, i, images[part], outs[part]);
        }
      }
    }

    private void ensureBuffers(int count) {
      if (images.length < count) {
        float[][] grownImages = Arrays.copyOf(images, count);
        float[][] grownOuts = Arrays.copyOf(outs, count);
        float[][] grownTransposed = Arrays.copyOf(transposed, count);
        for (int i = images.length; i < count; i++) {
          grownImages[i] = new float[conv.imageLength];
          grownOuts[i] = new float[conv.paddedFilters * conv.paddedColumns + conv.products.lanes()];
          grownTransposed[i] = conv.gradients ? new float[conv.columns * conv.gradientFilters] : NONE;
        }
        images = grownImages;
        outs = grownOuts;
        transposed = grownTransposed;
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.ShiftedProducts;
import dev.lamina.math.WinogradTransforms;
import dev.lamina.math.WorkerPool;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A 3×3 convolution with stride 1 by Winograd's F(m×m, 3×3) ({@link WinogradTransforms}): (m + 2)²
 * multiplications per m×m output tile and channel pair instead of 9m², as (m + 2)² matrix products
 * per block of tiles on the kernels of {@link ShiftedProducts}. F(4×4, 3×3) (36 for 16 outputs) runs
 * where its tiles fit the output well enough ({@link #outputTile}), F(2×2, 3×3) (16 for 4)
 * elsewhere. cuDNN, NNPACK and oneDNN (on AVX-512) offer the same algorithms; PyTorch's CPU
 * convolutions, through oneDNN, run the direct one. The results differ from a direct convolution's
 * by rounding only, but they are not the same bits: {@link Conv2D.Builder#algorithm} chooses.
 *
 * <p>Each image is copied once into m planes per channel, its padded columns by phase (column
 * m·j + p into plane p), so that the transforms load whole vectors of tiles. The tiles go in blocks
 * of whole tile rows, sized so that a block's transformed input V and product M stay in the L2
 * cache:
 *
 * <ul>
 *   <li>Forward, per block: V = Bᵀ d B per channel, M_ξ = U_ξ · V_ξ for each position ξ (U the
 *       transformed kernel, made again only when the kernel changed), Y = Aᵀ M A into a padded
 *       output, copied out with the bias (and a fused ReLU) per filter.
 *   <li>Input gradient: the convolution of dz with the flipped kernel, itself one of these.
 *   <li>Kernel gradient: dU_ξ += dM_ξ · V_ξᵀ over the tiles, dM = A dY Aᵀ from dz transposed to one
 *       row per pixel; then dW = Gᵀ dU G. The batch is summed in {@link ShiftedConvolution#RUNS}
 *       runs of images, each into its own dU, added in order.
 * </ul>
 *
 * <p>Threads: in the forward pass the threads take the images one at a time ({@link ImageQueue};
 * with fewer images than threads, each image's blocks, then its filters, are split); the kernel
 * gradient gives each run to a thread. Every value is computed by the same operations in the same
 * order for any thread count. The buffers live in the frame's {@link Work} and are reused.
 */
final class WinogradConvolution implements ConvolutionMethod<WinogradConvolution.Work> {
  /**
   * Fewer channels or filters than this convolve directly: the products' depth (channels) or rows
   * (filters) are then too few to pay for the transforms (16 and 16 at 28×28 ran at 0.8× the direct
   * convolution's speed with F(2×2, 3×3) and 1.03× with F(4×4, 3×3); 32 and 32 at 1.1× and 1.5×,
   * on the Zen 3 of 2026-12).
   */
  static final int MIN_CHANNELS = 32;
  /**
   * Outputs smaller than this along either axis convolve directly: a 7×7 output's tiles cover 8×8
   * pixels, and the 64-channel 7×7 layer of the resnet ran at 0.97× the direct convolution with
   * F(2×2, 3×3); F(4×4, 3×3) measured 1.08–1.14× there and 0.38× with 32 channels, taking 4 images'
   * tiles per block in code that was not kept.
   */
  static final int MIN_OUTPUT = 8;
  /**
   * F(4×4, 3×3) runs where its products are at most this share of F(2×2, 3×3)'s: its transforms
   * cost more per tile, and its blocks hold fewer tiles.
   */
  static final double LARGE_TILE_SHARE = 0.8;
  /** Floats of V and M per block, at most: 192 KB, within Zen 3's 512 KB L2 with the rest (256 KB measured slower). */
  private static final int BLOCK_FLOATS = 48 * 1024;

  private final ConvGeometry g;
  private final ShiftedProducts products;
  private final WinogradTransforms transforms;
  /** Output pixels per tile side (m), and positions per transformed tile ((m + 2)²). */
  private final int m;
  private final int xiCount;
  /** The input gradient's convolution (null for the adjoint itself). */
  private final @Nullable WinogradConvolution adjoint;
  /** Output tiles down and across: the output divided by m, rounded up. */
  private final int tileRows;
  private final int tileColumns;
  /** Floats per row of a column-phase plane, and per plane (rows of the padded image). */
  private final int phaseStride;
  private final int phasePlane;
  private final int imageLength;
  /** Tile rows per block, blocks per image, and the block's tiles (a row of V and M) with room to spare. */
  private final int blockRows;
  private final int blocks;
  private final int ld;
  /** Rows of V per position: channels, rounded up to the kernel gradient's row block. */
  private final int vRows;
  /** Rows of M per position: filters rounded up to the products' row panels. */
  private final int mRows;
  /**
   * V's row offsets, for the products: V and M hold a channel's (filter's) positions together,
   * [channel][ξ][tile], so that the transforms read and write within a few KB.
   */
  private final int[] offsets;
  /** Floats per row of the padded output (m per tile, in whole vectors), and per filter plane. */
  private final int outStride;
  private final int outPlane;
  /** Filters rounded up to whole vectors: the columns of dz transposed, dM and dUᵀ. */
  private final int gradientFilters;

  WinogradConvolution(ConvGeometry geometry, ShiftedProducts products, WinogradTransforms transforms) {
    this(geometry, products, transforms, true);
  }

  private WinogradConvolution(ConvGeometry g, ShiftedProducts products, WinogradTransforms transforms,
      boolean withAdjoint) {
    if (!supports(g)) {
      throw new IllegalArgumentException("not a convolution that WinogradConvolution.supports");
    }
    this.g = g;
    this.products = products;
    this.transforms = transforms;
    this.m = transforms.outputTile();
    this.xiCount = transforms.positions();
    int lanes = transforms.lanes();
    this.tileRows = (g.outHeight + m - 1) / m;
    this.tileColumns = (g.outWidth + m - 1) / m;
    this.phaseStride = tileColumns + 1;
    this.phasePlane = (m * tileRows + 2) * phaseStride;
    this.imageLength = g.channels * m * phasePlane + 2 * lanes; // the transforms read a vector past a row
    this.vRows = ShiftedProducts.roundUp(g.channels, products.gradientRowBlock());
    this.mRows = products.productRows(g.filters);
    this.gradientFilters = ShiftedProducts.roundUp(g.filters, lanes);
    this.blockRows = blockRows(lanes, BLOCK_FLOATS / (xiCount * (vRows + Math.max(mRows, gradientFilters))));
    this.blocks = (tileRows + blockRows - 1) / blockRows;
    // A row of V or M: the block's tiles, rounded up to the products' columns, plus the vector the
    // transforms write past the last tile.
    this.ld = ShiftedProducts.roundUp(blockRows * tileColumns, products.columnBlock()) + lanes;
    this.offsets = new int[vRows];
    for (int c = 0; c < vRows; c++) {
      offsets[c] = c * xiCount * ld;
    }
    this.outStride = m * ShiftedProducts.roundUp(tileColumns, lanes);
    this.outPlane = m * tileRows * outStride;
    this.adjoint = withAdjoint
        ? new WinogradConvolution(Convolution.adjointGeometry(g), products, transforms, false) : null;
  }

  /**
   * The tile rows per block that compute the fewest columns of V and M in all, at most
   * {@code maxTiles} tiles per block (or two vectors' worth, if more) unless one row is more. A
   * block's tiles count rounded up to pairs of vectors, the products' tile width on 16 registers (a
   * last single vector runs at about half the speed), plus a vector's worth for the block's own
   * costs.
   */
  private int blockRows(int lanes, int maxTiles) {
    int best = 1;
    long bestColumns = Long.MAX_VALUE;
    int most = Math.max(maxTiles, 2 * lanes); // fewer leave the products single vectors, at half speed
    for (int rows = 1; rows <= tileRows && (rows == 1 || rows * tileColumns <= most); rows++) {
      long columns = 0;
      for (int first = 0; first < tileRows; first += rows) {
        columns += ShiftedProducts.roundUp(Math.min(rows, tileRows - first) * tileColumns, 2 * lanes) + lanes;
      }
      if (columns < bestColumns) {
        best = rows;
        bestColumns = columns;
      }
    }
    return best;
  }

  /**
   * Whether a convolution runs as one of these: a 3×3 kernel, stride 1, dilation 1, one group, at
   * most 2 zeros on each side (so that the input gradient is one too), at least
   * {@link #MIN_CHANNELS} channels and filters, and an input and output (the input gradient's
   * output) of at least {@link #MIN_OUTPUT} pixels each way.
   */
  static boolean supports(ConvGeometry g) {
    return g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
        && g.dilationHeight == 1 && g.dilationWidth == 1 && g.groups == 1
        && g.padTop <= 2 && g.padBottom <= 2 && g.padLeft <= 2 && g.padRight <= 2
        && g.channels >= MIN_CHANNELS && g.filters >= MIN_CHANNELS
        && Math.min(Math.min(g.outHeight, g.outWidth), Math.min(g.height, g.width)) >= MIN_OUTPUT;
  }

  /**
   * The output tile for a convolution that {@link #supports}: 4 (F(4×4, 3×3)) where its products
   * are at most {@link #LARGE_TILE_SHARE} of F(2×2, 3×3)'s, counting the tiles that overhang the
   * output, and an image has at least two vectors of its tiles ({@code lanes} floats each), else 2.
   * With fewer, the products run on single vectors at half speed (an 8×8 output has 4 tiles): taking
   * several images' tiles side by side measured 1.25–1.33× the direct convolution against 1.22–1.24×
   * for F(2×2, 3×3), too little for the code it needs.
   */
  static int outputTile(ConvGeometry g, int lanes) {
    long small = 16L * ((g.outHeight + 1) / 2) * ((g.outWidth + 1) / 2);
    int largeTiles = ((g.outHeight + 3) / 4) * ((g.outWidth + 3) / 4);
    return 36L * largeTiles <= LARGE_TILE_SHARE * small && largeTiles >= 2 * lanes ? 4 : 2;
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

  /** The ReLU in the copy of each image's output out of its padded rows: no pass of its own. */
  @Override
  public boolean forwardRelu(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias,
      float @Nullable [] z, float[] y, boolean gradientFollows) {
    forward(w, x, batch, kernel, bias, z, y, gradientFollows);
    return true;
  }

  private void forward(Work w, float[] x, int batch, float[] kernel, float @Nullable [] bias, float @Nullable [] z,
      float @Nullable [] y, boolean gradientFollows) {
    if (w.packedFrom.changed(kernel)) {
      int pairs = g.filters * g.channels;
      for (int pair = 0; pair < pairs; pair++) {
        transforms.kernel(kernel, pair * 9, w.transformed, pair, pairs);
      }
      for (int xi = 0; xi < xiCount; xi++) {
        products.pack(g.filters, g.channels, w.transformed, xi * pairs, w.packed[xi]);
      }
    }
    w.run(false, x, null, batch, bias, z, y, gradientFollows);
  }

  @Override
  public void backward(Work w, float[] x, float[] dz, int batch, float[] kernel, float @Nullable [] dKernel,
      float @Nullable [] dBias, float @Nullable [] dx) {
    if (dKernel == null && dBias != null) {
      Convolution.biasGradient(g, dz, batch, dBias);
    }
    if (dKernel != null) {
      w.biasSums = dBias != null;
      for (int r = 0; r < ShiftedConvolution.RUNS; r++) {
        for (float[] position : w.gradients[r]) {
          Arrays.fill(position, 0f);
        }
        Arrays.fill(w.sums[r], 0.0);
      }
      w.run(true, x, dz, batch, null, null, null, false);
      for (int o = 0; o < g.filters; o++) {
        for (int c = 0; c < g.channels; c++) {
          // dUᵀ of run 0, plus the others in order, then Gᵀ dU G
          int at = c * gradientFilters + o;
          for (int xi = 0; xi < xiCount; xi++) {
            float sum = w.gradients[0][xi][at];
            for (int r = 1; r < ShiftedConvolution.RUNS; r++) {
              sum += w.gradients[r][xi][at];
            }
            w.transformed[xi] = sum;
          }
          transforms.kernelGradient(w.transformed, 0, 1, dKernel, (o * g.channels + c) * 9);
        }
        if (dBias != null) {
          dBias[o] = ShiftedConvolution.sumOfRuns(w.sums, o);
        }
      }
    }
    if (dx != null) {
      WinogradConvolution t = adjoint;
      if (t == null) {
        throw new IllegalStateException("the adjoint convolution computes no gradient");
      }
      w.adjointPass(g, t).inputGradient(dz, batch, kernel, dx);
    }
  }

  /** Copies image i into the column-phase planes: padded column m·j + p to plane p of its channel. */
  private void pad(float[] x, int i, float[] image) {
    int size = g.height * g.width;
    for (int c = 0; c < g.channels; c++) {
      int from = i * g.inFeatures + c * size;
      int planes = m * c * phasePlane + g.padTop * phaseStride;
      if (m == 4) {
        products.quarters(g.height, g.width, g.padLeft, x, from, g.width, image, planes, phasePlane, phaseStride);
        continue;
      }
      // everyOther may write zeros up to a vector past a short row: they fall on later rows, on
      // padding, or on the odd plane written next
      for (int p = 0; p < 2; p++) {
        int first = (p + g.padLeft) % 2; // the first input column at padded column parity p
        products.everyOther(g.height, (g.width - first + 1) / 2, x, from + first, g.width, image,
            planes + p * phasePlane + (first + g.padLeft) / 2, phaseStride);
      }
    }
  }

  /** V of the block's tiles from the padded image: every channel, tile row after tile row. */
  private void inputBlock(int block, float[] image, float[] v, float[] scratch) {
    int first = block * blockRows;
    int last = Math.min(tileRows, first + blockRows);
    for (int c = 0; c < g.channels; c++) {
      for (int ty = first; ty < last; ty++) {
        transforms.input(tileColumns, image, m * (c * phasePlane + ty * phaseStride), phasePlane, phaseStride, v,
            c * xiCount * ld + (ty - first) * tileColumns, ld, scratch);
      }
    }
  }

  /** Forward of one block of image i: V, the products per position, and Y into the padded output. */
  private void forwardBlock(Work w, int block, float[] image, float[] v, float[] scratch, float[] mt, float[] out) {
    inputBlock(block, image, v, scratch);
    int first = block * blockRows;
    int last = Math.min(tileRows, first + blockRows);
    int tiles = (last - first) * tileColumns;
    for (int xi = 0; xi < xiCount; xi++) {
      products.product(g.filters, tiles, g.channels, w.packed[xi], offsets, v, xi * ld, mt, xi * ld, xiCount * ld);
    }
    int lanes = transforms.lanes();
    if (tileColumns % (lanes / m) == 0 && tiles % lanes == 0) {
      // The block's rows together, whole vectors spanning rows: half the vectors of a row at a time
      // where a row of tiles fills half a vector (14×14 outputs with F(4×4, 3×3))
      for (int o = 0; o < g.filters; o++) {
        transforms.output(tiles, tileColumns, mt, o * xiCount * ld, ld, out, o * outPlane + m * first * outStride,
            outStride);
      }
      return;
    }
    int rowTiles = ShiftedProducts.roundUp(tileColumns, lanes);
    for (int o = 0; o < g.filters; o++) {
      for (int ty = last - 1; ty >= first; ty--) { // last to first: the transform overwrites a vector past its row
        transforms.output(tileColumns, rowTiles, mt, o * xiCount * ld + (ty - first) * tileColumns, ld, out,
            o * outPlane + m * ty * outStride, outStride);
      }
    }
  }

  /** Filters f0..f1 of the padded output copied to z (and y) of image i, with the bias. */
  private void unpadFilters(Work w, int i, int f0, int f1, float[] out) {
    for (int f = f0; f < f1; f++) {
      products.unpad(g.outHeight, g.outWidth, out, f * outPlane, outStride, w.z, i * g.outFeatures + f * g.pixels,
          w.bias != null ? w.bias[f] : 0f, w.y);
    }
  }

  /**
   * Run r's dUᵀ += the products of image i's blocks: V of the image, dM of its output gradient; and
   * the run's bias sums.
   */
  private void gradientImage(Work w, int r, int i, float[] image, float[] v, float[] scratch, float[] dm,
      float[] transposed) {
    if (w.kept.hold(w.batch)) {
      image = w.kept.slot(i);
    } else {
      pad(w.x, i, image);
    }
    int rowStride = g.outWidth * gradientFilters;
    ShiftedConvolution.transposeOutput(products, g, w.dz, i * g.outFeatures, transposed, rowStride, gradientFilters);
    if (w.biasSums) {
      products.columnSums(g.pixels, transposed, 0, gradientFilters, w.sums[r]);
    }
    for (int b = 0; b < blocks; b++) {
      inputBlock(b, image, v, scratch);
      int firstRow = b * blockRows;
      int lastRow = Math.min(tileRows, firstRow + blockRows);
      int tiles = (lastRow - firstRow) * tileColumns;
      for (int ty = firstRow, t = 0; ty < lastRow; ty++) {
        int rows = Math.min(m, g.outHeight - m * ty);
        for (int tx = 0; tx < tileColumns; tx++, t++) {
          transforms.outputGradient(g.filters, rows, Math.min(m, g.outWidth - m * tx), transposed,
              m * (ty * rowStride + tx * gradientFilters), rowStride, gradientFilters, dm, t * gradientFilters,
              tiles * gradientFilters);
        }
      }
      for (int xi = 0; xi < xiCount; xi++) {
        products.gradient(tiles, 0, vRows, offsets, v, xi * ld, dm, xi * tiles * gradientFilters,
            gradientFilters, w.gradients[r][xi]);
      }
    }
  }

  /**
   * A frame's working set: the transformed kernel packed per position, per thread a padded image,
   * V (and the input transform's scratch), M (or dM) and the padded output (or dz transposed), per
   * run dUᵀ, and the adjoint's own work. Made once per frame; grows with the pool, never per call.
   */
  static final class Work implements WorkerPool.Task {
    private static final float[] NONE = {};
    private final WinogradConvolution conv;
    /** U per position, then packed: one [filters × channels] matrix per position. */
    private final float[] transformed;
    /** The kernel that {@link #packed} was made from. */
    private final PackedKernel packedFrom;
    private final float[][] packed;
    /** Per run of images and position, dUᵀ: [channel][filter]. */
    private final float[][][] gradients;
    /** Per run, the bias gradient per filter, from dz transposed while in cache; summed when {@link #biasSums}. */
    private final double[][] sums;
    private boolean biasSums;
    private float[][] images = new float[0][];
    private float[][] vs = new float[0][];
    /** The input transform's working space ({@link WinogradTransforms#scratchLength()}). */
    private float[][] scratches = new float[0][];
    private float[][] ms = new float[0][];
    private float[][] outs = new float[0][];
    private Pass pass = Pass.IMAGES;
    private int batch;
    /** The images of the forward pass, one at a time to the threads. */
    private final ImageQueue queue = new ImageQueue();
    /** The padded images a training forward pass keeps for the kernel gradient. */
    private final KeptImages kept;
    private int image;
    private float[] x = NONE;
    private float[] dz = NONE;
    private float @Nullable [] z;
    private float @Nullable [] y;
    private float @Nullable [] bias;
    private @Nullable AdjointPass<Work> adjointPass;

    private Work(WinogradConvolution conv) {
      this.conv = conv;
      ConvGeometry g = conv.g;
      int positions = conv.xiCount;
      this.transformed = new float[positions * Math.max(1, g.filters * g.channels)];
      this.packed = new float[positions][conv.products.packedSize(g.filters, g.channels)];
      this.packedFrom = new PackedKernel(g.filters * g.patchSize);
      this.gradients = new float[ShiftedConvolution.RUNS][positions][conv.adjoint != null
          ? conv.vRows * conv.gradientFilters : 0];
      this.sums = new double[ShiftedConvolution.RUNS][conv.gradientFilters];
      this.kept = new KeptImages(conv.imageLength);
    }

    AdjointPass<Work> adjointPass(ConvGeometry g, WinogradConvolution adjoint) {
      if (adjointPass == null) {
        adjointPass = new AdjointPass<>(g, adjoint);
      }
      return adjointPass;
    }

    /** What a part of {@link #run(int, int)} computes. */
    private enum Pass {
      /** The forward pass of a run of images. */
      IMAGES,
      /** The forward pass of {@link #image} over a range of blocks. */
      BLOCKS,
      /** The copy of {@link #image}'s padded output for a range of filters out to z. */
      FILTERS,
      /** The kernel gradient of a run of images. */
      GRADIENT
    }

    /**
     * The forward pass over the batch, images split among the threads (with fewer images than
     * threads, each image's blocks, then its filters), or the kernel gradient's runs.
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
      int parts = backward ? ShiftedConvolution.RUNS : parallel ? Math.min(pool.threads(), batch) : 1;
      boolean byBlocks = !backward && parallel && batch < pool.threads();
      this.pass = backward ? Pass.GRADIENT : Pass.IMAGES;
      ensureBuffers(byBlocks ? pool.threads() : parallel ? parts : 1);
      if (!backward) {
        queue.reset(batch);
        kept.start(keep && !byBlocks, batch);
      }
      try {
        if (byBlocks) {
          forwardByBlocks(pool);
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

    /** Each image in turn: padded by the caller, its blocks split among the threads, then its filters' copies. */
    private void forwardByBlocks(WorkerPool pool) {
      for (int i = 0; i < batch; i++) {
        conv.pad(x, i, images[0]);
        image = i;
        pass = Pass.BLOCKS;
        pool.run(this, Math.min(pool.threads(), conv.blocks));
        pass = Pass.FILTERS;
        pool.run(this, Math.min(pool.threads(), conv.g.filters));
      }
    }

    @Override
    public void run(int part, int parts) {
      if (pass == Pass.BLOCKS) {
        for (int b = conv.blocks * part / parts, end = conv.blocks * (part + 1) / parts; b < end; b++) {
          conv.forwardBlock(this, b, images[0], vs[part], scratches[part], ms[part], outs[0]);
        }
      } else if (pass == Pass.FILTERS) {
        int filters = conv.g.filters;
        conv.unpadFilters(this, image, filters * part / parts, filters * (part + 1) / parts, outs[0]);
      } else if (pass == Pass.GRADIENT) {
        int buffer = Math.min(part, images.length - 1);
        for (int i = batch * part / parts, end = batch * (part + 1) / parts; i < end; i++) {
          conv.gradientImage(this, part, i, images[buffer], vs[buffer], scratches[buffer], ms[buffer], outs[buffer]);
        }
      } else {
        for (int i = queue.next(); i >= 0; i = queue.next()) {
          float[] image = kept.filling() ? kept.slot(i) : images[part];
          conv.pad(x, i, image);
          for (int b = 0; b < conv.blocks; b++) {
            conv.forwardBlock(this, b, image, vs[part], scratches[part], ms[part], outs[part]);
          }
          conv.unpadFilters(this, i, 0, conv.g.filters, outs[part]);
        }
      }
    }

    private void ensureBuffers(int count) {
      if (images.length < count) {
        WinogradConvolution c = conv;
        float[][] grownImages = Arrays.copyOf(images, count);
        float[][] grownVs = Arrays.copyOf(vs, count);
        float[][] grownScratches = Arrays.copyOf(scratches, count);
        float[][] grownMs = Arrays.copyOf(ms, count);
        float[][] grownOuts = Arrays.copyOf(outs, count);
        int blockTiles = c.blockRows * c.tileColumns;
        for (int i = images.length; i < count; i++) {
          grownImages[i] = new float[c.imageLength];
          grownVs[i] = new float[c.xiCount * c.vRows * c.ld];
          grownScratches[i] = new float[c.transforms.scratchLength()];
          grownMs[i] = new float[Math.max(c.xiCount * c.mRows * c.ld, c.xiCount * blockTiles * c.gradientFilters)];
          // the padded output, or dz transposed (one row per pixel)
          grownOuts[i] = new float[Math.max(c.g.filters * c.outPlane, c.g.pixels * c.gradientFilters)];
        }
        images = grownImages;
        vs = grownVs;
        scratches = grownScratches;
        ms = grownMs;
        outs = grownOuts;
      }
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul} on the Vector API: a register-blocked single-precision GEMM, run on the
 * {@link WorkerPool#current() current worker pool}. Only loaded when the incubator module is
 * present.
 *
 * <h2>Blocking scheme</h2>
 *
 * <p>Every call reduces to one canonical product {@code C = A·B}, with B read as rows of contiguous
 * floats ({@code b[p*ldb + j]}):
 *
 * <ul>
 *   <li><b>Micro-kernel</b> ({@link MicroKernels}): an {@value #MR}×{@code NR} tile of C, NR = 3
 *       vectors, lives in 24 vector accumulators; per depth step it loads one B row of the tile,
 *       broadcasts {@value #MR} values of A and issues 24 FMAs.
 *   <li><b>k blocks</b> of {@value #KC}. The first k block stores into C (or adds, when
 *       accumulating); later blocks add. Per block, A's rows are packed into {@value #MR}-row
 *       panels ({@link Packing#packA}), zero-padded past row m; then each column panel of B
 *       (kc×NR) is swept by all row panels of A. A transposed A already has the panels' layout
 *       at stride m: its whole panels are read in place ({@link StridedKernels}) while a k block
 *       spans at most {@value #TN_IN_PLACE_SPAN} floats.
 *   <li><b>B</b>: an untransposed B is read in place (row stride n); its partial last panel is
 *       computed as the whole vectors ending at column n, of which only the new columns are kept.
 *       A transposed B is packed panel by panel ({@link Packing#packTransposedB}).
 *   <li><b>Edges</b>: a partial column panel runs a 1- or 2-vector kernel. Tiles that stick out
 *       of C (past row m or column n) are computed in a scratch tile (which holds a copy of their
 *       part of C when adding) and only that part is copied back, so C is never touched past
 *       {@code m*n}. A scratch tile is used too when its columns overlap the previous panel's.
 *   <li><b>m = 1</b> (one sample) is a matrix-vector product: {@link Gemv}, split by columns.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * <p>A product of at least {@value #PARALLEL_FLOPS} flops is split into one block of C per
 * thread ({@link Job}): whole row panels, or whole column panels when B is the packed operand and
 * is larger than A (then each thread packs only its columns of B, and all of the smaller A); an
 * m = 1 product of at least {@value #GEMV_PARALLEL_FLOPS} flops into whole {@link Gemv#BLOCK}s
 * of columns. Each element of C is computed by the same instructions in the same order whichever
 * block it falls in, so results are bit-identical for every thread count. Scratch arrays are per thread and grow on
 * demand, and the task object is reused, so a warmed-up call allocates nothing.
 */
final class VectorMatMul implements MatMul {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /**
   * Whether the machine has 32 vector registers (AVX-512, and every AArch64 core) rather than 16
   * (x86 with AVX2 or SSE). The tile must fit: its accumulators, one vector of B per column vector
   * and a broadcast of A.
   */
  static final boolean REGISTERS_32 = L >= 16 || "aarch64".equals(System.getProperty("os.arch"));
  /** Rows of C per micro-tile: 8 ({@link MicroKernels}), or 6 ({@link MicroKernels6}) with 16 registers. */
  static final int MR = REGISTERS_32 ? MicroKernels.MR : MicroKernels6.MR;
  /** Vectors of columns per micro-tile: 3, or 2 with 16 registers. */
  static final int NR_VECTORS = REGISTERS_32 ? 3 : 2;
  /** Columns of C per micro-tile. */
  static final int NR = NR_VECTORS * L;
  /**
   * Depth of a k block: a B panel (KC×NR floats, 24 KiB with 512-bit vectors) stays in the
   * 48 KiB L1 data cache while all row panels of A sweep it. Measured on the 784→300 layer
   * shapes: 256 was 3-5% slower, also with the loops over row and column panels swapped.
   */
  static final int KC = 128;
  /**
   * Largest k block of Aᵀ, in floats ({@code kc*m}), that is read in place rather than packed
   * ({@link StridedKernels}). Reading in place strides by m floats per depth step; past this span
   * the kernel ran slower than packing. Measured (JMH, 1 thread): Aᵀ of 100×256 (dW of the
   * 100→10 layer) 11.4 µs in place vs 17.5 packed; 784×32 (dW of 784→300 at batch 32) 122–125
   * vs 114–117; 300×256 and 300×32 the same either way.
   */
  static final int TN_IN_PLACE_SPAN = 16 * 1024;
  /**
   * Products smaller than this (2·m·n·k flops) run on the calling thread alone. A hand-off to the
   * pool and back costs about 2.5 µs; measured on 2 idle cores (median per call), 8×256×256
   * (1 Mflop) went from 8.1 to 6.3 µs on 2 threads, 16×128×128 (0.5 Mflop) from 4.2 to 2.9 µs.
   * The threshold stays at 1 Mflop because a thread of the pool that is descheduled (a busy
   * machine) stalls the whole product, which costs most where the product is short.
   */
  static final int PARALLEL_FLOPS = 1 << 20;
  /**
   * The same for m = 1 products, which are bound by reading B from L2 rather than by FMAs: on two
   * threads, each core reads half of B. Measured (median per call, 2 idle cores): 1×784·784×300
   * (470 kflop) from 11.3 to 8.1 µs on 2 threads; 1×300·300×100 (60 kflop) only from 1.9 to
   * 1.7 µs.
   */
  static final int GEMV_PARALLEL_FLOPS = 1 << 17;

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
  private final ThreadLocal<Job> jobs = ThreadLocal.withInitial(() -> new Job(scratch));

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, boolean accumulate) {
    MatMuls.check(m, n, k, a, aOffset, b, bOffset, c, cOffset);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(c, cOffset, cOffset + m * n, 0f);
      }
      return;
    }
    WorkerPool pool = WorkerPool.current();
    Job job = jobs.get();
    job.set(m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
    try {
      pool.run(job, parts(m, n, k, pool.threads()) > 1);
    } finally {
      job.clear();
    }
  }

  /** How many blocks of C a product is split into on a pool of {@code threads}. */
  static int parts(int m, int n, int k, int threads) {
    if (m == 1) {
      return n >= 2 * Gemv.BLOCK && 2.0 * n * k >= GEMV_PARALLEL_FLOPS ? threads : 1;
    }
    return 2.0 * m * n * k < PARALLEL_FLOPS ? 1 : threads;
  }

  /**
   * Whether a product split into {@code parts} blocks splits C's columns rather than its rows:
   * when a transposed B, packed by every thread that needs it, is larger than A (which every
   * thread would then pack instead), or when there are fewer row panels than parts; and only if
   * there are column panels for every part.
   */
  static boolean splitsColumns(int m, int n, boolean transB, int parts) {
    int rowPanels = (m + MR - 1) / MR;
    int colPanels = (n + NR - 1) / NR;
    return colPanels >= parts && (transB ? n > m : rowPanels < parts);
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  /**
   * One call's product, split into blocks of C by {@code (part, parts)}; reused by every call of
   * the thread that owns it.
   */
  private static final class Job implements WorkerPool.Task {
    private final ThreadLocal<Scratch> scratch;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private int aOff;
    private boolean transA;
    private float[] b;
    private int bOff;
    private boolean transB;
    private float[] c;
    private int cOff;
    private boolean accumulate;

    Job(ThreadLocal<Scratch> scratch) {
      this.scratch = scratch;
    }

    void set(int m, int n, int k, float[] a, int aOff, boolean transA, float[] b, int bOff,
        boolean transB, float[] c, int cOff, boolean accumulate) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.aOff = aOff;
      this.transA = transA;
      this.b = b;
      this.bOff = bOff;
      this.transB = transB;
      this.c = c;
      this.cOff = cOff;
      this.accumulate = accumulate;
    }

    /** Drops the references to the caller's arrays. */
    void clear() {
      a = null;
      b = null;
      c = null;
    }

    @Override
    public void run(int part, int parts) {
      if (m == 1) {
        // A is 1×k whether or not it is transposed. Split the columns in whole Gemv blocks; the
        // last part ends at n.
        int blocks = n / Gemv.BLOCK;
        int j0 = part == 0 ? 0 : blocks * part / parts * Gemv.BLOCK;
        int j1 = part == parts - 1 ? n : blocks * (part + 1) / parts * Gemv.BLOCK;
        if (j0 < j1) {
          Gemv.multiply(transB, n, k, a, aOff, b, bOff, c, cOff, accumulate, scratch.get().vector(n),
              j0, j1);
        }
      } else if (parts > 1 && splitsColumns(m, n, transB, parts)) {
        int colPanels = (n + NR - 1) / NR;
        int j0 = colPanels * part / parts * NR;
        int j1 = Math.min(n, colPanels * (part + 1) / parts * NR);
        block(0, m, j0, j1);
      } else {
        int rowPanels = (m + MR - 1) / MR;
        int r0 = rowPanels * part / parts * MR;
        int r1 = Math.min(m, rowPanels * (part + 1) / parts * MR);
        block(r0, r1, 0, n);
      }
    }

    /**
     * Rows r0..r1, columns c0..c1 of C (+)= op(A)·op(B), with r0 a multiple of MR, c0 of NR, and
     * r1, c1 likewise or equal to m, n.
     */
    private void block(int r0, int r1, int c0, int c1) {
      if (r0 >= r1 || c0 >= c1) {
        return;
      }
      Scratch s = scratch.get();
      // Rows r0..packFrom are read in place (whole panels of a transposed A whose k block spans
      // little memory), the others packed.
      int packFrom = transA && Math.min(KC, k) * m <= TN_IN_PLACE_SPAN ? r1 - (r1 - r0) % MR : r0;
      float[] ap = s.packedA((r1 - packFrom + MR - 1) / MR * MR * Math.min(KC, k));
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        if (packFrom < r1) {
          Packing.packA(a, aOff, transA, m, k, pc, kc, packFrom, r1, ap, s.aGatherMap(transA, m, k));
        }
        for (int j0 = c0; j0 < c1; j0 += NR) {
          columnPanel(pc, kc, ap, packFrom, r0, r1, j0, Math.min(NR, c1 - j0), s);
        }
      }
    }

    /**
     * Adds the product of one k block to columns j0..j0+cols of rows r0..r1 of C; rows from
     * packFrom on are packed in {@code ap}, the rows before it read from A in place.
     */
    private void columnPanel(int pc, int kc, float[] ap, int packFrom, int r0, int r1, int j0,
        int cols, Scratch s) {
      int width = (cols + L - 1) / L * L; // the columns a kernel computes: whole vectors
      float[] bp;
      int bOff;
      int ldb;
      int skip;
      if (!transB && j0 + cols >= width) {
        // In place. A partial last panel is computed as the width columns ending at column n,
        // of which only the last cols are new.
        bp = b;
        bOff = this.bOff + pc * n + j0 + cols - width;
        ldb = n;
        skip = width - cols;
      } else {
        bp = s.panel();
        if (transB) {
          Packing.packTransposedB(b, this.bOff, k, pc, kc, j0, cols, bp, s.rowOffsets(k));
        } else {
          Packing.packNarrowB(b, this.bOff, n, pc, kc, j0, cols, bp);
        }
        bOff = 0;
        ldb = NR;
        skip = 0;
      }
      int vectors = width / L;
      boolean whole = skip == 0 && cols == width;
      boolean add = accumulate || pc > 0;
      float[] tile = s.tile();
      float[] c = this.c; // locals: the kernel calls would make the JIT reload fields
      int n = this.n;
      int m = this.m;
      float[] a = this.a;
      for (int i0 = r0; i0 < r1; i0 += MR) {
        boolean inPlace = i0 < packFrom;
        float[] aa = inPlace ? a : ap;
        int aOff = inPlace ? this.aOff + pc * m + i0 : (i0 - packFrom) * kc;
        int cOff = this.cOff + i0 * n + j0;
        if (whole && i0 + MR <= r1) {
          kernel(add, inPlace, vectors, kc, aa, aOff, m, bp, bOff, ldb, c, cOff, n);
        } else {
          int rows = Math.min(MR, r1 - i0);
          if (add) {
            tileFromC(tile, skip, rows, cols, c, cOff, n);
          }
          kernel(add, inPlace, vectors, kc, aa, aOff, m, bp, bOff, ldb, tile, 0, NR);
          tileToC(tile, skip, rows, cols, c, cOff, n);
        }
      }
    }
  }

  /**
   * One tile: the set or add kernel, for A packed or read in place at stride {@code ps}. The
   * kernels differ only in where they read A, so a tile's values do not depend on the choice.
   */
  private static void kernel(boolean add, boolean inPlace, int vectors, int kc, float[] a,
      int aOff, int ps, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    if (!REGISTERS_32) {
      kernel6(add, inPlace, vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    } else if (inPlace) {
      if (add) {
        StridedKernels.add(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
      } else {
        StridedKernels.set(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
      }
    } else if (add) {
      MicroKernels.add(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    } else {
      MicroKernels.set(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /** {@link #kernel} on a machine with 16 vector registers. */
  private static void kernel6(boolean add, boolean inPlace, int vectors, int kc, float[] a,
      int aOff, int ps, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    if (inPlace) {
      if (add) {
        StridedKernels6.add(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
      } else {
        StridedKernels6.set(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
      }
    } else if (add) {
      MicroKernels6.add(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    } else {
      MicroKernels6.set(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /**
   * Copies {@code rows×cols} of C from {@code c[cOff]} into a scratch tile, at the tile's column
   * {@code skip}. The rest of the tile keeps whatever it held: vector lanes are independent, and
   * the lanes outside C are never copied back.
   */
  private static void tileFromC(float[] tile, int skip, int rows, int cols, float[] c, int cOff,
      int ldc) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(c, cOff + r * ldc, tile, r * NR + skip, cols);
    }
  }

  /** Copies {@code rows×cols} of a scratch tile, from its column {@code skip}, to C. */
  private static void tileToC(float[] tile, int skip, int rows, int cols, float[] c, int cOff,
      int ldc) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(tile, r * NR + skip, c, cOff + r * ldc, cols);
    }
  }

  /** Per-thread scratch buffers, grown on demand and never shrunk. */
  private static final class Scratch {
    private float[] packedA = new float[0];
    private final float[] panel = new float[KC * NR];
    private final float[] tile = new float[MR * NR];
    private float[] vector = new float[0];
    private final int[] rowOffsets = new int[L];
    private int rowStride = -1;
    private final int[] aGatherMap = new int[L];
    private int aMapRows = -1;
    private int aMapDepth = -1;

    float[] packedA(int size) {
      if (packedA.length < size) {
        packedA = new float[size];
      }
      return packedA;
    }

    /** {@code i*k} for i &lt; L: the gather map of L consecutive rows of length k. */
    int[] rowOffsets(int k) {
      if (rowStride != k) {
        for (int i = 0; i < L; i++) {
          rowOffsets[i] = i * k;
        }
        rowStride = k;
      }
      return rowOffsets;
    }

    /** The gather map of {@link Packing#packA} for op(A) of m×k. */
    int[] aGatherMap(boolean transA, int m, int k) {
      int rows = transA ? 1 : k;
      int depth = transA ? m : 1;
      if (aMapRows != rows || aMapDepth != depth) {
        Packing.aGatherMap(transA, m, k, aGatherMap);
        aMapRows = rows;
        aMapDepth = depth;
      }
      return aGatherMap;
    }

    /** A scratch vector of at least n floats. */
    float[] vector(int n) {
      if (vector.length < n) {
        vector = new float[n];
      }
      return vector;
    }

    float[] panel() {
      return panel;
    }

    float[] tile() {
      return tile;
    }
  }
}

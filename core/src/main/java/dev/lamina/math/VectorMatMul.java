package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul} on the Vector API: a register-blocked single-precision GEMM. Only loaded when the
 * incubator module is present.
 *
 * <h2>Blocking scheme</h2>
 *
 * <p>Every call reduces to one canonical product {@code C = A·B}, with B read as rows of contiguous
 * floats ({@code b[p*ldb + j]}):
 *
 * <ul>
 *   <li><b>Micro-kernel</b> ({@link #kernel}): an {@value #MR}×{@code NR} tile of C, NR = 3
 *       vectors, lives in 24 vector accumulators. The innermost loop runs over k: it loads 3
 *       vectors of one B row, broadcasts {@value #MR} A values and issues 24 FMAs. It exists twice,
 *       for packed A ({@link #kernel}) and for A read in place ({@link #stridedKernel}).
 *   <li><b>k blocks</b> of {@value #KC}. The first k block stores into C (or adds, when
 *       accumulating); later blocks add.
 *   <li><b>A</b>: the kernel broadcasts, at each depth p, {@value #MR} consecutive floats
 *       {@code a[aOff + p*ps + r]}. A transposed A (stored k×m) already has this layout, with
 *       ps = m, and is read in place ({@link #stridedKernel}) unless its k block spans more than
 *       {@link #TN_IN_PLACE_SPAN} floats (then strided reads cost more than packing). Otherwise
 *       op(A)'s rows are packed per k block into {@value #MR}-row panels ({@code ap[p*MR + r]},
 *       ps = MR), read by {@link #kernel}. The partial last row panel (m not a multiple of MR) is
 *       always packed, zero-padded. Packing pays off when n is large (each panel is reused by
 *       n/NR column panels); for Aᵀ with small n it cost more than the product itself.
 *   <li><b>Column panels</b> of NR: each panel of B (kc×NR) is swept by all row panels of A.
 *       An untransposed B is read in place (row stride n); its partial last panel is computed
 *       as the NR columns ending at column n, of which only the new ones are kept. A
 *       transposed B is packed panel by panel with gathers ({@code b[j*k + p]} for L
 *       consecutive j), zero-padded on the right.
 *   <li><b>Edges</b>: a partial column panel runs a 1- or 2-vector variant of the kernel
 *       ({@link #kernel1}, {@link #kernel2}). Tiles that stick out of C (past row m or column n)
 *       go to a scratch tile and only their valid part is copied to C, so C is never touched past
 *       {@code m*n}. Tiles added to C (every k block after the first, or when accumulating) also
 *       go through the tile: the kernels themselves only store, with no branch. A kernel with an
 *       add branch was, once that branch was first taken after compilation, recompiled into code
 *       that boxed its accumulators (960 bytes and ~30% more time per call); whether that happened
 *       depended on warm-up order, which made whole runs slow.
 * </ul>
 *
 * <p>Scratch arrays are per thread and grow on demand, so a warmed-up call allocates nothing.
 * Blocking and summation order depend only on the shapes, so results are deterministic.
 */
final class VectorMatMul implements MatMul {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of C per micro-tile. */
  static final int MR = 8;
  /** Columns of C per micro-tile: 3 vectors. */
  static final int NR = 3 * L;
  /** Depth of a k block. */
  static final int KC = 128;
  /**
   * Largest k block of Aᵀ, in floats ({@code kc*m}), that is read in place rather than packed.
   * Reading in place strides by m floats per depth step; past this span (one 4 KiB page per step
   * for kc = 128 steps) the kernel ran slower than packing. Measured: m = 300 and m = 784 with
   * k = 32 are faster in place, m = 784 with kc = 128 is faster packed.
   */
  static final int TN_IN_PLACE_SPAN = 64 * 1024;

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, float[] b, float[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(c, 0, m * n, 0f);
      }
      return;
    }
    gemm(m, n, k, a, transA, b, transB, c, accumulate, scratch.get());
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  /**
   * C (+)= op(A)·op(B). Per k block: pack op(A)'s row panels that cannot be read in place, then
   * for each column panel of op(B), read it in place or pack it, and sweep it with all row panels.
   */
  private static void gemm(int m, int n, int k, float[] a, boolean transA, float[] b,
      boolean transB, float[] c, boolean accumulate, Scratch s) {
    int mPanels = (m + MR - 1) / MR;
    int fullRows = m - m % MR;
    // Aᵀ (stored k×m) is read in place when its k block spans little memory: the MR values of row
    // panel i0 at depth p are a[p*m + i0 .. +MR]. Then only its partial last panel is packed.
    // Otherwise, and always for A (stored m×k), all rows are packed.
    int packFrom = transA && Math.min(KC, k) * m <= TN_IN_PLACE_SPAN ? fullRows : 0;
    float[] ap = s.packedA((mPanels - packFrom / MR) * MR * Math.min(KC, k));
    float[] panel = s.panel();
    float[] tile = s.tile();
    int[] rowIndex = s.rowIndex(k);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean add = accumulate || pc > 0;
      packA(a, transA, m, k, pc, kc, packFrom, ap);
      for (int j0 = 0; j0 < n; j0 += NR) {
        int cols = Math.min(NR, n - j0);
        int width = (cols + L - 1) / L * L; // the columns a kernel computes: whole vectors
        int bOff;
        int ldb;
        int skip;
        float[] bp;
        if (!transB && j0 + cols >= width) {
          // In place. A partial last panel is computed as the width columns ending at column n,
          // of which only the last cols are new.
          bp = b;
          bOff = pc * n + j0 + cols - width;
          ldb = n;
          skip = width - cols;
        } else {
          packB(b, transB, n, k, pc, kc, j0, cols, panel, rowIndex);
          bp = panel;
          bOff = 0;
          ldb = NR;
          skip = 0;
        }
        int vectors = (skip + cols + L - 1) / L;
        boolean whole = skip == 0 && cols == vectors * L;
        for (int i0 = 0; i0 < m; i0 += MR) {
          int rows = Math.min(MR, m - i0);
          boolean inPlace = i0 < packFrom;
          float[] aa = inPlace ? a : ap;
          int aOff = inPlace ? pc * m + i0 : (i0 - packFrom) * kc;
          int ps = inPlace ? m : MR;
          int cOff = i0 * n + j0;
          if (whole && rows == MR && !add) {
            kernel(vectors, kc, aa, aOff, ps, bp, bOff, ldb, c, cOff, n);
          } else {
            kernel(vectors, kc, aa, aOff, ps, bp, bOff, ldb, tile, 0, NR);
            copyTile(tile, skip, rows, cols, c, cOff, n, add);
          }
        }
      }
    }
  }

  /**
   * Runs the micro-kernel for tiles of 1, 2 or 3 vectors' width, with A at stride ps: the packed
   * kernels when ps = MR (packed A, or Aᵀ with m = MR, which has the same layout), else the
   * strided ones.
   */
  private static void kernel(int vectors, int kc, float[] a, int aOff, int ps,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    switch (vectors) {
      case 3 -> {
        if (ps == MR) {
          kernel(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
        } else {
          stridedKernel(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
        }
      }
      case 2 -> {
        if (ps == MR) {
          kernel2(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
        } else {
          stridedKernel2(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
        }
      }
      default -> {
        if (ps == MR) {
          kernel1(kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
        } else {
          stridedKernel1(kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
        }
      }
    }
  }

  /**
   * Packs rows from..m ({@code from} a multiple of MR), columns pc..pc+kc of op(A) into MR-row
   * panels: panel i holds {@code ap[i*MR*kc + p*MR + r] = A[from + i*MR + r][pc + p]}, zero past
   * row m. A is m×k row-major, or stored k×m when {@code aTrans}.
   */
  static void packA(float[] a, boolean aTrans, int m, int k, int pc, int kc, int from,
      float[] ap) {
    int full = m - m % MR;
    if (aTrans) {
      // Row p of the block is contiguous: MR consecutive values of it go to each panel.
      int panelSize = MR * kc;
      for (int p = 0; p < kc; p++) {
        int src = (pc + p) * m;
        int dst = p * MR;
        for (int i0 = from; i0 < full; i0 += MR, dst += panelSize) {
          System.arraycopy(a, src + i0, ap, dst, MR);
        }
      }
    } else {
      for (int i0 = from, off = 0; i0 < full; i0 += MR, off += MR * kc) {
        for (int r = 0; r < MR; r++) {
          int src = (i0 + r) * k + pc;
          int dst = off + r;
          for (int p = 0; p < kc; p++) {
            ap[dst + p * MR] = a[src + p];
          }
        }
      }
    }
    if (full < m) {
      int off = (full - from) * kc;
      int rows = m - full;
      Arrays.fill(ap, off, off + MR * kc, 0f);
      for (int p = 0; p < kc; p++) {
        for (int r = 0; r < rows; r++) {
          ap[off + p * MR + r] = aTrans ? a[(pc + p) * m + full + r] : a[(full + r) * k + pc + p];
        }
      }
    }
  }

  /**
   * The micro-kernel (written out in full so that the accumulators stay in vector
   * registers): the MR×NR tile A·B, with A a packed panel at {@code a[aOff]} and B the kc×NR
   * panel at {@code b[bOff]} (row stride ldb), stored into (or, with {@code add}, added to)
   * {@code c[cOff + r*ldc + j]}.
   */
  static void kernel(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    FloatVector c40 = c00, c41 = c00, c42 = c00;
    FloatVector c50 = c00, c51 = c00, c52 = c00;
    FloatVector c60 = c00, c61 = c00, c62 = c00;
    FloatVector c70 = c00, c71 = c00, c72 = c00;
    for (int p = 0, bi = bOff; p < kc; p++, bi += ldb) {
      int ai = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      c42 = b2.fma(x, c42);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      c52 = b2.fma(x, c52);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      c62 = b2.fma(x, c62);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
      c72 = b2.fma(x, c72);
    }
    // Written out rather than via a helper: a call that is not inlined would box the
    // accumulators. No branch here: a recompilation after an untaken branch was first
    // taken boxed them (measured: 960 bytes and ~30% slower per call), so adding to C is
    // done by the caller, through the tile.
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c02.intoArray(c, o0 + 2 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c42.intoArray(c, o4 + 2 * L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
    c52.intoArray(c, o5 + 2 * L);
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c62.intoArray(c, o6 + 2 * L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
    c72.intoArray(c, o7 + 2 * L);
  }

  /** {@link #kernel} for a tile of MR×2 vectors (edge columns). */
  static void kernel2(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00;
    FloatVector c10 = c00, c11 = c00;
    FloatVector c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00;
    FloatVector c40 = c00, c41 = c00;
    FloatVector c50 = c00, c51 = c00;
    FloatVector c60 = c00, c61 = c00;
    FloatVector c70 = c00, c71 = c00;
    for (int p = 0, bi = bOff; p < kc; p++, bi += ldb) {
      int ai = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
    }
    // Written out rather than via a helper: a call that is not inlined would box the
    // accumulators. No branch here: a recompilation after an untaken branch was first
    // taken boxed them (measured: 960 bytes and ~30% slower per call), so adding to C is
    // done by the caller, through the tile.
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
  }

  /** {@link #kernel} for a tile of MR×1 vector (edge columns). */
  static void kernel1(int kc, float[] a, int aOff, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00;
    FloatVector c20 = c00;
    FloatVector c30 = c00;
    FloatVector c40 = c00;
    FloatVector c50 = c00;
    FloatVector c60 = c00;
    FloatVector c70 = c00;
    for (int p = 0, bi = bOff; p < kc; p++, bi += ldb) {
      int ai = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
    }
    // Written out rather than via a helper: a call that is not inlined would box the
    // accumulators. No branch here: a recompilation after an untaken branch was first
    // taken boxed them (measured: 960 bytes and ~30% slower per call), so adding to C is
    // done by the caller, through the tile.
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    c00.intoArray(c, o0);
    c10.intoArray(c, o1);
    c20.intoArray(c, o2);
    c30.intoArray(c, o3);
    c40.intoArray(c, o4);
    c50.intoArray(c, o5);
    c60.intoArray(c, o6);
    c70.intoArray(c, o7);
  }

  /**
   * {@link #kernel} with A read in place: the MR values of depth p are {@code a[aOff + p*ps + r]}.
   * A separate copy because with the packed kernel's constant stride the JIT drops A's bounds
   * checks, which was measured at about 8% on the large NN shapes.
   */
  static void stridedKernel(int kc, float[] a, int aOff, int ps, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    FloatVector c40 = c00, c41 = c00, c42 = c00;
    FloatVector c50 = c00, c51 = c00, c52 = c00;
    FloatVector c60 = c00, c61 = c00, c62 = c00;
    FloatVector c70 = c00, c71 = c00, c72 = c00;
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      c42 = b2.fma(x, c42);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      c52 = b2.fma(x, c52);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      c62 = b2.fma(x, c62);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
      c72 = b2.fma(x, c72);
    }
    // Written out rather than via a helper: a call that is not inlined would box the
    // accumulators. No branch here: a recompilation after an untaken branch was first
    // taken boxed them (measured: 960 bytes and ~30% slower per call), so adding to C is
    // done by the caller, through the tile.
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c02.intoArray(c, o0 + 2 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c42.intoArray(c, o4 + 2 * L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
    c52.intoArray(c, o5 + 2 * L);
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c62.intoArray(c, o6 + 2 * L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
    c72.intoArray(c, o7 + 2 * L);
  }

  /** {@link #stridedKernel} for a tile of MR×2 vectors (edge columns). */
  static void stridedKernel2(int kc, float[] a, int aOff, int ps, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00;
    FloatVector c10 = c00, c11 = c00;
    FloatVector c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00;
    FloatVector c40 = c00, c41 = c00;
    FloatVector c50 = c00, c51 = c00;
    FloatVector c60 = c00, c61 = c00;
    FloatVector c70 = c00, c71 = c00;
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
    }
    // Written out rather than via a helper: a call that is not inlined would box the
    // accumulators. No branch here: a recompilation after an untaken branch was first
    // taken boxed them (measured: 960 bytes and ~30% slower per call), so adding to C is
    // done by the caller, through the tile.
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
    c60.intoArray(c, o6);
    c61.intoArray(c, o6 + L);
    c70.intoArray(c, o7);
    c71.intoArray(c, o7 + L);
  }

  /** {@link #stridedKernel} for a tile of MR×1 vector (edge columns). */
  static void stridedKernel1(int kc, float[] a, int aOff, int ps, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00;
    FloatVector c20 = c00;
    FloatVector c30 = c00;
    FloatVector c40 = c00;
    FloatVector c50 = c00;
    FloatVector c60 = c00;
    FloatVector c70 = c00;
    for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ps, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = b0.fma(x, c00);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = b0.fma(x, c10);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = b0.fma(x, c20);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = b0.fma(x, c30);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = b0.fma(x, c40);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = b0.fma(x, c50);
      x = FloatVector.broadcast(S, a[ai + 6]);
      c60 = b0.fma(x, c60);
      x = FloatVector.broadcast(S, a[ai + 7]);
      c70 = b0.fma(x, c70);
    }
    // Written out rather than via a helper: a call that is not inlined would box the
    // accumulators. No branch here: a recompilation after an untaken branch was first
    // taken boxed them (measured: 960 bytes and ~30% slower per call), so adding to C is
    // done by the caller, through the tile.
    int o0 = cOff;
    int o1 = cOff + 1 * ldc;
    int o2 = cOff + 2 * ldc;
    int o3 = cOff + 3 * ldc;
    int o4 = cOff + 4 * ldc;
    int o5 = cOff + 5 * ldc;
    int o6 = cOff + 6 * ldc;
    int o7 = cOff + 7 * ldc;
    c00.intoArray(c, o0);
    c10.intoArray(c, o1);
    c20.intoArray(c, o2);
    c30.intoArray(c, o3);
    c40.intoArray(c, o4);
    c50.intoArray(c, o5);
    c60.intoArray(c, o6);
    c70.intoArray(c, o7);
  }

  /**
   * Copies (or adds) {@code rows×cols} of a scratch tile, starting at its column {@code skip}, into
   * C at {@code c[cOff]}.
   */
  private static void copyTile(float[] tile, int skip, int rows, int cols, float[] c, int cOff,
      int ldc, boolean add) {
    for (int r = 0; r < rows; r++) {
      int t = r * NR + skip;
      int o = cOff + r * ldc;
      if (add) {
        int j = 0;
        for (; j <= cols - L; j += L) {
          FloatVector.fromArray(S, tile, t + j).add(FloatVector.fromArray(S, c, o + j)).intoArray(c, o + j);
        }
        for (; j < cols; j++) {
          c[o + j] += tile[t + j];
        }
      } else {
        System.arraycopy(tile, t, c, o, cols);
      }
    }
  }

  /**
   * Packs rows pc..pc+kc, columns j0..j0+cols of op(B) into a contiguous kc×NR panel, zero-padded
   * on the right. B is k×n row-major, or stored n×k when {@code transB}.
   */
  static void packB(float[] b, boolean transB, int n, int k, int pc, int kc, int j0, int cols,
      float[] panel, int[] rowIndex) {
    if (cols < NR) {
      Arrays.fill(panel, 0, kc * NR, 0f);
    }
    if (transB) {
      int j = 0;
      for (; j + L <= cols; j += L) {
        int src = (j0 + j) * k + pc;
        for (int p = 0; p < kc; p++) {
          FloatVector.fromArray(S, b, src + p, rowIndex, 0).intoArray(panel, p * NR + j);
        }
      }
      for (; j < cols; j++) {
        int src = (j0 + j) * k + pc;
        for (int p = 0; p < kc; p++) {
          panel[p * NR + j] = b[src + p];
        }
      }
    } else {
      int vecCols = cols - cols % L;
      for (int p = 0; p < kc; p++) {
        int src = (pc + p) * n + j0;
        int dst = p * NR;
        for (int j = 0; j < vecCols; j += L) {
          FloatVector.fromArray(S, b, src + j).intoArray(panel, dst + j);
        }
        for (int j = vecCols; j < cols; j++) {
          panel[dst + j] = b[src + j];
        }
      }
    }
  }

  /** Dot product of the first n floats of x and y. */
  static float dot(float[] x, float[] y, int n) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < S.loopBound(n); i += S.length()) {
      acc = FloatVector.fromArray(S, x, i).fma(FloatVector.fromArray(S, y, i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  /** Per-thread scratch buffers, grown on demand and never shrunk. */
  private static final class Scratch {
    private float[] packedA = new float[0];
    private final float[] panel = new float[KC * NR];
    private final float[] tile = new float[MR * NR];

    float[] packedA(int size) {
      if (packedA.length < size) {
        packedA = new float[size];
      }
      return packedA;
    }



    private final int[] rowIndex = new int[L];
    private int rowIndexStride = -1;

    /** Offsets of L consecutive rows of stride {@code k}: the gather map for packing Bᵀ. */
    int[] rowIndex(int k) {
      if (rowIndexStride != k) {
        for (int i = 0; i < L; i++) {
          rowIndex[i] = i * k;
        }
        rowIndexStride = k;
      }
      return rowIndex;
    }

    float[] panel() {
      return panel;
    }

    float[] tile() {
      return tile;
    }
  }
}

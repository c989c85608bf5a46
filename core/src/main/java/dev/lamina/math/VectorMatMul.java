package dev.lamina.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
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
 *   <li><b>Micro-kernel</b> ({@link MicroKernels}): an {@value #MR}×{@code NR} tile of C, NR = 3
 *       vectors, lives in 24 vector accumulators; per depth step it loads one B row of the tile,
 *       broadcasts {@value #MR} values of A and issues 24 FMAs.
 *   <li><b>k blocks</b> of {@value #KC}. The first k block stores into C (or adds, when
 *       accumulating); later blocks add.
 *   <li><b>A</b> is packed per k block into {@value #MR}-row panels ({@link Packing#packA}),
 *       zero-padded past row m: each panel is then swept by every column panel of B.
 *   <li><b>Column panels</b> of NR: each panel of B (kc×NR) is swept by all row panels of A.
 *       An untransposed B is read in place (row stride n); its partial last panel is computed
 *       as the whole vectors ending at column n, of which only the new columns are kept. A
 *       transposed B is packed panel by panel ({@link Packing#packTransposedB}).
 *   <li><b>Edges</b>: a partial column panel runs a 1- or 2-vector kernel. Tiles that stick out
 *       of C (past row m or column n) go to a scratch tile and only their valid part is copied to
 *       C, so C is never touched past {@code m*n}.
 *   <li><b>m = 1</b> (one sample) is a matrix-vector product: {@link Gemv}.
 * </ul>
 *
 * <p>Scratch arrays are per thread and grow on demand, so a warmed-up call allocates nothing.
 * Blocking and summation order depend only on the shapes: each element of C is computed by the
 * same instructions whichever block of C a call computes, so results are deterministic.
 */
final class VectorMatMul implements MatMul {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of C per micro-tile. */
  static final int MR = 8;
  /** Columns of C per micro-tile: 3 vectors. */
  static final int NR = 3 * L;
  /**
   * Depth of a k block: a B panel (KC×NR floats, 24 KiB with 512-bit vectors) stays in the
   * 48 KiB L1 data cache while all row panels of A sweep it.
   */
  static final int KC = 128;

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
    Scratch s = scratch.get();
    if (m == 1) {
      // A is 1×k whether or not it is transposed.
      Gemv.multiply(transB, n, k, a, b, c, accumulate, s.tile());
      return;
    }
    block(m, n, k, a, transA, b, transB, c, accumulate, 0, m, 0, n, s);
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  /**
   * Rows r0..r1, columns c0..c1 of C (+)= op(A)·op(B), with r0 a multiple of MR and c0 of NR, and
   * r1, c1 likewise or equal to m, n. Per k block: pack op(A)'s rows, then for each column panel
   * of op(B), read it in place or pack it, and sweep it with all row panels.
   */
  private static void block(int m, int n, int k, float[] a, boolean transA, float[] b,
      boolean transB, float[] c, boolean accumulate, int r0, int r1, int c0, int c1,
      Scratch s) {
    float[] ap = s.packedA((r1 - r0 + MR - 1) / MR * MR * Math.min(KC, k));
    float[] panel = s.panel();
    float[] tile = s.tile();
    int[] rows = s.rowOffsets(k);
    int[] aMap = s.aGatherMap(transA, m, k);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean add = accumulate || pc > 0;
      Packing.packA(a, transA, m, k, pc, kc, r0, r1, ap, aMap);
      for (int j0 = c0; j0 < c1; j0 += NR) {
        int cols = Math.min(NR, c1 - j0);
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
          if (transB) {
            Packing.packTransposedB(b, k, pc, kc, j0, cols, panel, rows);
          } else {
            packNarrowB(b, n, pc, kc, j0, cols, panel);
          }
          bp = panel;
          bOff = 0;
          ldb = NR;
          skip = 0;
        }
        int vectors = (skip + cols + L - 1) / L;
        boolean whole = skip == 0 && cols == vectors * L;
        for (int i0 = r0; i0 < r1; i0 += MR) {
          int aOff = (i0 - r0) * kc;
          int cOff = i0 * n + j0;
          if (whole && i0 + MR <= r1) {
            MicroKernels.kernel(vectors, kc, ap, aOff, bp, bOff, ldb, c, cOff, n, add);
          } else {
            MicroKernels.kernel(vectors, kc, ap, aOff, bp, bOff, ldb, tile, 0, NR, false);
            copyTile(tile, skip, Math.min(MR, r1 - i0), cols, c, cOff, n, add);
          }
        }
      }
    }
  }

  /**
   * Copies rows pc..pc+kc, columns j0..j0+cols of an untransposed B narrower than one vector
   * (n &lt; L) into a kc×NR panel, zero-padded on the right.
   */
  private static void packNarrowB(float[] b, int n, int pc, int kc, int j0, int cols,
      float[] panel) {
    Arrays.fill(panel, 0, kc * NR, 0f);
    for (int p = 0; p < kc; p++) {
      System.arraycopy(b, (pc + p) * n + j0, panel, p * NR, cols);
    }
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
        for (int j = 0; j < cols; j++) {
          c[o + j] += tile[t + j];
        }
      } else {
        System.arraycopy(tile, t, c, o, cols);
      }
    }
  }

  /** Per-thread scratch buffers, grown on demand and never shrunk. */
  private static final class Scratch {
    private float[] packedA = new float[0];
    private final float[] panel = new float[KC * NR];
    private final float[] tile = new float[MR * NR];
    private final int[] rowOffsets = new int[L];
    private int rowStride = -1;

    private final int[] aGatherMap = new int[L];
    private int aMapRows = -1;
    private int aMapDepth = -1;

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

    float[] panel() {
      return panel;
    }

    float[] tile() {
      return tile;
    }
  }
}

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
 * <p>Everything reduces to one canonical product {@code C = A·B} where A is read as row streams
 * ({@code a[aOff + i*lda + p]}) and B as rows of contiguous floats ({@code b[p*ldb + j]}):
 *
 * <ul>
 *   <li><b>Micro-kernel</b> ({@link #kernel}): an {@value #MR}×{@code NR} tile of C, NR = 3
 *       vectors, lives in 24 vector accumulators. The innermost loop runs over k: it loads 3 vectors
 *       of one B row, broadcasts the {@value #MR} A values of that column and issues 24 FMAs.
 *   <li><b>k blocks</b> of {@value #KC}: the B panel a kernel call streams ({@code KC×NR}) and the
 *       A rows it reads stay in L1/L2; the first block stores into C (or adds, when accumulating),
 *       later blocks add.
 *   <li><b>Edges</b>: a partial row block re-reads its last valid row in the missing rows; a partial
 *       column panel is copied, zero-padded, into a scratch panel. Edge tiles go to a scratch tile
 *       and only their valid part is copied to C, so C is never touched past {@code m*n}.
 *   <li><b>Transposes</b>: C = op(A)·op(B) is computed either directly (transposing, into scratch,
 *       an operand that is not in the canonical layout) or as Cᵀ = op(B)ᵀ·op(A)ᵀ into scratch and
 *       then transposed into C; the plan that copies fewer floats wins. Example: the input
 *       gradient of a dense layer, dz·Wᵀ with a small batch, becomes (W·dzᵀ)ᵀ and reads W in place.
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
  /** Columns of C per micro-tile: three vectors. */
  static final int NR = 3 * L;
  /** Depth of a k block. */
  static final int KC = 256;

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
    // Floats copied by each plan: direct needs op(A) as m×k rows and op(B) as k×n rows; the
    // transposed plan needs op(B)ᵀ as n×k rows, op(A)ᵀ as k×m rows, and a final m×n transpose.
    long directCost = (transA ? (long) m * k : 0) + (transB ? (long) n * k : 0);
    long transposedCost = (long) m * n + (transB ? 0 : (long) n * k) + (transA ? 0 : (long) m * k);
    if (directCost <= transposedCost) {
      float[] ra = transA ? transpose(a, k, m, s.opA(m * k)) : a;
      float[] rb = transB ? transpose(b, n, k, s.opB(n * k)) : b;
      gemm(m, n, k, ra, rb, c, accumulate, s);
    } else {
      float[] ra = transB ? b : transpose(b, k, n, s.opB(n * k));
      float[] rb = transA ? a : transpose(a, m, k, s.opA(m * k));
      float[] ct = s.ct(m * n);
      gemm(n, m, k, ra, rb, ct, false, s);
      transposeInto(ct, n, m, c, accumulate);
    }
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  /**
   * The canonical product C (+)= A·B with A m×k, B k×n and C m×n, all row-major with natural
   * strides.
   */
  private static void gemm(int m, int n, int k, float[] a, float[] b, float[] c,
      boolean accumulate, Scratch s) {
    int nFull = n - n % NR;
    int edgeCols = n - nFull;
    float[] edge = edgeCols > 0 ? s.edge() : null;
    float[] tile = s.tile();
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean add = accumulate || pc > 0;
      for (int j0 = 0; j0 < nFull; j0 += NR) {
        for (int i0 = 0; i0 < m; i0 += MR) {
          int rows = Math.min(MR, m - i0);
          int aOff = i0 * k + pc;
          int bOff = pc * n + j0;
          if (rows == MR) {
            kernel(kc, a, aOff, k, rows, b, bOff, n, c, i0 * n + j0, n, add);
          } else {
            kernel(kc, a, aOff, k, rows, b, bOff, n, tile, 0, NR, false);
            copyTile(tile, rows, NR, c, i0 * n + j0, n, add);
          }
        }
      }
      if (edge != null) {
        packEdge(b, n, pc, kc, nFull, edgeCols, edge);
        for (int i0 = 0; i0 < m; i0 += MR) {
          int rows = Math.min(MR, m - i0);
          kernel(kc, a, i0 * k + pc, k, rows, edge, 0, NR, tile, 0, NR, false);
          copyTile(tile, rows, edgeCols, c, i0 * n + nFull, n, add);
        }
      }
    }
  }

  /**
   * The micro-kernel: an MR×NR tile T = A[rows, kc]·B[kc, NR], stored into (or, with {@code add},
   * added to) {@code c[cOff + r*ldc + j]} for all MR rows. Rows past {@code rows} repeat the last
   * valid A row, so the caller must send such tiles to scratch.
   */
  private static void kernel(int kc, float[] a, int aOff, int lda, int rows,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean add) {
    int last = rows - 1;
    int a0 = aOff;
    int a1 = aOff + Math.min(1, last) * lda;
    int a2 = aOff + Math.min(2, last) * lda;
    int a3 = aOff + Math.min(3, last) * lda;
    int a4 = aOff + Math.min(4, last) * lda;
    int a5 = aOff + Math.min(5, last) * lda;
    int a6 = aOff + Math.min(6, last) * lda;
    int a7 = aOff + Math.min(7, last) * lda;
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    FloatVector c40 = c00, c41 = c00, c42 = c00;
    FloatVector c50 = c00, c51 = c00, c52 = c00;
    FloatVector c60 = c00, c61 = c00, c62 = c00;
    FloatVector c70 = c00, c71 = c00, c72 = c00;
    int bp = bOff;
    for (int p = 0; p < kc; p++, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      x = FloatVector.broadcast(S, a[a4 + p]);
      c40 = b0.fma(x, c40);
      c41 = b1.fma(x, c41);
      c42 = b2.fma(x, c42);
      x = FloatVector.broadcast(S, a[a5 + p]);
      c50 = b0.fma(x, c50);
      c51 = b1.fma(x, c51);
      c52 = b2.fma(x, c52);
      x = FloatVector.broadcast(S, a[a6 + p]);
      c60 = b0.fma(x, c60);
      c61 = b1.fma(x, c61);
      c62 = b2.fma(x, c62);
      x = FloatVector.broadcast(S, a[a7 + p]);
      c70 = b0.fma(x, c70);
      c71 = b1.fma(x, c71);
      c72 = b2.fma(x, c72);
    }
    // Written out rather than via a helper: a non-inlined call would box the accumulators.
    if (add) {
      int o0 = cOff;
      int o1 = cOff + 1 * ldc;
      int o2 = cOff + 2 * ldc;
      int o3 = cOff + 3 * ldc;
      int o4 = cOff + 4 * ldc;
      int o5 = cOff + 5 * ldc;
      int o6 = cOff + 6 * ldc;
      int o7 = cOff + 7 * ldc;
      c00.add(FloatVector.fromArray(S, c, o0)).intoArray(c, o0);
      c01.add(FloatVector.fromArray(S, c, o0 + L)).intoArray(c, o0 + L);
      c02.add(FloatVector.fromArray(S, c, o0 + 2 * L)).intoArray(c, o0 + 2 * L);
      c10.add(FloatVector.fromArray(S, c, o1)).intoArray(c, o1);
      c11.add(FloatVector.fromArray(S, c, o1 + L)).intoArray(c, o1 + L);
      c12.add(FloatVector.fromArray(S, c, o1 + 2 * L)).intoArray(c, o1 + 2 * L);
      c20.add(FloatVector.fromArray(S, c, o2)).intoArray(c, o2);
      c21.add(FloatVector.fromArray(S, c, o2 + L)).intoArray(c, o2 + L);
      c22.add(FloatVector.fromArray(S, c, o2 + 2 * L)).intoArray(c, o2 + 2 * L);
      c30.add(FloatVector.fromArray(S, c, o3)).intoArray(c, o3);
      c31.add(FloatVector.fromArray(S, c, o3 + L)).intoArray(c, o3 + L);
      c32.add(FloatVector.fromArray(S, c, o3 + 2 * L)).intoArray(c, o3 + 2 * L);
      c40.add(FloatVector.fromArray(S, c, o4)).intoArray(c, o4);
      c41.add(FloatVector.fromArray(S, c, o4 + L)).intoArray(c, o4 + L);
      c42.add(FloatVector.fromArray(S, c, o4 + 2 * L)).intoArray(c, o4 + 2 * L);
      c50.add(FloatVector.fromArray(S, c, o5)).intoArray(c, o5);
      c51.add(FloatVector.fromArray(S, c, o5 + L)).intoArray(c, o5 + L);
      c52.add(FloatVector.fromArray(S, c, o5 + 2 * L)).intoArray(c, o5 + 2 * L);
      c60.add(FloatVector.fromArray(S, c, o6)).intoArray(c, o6);
      c61.add(FloatVector.fromArray(S, c, o6 + L)).intoArray(c, o6 + L);
      c62.add(FloatVector.fromArray(S, c, o6 + 2 * L)).intoArray(c, o6 + 2 * L);
      c70.add(FloatVector.fromArray(S, c, o7)).intoArray(c, o7);
      c71.add(FloatVector.fromArray(S, c, o7 + L)).intoArray(c, o7 + L);
      c72.add(FloatVector.fromArray(S, c, o7 + 2 * L)).intoArray(c, o7 + 2 * L);
    } else {
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
  }

  /** Copies (or adds) the valid {@code rows×cols} corner of a scratch tile into C. */
  private static void copyTile(float[] tile, int rows, int cols, float[] c, int cOff, int ldc,
      boolean add) {
    for (int r = 0; r < rows; r++) {
      int t = r * NR;
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

  /**
   * Copies B[pc..pc+kc, j0..j0+cols) into {@code edge} as a kc×NR panel, zero-padded on the
   * right.
   */
  private static void packEdge(float[] b, int ldb, int pc, int kc, int j0, int cols,
      float[] edge) {
    for (int p = 0; p < kc; p++) {
      System.arraycopy(b, (pc + p) * ldb + j0, edge, p * NR, cols);
      Arrays.fill(edge, p * NR + cols, (p + 1) * NR, 0f);
    }
  }

  private static final int TB = 16;

  /** Writes the cols×rows transpose of the row-major rows×cols {@code src} into {@code dst}. */
  static float[] transpose(float[] src, int rows, int cols, float[] dst) {
    for (int i0 = 0; i0 < rows; i0 += TB) {
      int i1 = Math.min(rows, i0 + TB);
      for (int j0 = 0; j0 < cols; j0 += TB) {
        int j1 = Math.min(cols, j0 + TB);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[j * rows + i] = src[i * cols + j];
          }
        }
      }
    }
    return dst;
  }

  /** {@code dst (+)= srcᵀ}, with src row-major rows×cols and dst cols×rows. */
  private static void transposeInto(float[] src, int rows, int cols, float[] dst,
      boolean add) {
    if (!add) {
      transpose(src, rows, cols, dst);
      return;
    }
    for (int i0 = 0; i0 < rows; i0 += TB) {
      int i1 = Math.min(rows, i0 + TB);
      for (int j0 = 0; j0 < cols; j0 += TB) {
        int j1 = Math.min(cols, j0 + TB);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[j * rows + i] += src[i * cols + j];
          }
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
    private float[] opA = new float[0];
    private float[] opB = new float[0];
    private float[] ct = new float[0];
    private final float[] edge = new float[KC * NR];
    private final float[] tile = new float[MR * NR];

    float[] opA(int size) {
      if (opA.length < size) {
        opA = new float[size];
      }
      return opA;
    }

    float[] opB(int size) {
      if (opB.length < size) {
        opB = new float[size];
      }
      return opB;
    }

    float[] ct(int size) {
      if (ct.length < size) {
        ct = new float[size];
      }
      return ct;
    }

    float[] edge() {
      return edge;
    }

    float[] tile() {
      return tile;
    }
  }
}

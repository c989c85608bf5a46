// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static dev.lamina.math.VectorMatMul.MR;
import static dev.lamina.math.VectorMatMul.NR;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of the operands of {@link VectorMatMul} into the layouts its
 * {@link MicroKernels} read.
 *
 * <ul>
 *   <li>A, per k block, into panels of {@value VectorMatMul#MR} rows: panel i holds
 *       {@code ap[i*MR*kc + p*MR + r] = op(A)[r0 + i*MR + r][pc + p]}, so that the kernel
 *       broadcasts consecutive floats. One vector of a panel holds L/MR depths of MR rows; it is
 *       gathered from A in one instruction ({@link #aGatherMap} gives the offsets).
 *   <li>Bᵀ (stored n×k), per k block and column panel, into a kc×NR panel with row stride NR:
 *       gathers of L rows at a time. An untransposed B is read in place (see VectorMatMul),
 *       unless it is narrower than one vector.
 * </ul>
 *
 * <p>Measured on the 784→300 layer at batch 256 (AVX-512, JDK 17): packing A one float at a time
 * took 12% of the NN product and 15% of the TN one. Gathers of 256-bit vectors (one depth) fell
 * back to Java code on JDK 17, so the gathers use the preferred width.
 */
final class Packing {
  private static final VectorSpecies<Float> S = VectorMatMul.S;
  private static final int L = S.length();
  /** Depths of one A panel per vector: 2 with 512-bit vectors, 1 with 256-bit ones. */
  private static final int DEPTHS = L / MR;
  private static final boolean GATHER_A = VectorInstructions.INDEXED && L % MR == 0;

  private Packing() {}

  /**
   * The offsets, from {@code A[i][p]}, of the L floats of one vector of an A panel:
   * {@code A[i + l % MR][p + l / MR]} for lane l. A is m×k row-major, or stored k×m when
   * {@code transA}.
   */
  static void aGatherMap(boolean transA, int m, int k, int[] map) {
    int rowStride = transA ? 1 : k;
    int depthStride = transA ? m : 1;
    for (int l = 0; l < L; l++) {
      map[l] = l % MR * rowStride + l / MR * depthStride;
    }
  }

  /**
   * Packs rows r0..r1 ({@code r0} a multiple of MR), columns pc..pc+kc of op(A) into MR-row panels
   * at {@code ap[0]}, zero past row r1. A is m×k row-major, or stored k×m when {@code transA},
   * from {@code a[aOff]}; {@code map} comes from {@link #aGatherMap}.
   */
  static void packA(float[] a, int aOff, boolean transA, int m, int k, int pc, int kc, int r0, int r1,
      float[] ap, int[] map) {
    int full = r1 - (r1 - r0) % MR;
    int panelSize = MR * kc;
    int vectorDepth = GATHER_A ? kc - kc % DEPTHS : 0;
    int rowStride = transA ? 1 : k;
    int depthStride = transA ? m : 1;
    for (int i0 = r0, off = 0; i0 < full; i0 += MR, off += panelSize) {
      int src = aOff + i0 * rowStride + pc * depthStride;
      for (int p = 0; p < vectorDepth; p += DEPTHS) {
        gather(a, src + p * depthStride, map, ap, off + p * MR);
      }
    }
    if (vectorDepth < kc) {
      packScalar(a, aOff, transA, m, k, pc + vectorDepth, kc - vectorDepth, r0, full, ap,
          vectorDepth * MR, kc);
    }
    if (full < r1) {
      int off = (full - r0) * kc;
      Arrays.fill(ap, off, off + panelSize, 0f);
      packScalar(a, aOff, transA, m, k, pc, kc, full, r1, ap, off, kc);
    }
  }

  /**
   * packA for rows from..to, depths pc..pc+kc, one float at a time, into panels of {@code
   * stride*MR} floats starting at {@code ap[off]}.
   */
  private static void packScalar(float[] a, int aOff, boolean transA, int m, int k, int pc, int kc,
      int from, int to, float[] ap, int off, int stride) {
    for (int i0 = from; i0 < to; i0 += MR, off += MR * stride) {
      int rows = Math.min(MR, to - i0);
      if (transA) {
        for (int p = 0; p < kc; p++) {
          for (int r = 0, src = aOff + (pc + p) * m + i0; r < rows; r++) {
            ap[off + p * MR + r] = a[src + r];
          }
        }
      } else {
        for (int r = 0; r < rows; r++) {
          for (int p = 0, src = aOff + (i0 + r) * k + pc; p < kc; p++) {
            ap[off + p * MR + r] = a[src + p];
          }
        }
      }
    }
  }

  /**
   * Copies rows pc..pc+kc, columns j0..j0+cols of an untransposed B (from {@code b[bOff]})
   * narrower than one vector (n &lt; L) into a kc×NR panel, zero-padded on the right.
   */
  static void packNarrowB(float[] b, int bOff, int n, int pc, int kc, int j0, int cols, float[] panel) {
    Arrays.fill(panel, 0, kc * NR, 0f);
    for (int p = 0; p < kc; p++) {
      System.arraycopy(b, bOff + (pc + p) * n + j0, panel, p * NR, cols);
    }
  }

  /**
   * Packs rows pc..pc+kc, columns j0..j0+cols of Bᵀ (B stored n×k from {@code b[bOff]}) into a
   * kc×NR panel, zero-padded on the right. {@code rows} must hold {@code i*k} at index i.
   */
  static void packTransposedB(float[] b, int bOff, int k, int pc, int kc, int j0, int cols,
      float[] panel, int[] rows) {
    if (cols < NR) {
      Arrays.fill(panel, 0, kc * NR, 0f);
    }
    int j = 0;
    for (; VectorInstructions.INDEXED && j + L <= cols; j += L) {
      int src = bOff + (j0 + j) * k + pc;
      for (int p = 0; p < kc; p++) {
        gather(b, src + p, rows, panel, p * NR + j);
      }
    }
    for (; j < cols; j++) {
      int src = bOff + (j0 + j) * k + pc;
      for (int p = 0; p < kc; p++) {
        panel[p * NR + j] = b[src + p];
      }
    }
  }

  /**
   * One vector gathered and stored: {@code dst[dstOff + l] = src[base + map[l]]} for each lane l.
   * Every gather of both packings calls it, so that C2 compiles it within the first batch: until
   * then each gather ran as Java code that allocated its vectors (~800 bytes), and a packing
   * called only a few times per batch (Bᵀ of a small dense layer's input gradient: twice per
   * batch in the resnet workload) stayed uncompiled for ~1,000 batches. Inlined where it is hot.
   */
  private static void gather(float[] src, int base, int[] map, float[] dst, int dstOff) {
    FloatVector.fromArray(S, src, base, map, 0).intoArray(dst, dstOff);
  }
}

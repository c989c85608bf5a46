// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The portable {@link MatMul}: EJML's {@code CommonOps_FDRM} on wrapped arrays. Runs on any JVM and
 * is the reference the fast kernel is tested against. EJML reads matrices from index 0, so an
 * operand at a non-zero offset is first copied into a scratch array of the calling thread (grown on
 * demand), and C, when it has an offset, is computed there and copied back.
 */
public final class EjmlMatMul implements MatMul {
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, boolean accumulate) {
    MatMuls.check(m, n, k, a, aOffset, b, bOffset, c, cOffset);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        java.util.Arrays.fill(c, cOffset, cOffset + m * n, 0f);
      }
      return;
    }
    Scratch s = scratch.get();
    float[] aa = aOffset == 0 ? a : s.copy(0, a, aOffset, m * k);
    float[] bb = bOffset == 0 ? b : s.copy(1, b, bOffset, k * n);
    float[] cc = cOffset == 0 ? c : accumulate ? s.copy(2, c, cOffset, m * n) : s.array(2, m * n);
    ejml(transA, transB, m, n, k, aa, bb, cc, accumulate);
    if (cc != c) {
      System.arraycopy(cc, 0, c, cOffset, m * n);
    }
  }

  private static void ejml(boolean transA, boolean transB, int m, int n, int k,
      float[] a, float[] b, float[] c, boolean accumulate) {
    FMatrixRMaj ma = transA ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(m, k, a);
    FMatrixRMaj mb = transB ? FMatrixRMaj.wrap(n, k, b) : FMatrixRMaj.wrap(k, n, b);
    FMatrixRMaj mc = FMatrixRMaj.wrap(m, n, c);
    if (accumulate) {
      if (transA && transB) {
        CommonOps_FDRM.multAddTransAB(ma, mb, mc);
      } else if (transA) {
        CommonOps_FDRM.multAddTransA(ma, mb, mc);
      } else if (transB) {
        CommonOps_FDRM.multAddTransB(ma, mb, mc);
      } else {
        CommonOps_FDRM.multAdd(ma, mb, mc);
      }
    } else if (transA && transB) {
      CommonOps_FDRM.multTransAB(ma, mb, mc);
    } else if (transA) {
      CommonOps_FDRM.multTransA(ma, mb, mc);
    } else if (transB) {
      CommonOps_FDRM.multTransB(ma, mb, mc);
    } else {
      CommonOps_FDRM.mult(ma, mb, mc);
    }
  }

  @Override
  public String name() {
    return "ejml";
  }

  /** Per-thread copies of the operands that have an offset: A, B and C. */
  private static final class Scratch {
    private final float[][] arrays = {new float[0], new float[0], new float[0]};

    float[] array(int which, int size) {
      if (arrays[which].length < size) {
        arrays[which] = new float[size];
      }
      return arrays[which];
    }

    float[] copy(int which, float[] from, int offset, int size) {
      float[] to = array(which, size);
      System.arraycopy(from, offset, to, 0, size);
      return to;
    }
  }
}

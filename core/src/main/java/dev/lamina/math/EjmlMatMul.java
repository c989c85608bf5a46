package dev.lamina.math;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The portable {@link MatMul}: EJML's {@code CommonOps_FDRM} on wrapped arrays. Runs on any JVM and
 * is the reference the fast kernel is tested against.
 */
public final class EjmlMatMul implements MatMul {

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, float[] b, float[] c, boolean accumulate) {
    MatMuls.check(m, n, k, a, b, c);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        java.util.Arrays.fill(c, 0, m * n, 0f);
      }
      return;
    }
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
}

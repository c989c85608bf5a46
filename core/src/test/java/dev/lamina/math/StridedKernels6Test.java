// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** {@link StridedKernels6} (A read in place at a stride) against the tile contract, on this machine whatever it selects. */
class StridedKernels6Test extends TileKernelContract {
  @Override
  int rows() {
    return 6;
  }

  @Override
  int maxVectors() {
    return 2;
  }

  @Override
  int aStride(int rows) {
    return rows + 3;
  }

  @Override
  void run(boolean add, int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (add) {
      StridedKernels6.add(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    } else {
      StridedKernels6.set(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** {@link StridedKernels} (A read in place at a stride) against the tile contract, on this machine whatever it selects. */
class StridedKernelsTest extends TileKernelContract {
  @Override
  int rows() {
    return 8;
  }

  @Override
  int maxVectors() {
    return 3;
  }

  @Override
  int aStride(int rows) {
    return rows + 3;
  }

  @Override
  void run(boolean add, int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (add) {
      StridedKernels.add(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    } else {
      StridedKernels.set(vectors, kc, a, aOff, ps, b, bOff, ldb, c, cOff, ldc);
    }
  }
}

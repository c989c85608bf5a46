// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** {@link MicroKernels} (packed A panels) against the tile contract, on this machine whatever it selects. */
class MicroKernelsTest extends TileKernelContract {
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
    return rows;
  }

  @Override
  void run(boolean add, int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (add) {
      MicroKernels.add(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    } else {
      MicroKernels.set(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }
}

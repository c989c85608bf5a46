// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** {@link MicroKernels6} (packed A panels) against the tile contract, on this machine whatever it selects. */
class MicroKernels6Test extends TileKernelContract {
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
    return rows;
  }

  @Override
  void run(boolean add, int vectors, int kc, float[] a, int aOff, int ps, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (add) {
      MicroKernels6.add(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    } else {
      MicroKernels6.set(vectors, kc, a, aOff, b, bOff, ldb, c, cOff, ldc);
    }
  }
}

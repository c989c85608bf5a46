// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static dev.lamina.math.EjmlMatMulTest.assertProduct;
import static dev.lamina.math.EjmlMatMulTest.assertTail;
import static dev.lamina.math.EjmlMatMulTest.describe;
import static dev.lamina.math.EjmlMatMulTest.naive;
import static dev.lamina.math.EjmlMatMulTest.randomC;
import static dev.lamina.math.EjmlMatMulTest.randomWithSpare;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMatMul} against {@link EjmlMatMul}, the reference: shapes around the vector length
 * and the kernel's tile and k-block sizes, every transpose combination, accumulation, spare
 * buffer capacity, determinism and thread safety.
 */
class VectorMatMulTest {
  private static final double TOL = 1e-5;
  private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

  private final VectorMatMul vec = new VectorMatMul();
  private final EjmlMatMul ejml = new EjmlMatMul();

  @Test
  void randomSmallShapes() {
    Random rnd = new Random(2024);
    int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 15, 16, 17, 24, 31, 32, 33, 47, 48, 49,
        63, 64, 65, 95, 96, 97, 100};
    for (int trial = 0; trial < 600; trial++) {
      int m = sizes[rnd.nextInt(sizes.length)];
      int n = sizes[rnd.nextInt(sizes.length)];
      int k = sizes[rnd.nextInt(sizes.length)];
      compare(rnd, m, n, k, trial % 4 >= 2, trial % 2 == 1, rnd.nextBoolean());
    }
  }

  @Test
  void randomMediumShapes() {
    Random rnd = new Random(99);
    for (int trial = 0; trial < 60; trial++) {
      int m = 1 + rnd.nextInt(150);
      int n = 1 + rnd.nextInt(150);
      int k = 1 + rnd.nextInt(600);
      compare(rnd, m, n, k, trial % 4 >= 2, trial % 2 == 1, rnd.nextBoolean());
    }
  }

  @Test
  void sizesAroundVectorTileAndBlockBoundaries() {
    Random rnd = new Random(11);
    int[] edges = {L - 1, L, L + 1, 2 * L - 1, 2 * L + 1, VectorMatMul.NR - 1, VectorMatMul.NR,
        VectorMatMul.NR + 1, 2 * VectorMatMul.NR + 3};
    for (int trans = 0; trans < 4; trans++) {
      for (int e : edges) {
        boolean ta = trans >= 2;
        boolean tb = trans % 2 == 1;
        compare(rnd, VectorMatMul.MR + 1, e, 19, ta, tb, false);
        compare(rnd, e, VectorMatMul.MR - 1, 23, ta, tb, true);
        compare(rnd, 9, 21, e, ta, tb, false);
      }
      for (int k : new int[] {VectorMatMul.KC - 1, VectorMatMul.KC, VectorMatMul.KC + 1,
          2 * VectorMatMul.KC + 5}) {
        compare(rnd, 17, 50, k, trans >= 2, trans % 2 == 1, false);
        compare(rnd, 8, 48, k, trans >= 2, trans % 2 == 1, true);
      }
    }
  }

  @Test
  void transposedAInPlaceAndPacked() {
    // Aᵀ is read in place while a k block spans at most TN_IN_PLACE_SPAN floats, else packed;
    // its partial last row panel is always packed.
    Random rnd = new Random(13);
    int kc = VectorMatMul.KC;
    int mLimit = VectorMatMul.TN_IN_PLACE_SPAN / kc;
    for (int m : new int[] {mLimit - 1, mLimit, mLimit + 1, mLimit + VectorMatMul.MR + 3}) {
      for (int k : new int[] {kc - 1, kc + 7}) {
        compare(rnd, m, 37, k, true, false, false);
        compare(rnd, m, 21, k, true, true, true);
      }
    }
  }

  @Test
  void vectorAndScalarShapes() {
    Random rnd = new Random(12);
    for (int trans = 0; trans < 4; trans++) {
      for (boolean acc : new boolean[] {false, true}) {
        boolean ta = trans >= 2;
        boolean tb = trans % 2 == 1;
        compare(rnd, 1, 1, 1, ta, tb, acc);
        compare(rnd, 1, 1, 300, ta, tb, acc);
        compare(rnd, 1, 300, 17, ta, tb, acc);
        compare(rnd, 300, 1, 17, ta, tb, acc);
        compare(rnd, 1, 33, 1, ta, tb, acc);
        compare(rnd, 33, 1, 1, ta, tb, acc);
        compare(rnd, 40, 70, 1, ta, tb, acc);
      }
    }
  }

  @Test
  void denseLayerShapes() {
    Random rnd = new Random(5);
    int[][] layers = {{784, 300}, {300, 100}, {100, 10}};
    for (int batch : new int[] {32, 256}) {
      for (int[] io : layers) {
        int in = io[0];
        int out = io[1];
        compare(rnd, batch, out, in, false, false, false); // forward x·W
        compare(rnd, in, out, batch, true, false, true);   // weight gradient xᵀ·dz
        compare(rnd, batch, in, out, false, true, false);  // input gradient dz·Wᵀ
      }
    }
  }

  @Test
  void largeShapeAllTransposes() {
    Random rnd = new Random(6);
    for (int trans = 0; trans < 4; trans++) {
      compare(rnd, 256, 300, 784, trans >= 2, trans % 2 == 1, trans == 1);
    }
  }

  @Test
  void matchesNaiveDoubleLoopToo() {
    Random rnd = new Random(8);
    for (int trans = 0; trans < 4; trans++) {
      EjmlMatMulTest.checkAgainstNaive(vec, rnd, 45, 67, 301, trans >= 2, trans % 2 == 1, false);
      EjmlMatMulTest.checkAgainstNaive(vec, rnd, 3, 130, 20, trans >= 2, trans % 2 == 1, true);
    }
  }

  @Test
  void offsetsGiveTheProductOfTheBlocksTheyPointTo() {
    // every path: packed and in-place A, in-place, narrow and transposed B, edge tiles, k blocks,
    // the m = 1 products, split over threads
    Random rnd = new Random(21);
    int[][] shapes = {{9, 21, 19}, {17, 50, VectorMatMul.KC + 1}, {VectorMatMul.MR + 1, L - 1, 7},
        {1, 8 * L + 5, 33}, {1, 3, 5}, {40, 70, 1}, {64, 300, 200}};
    for (int[] sh : shapes) {
      for (int trans = 0; trans < 4; trans++) {
        boolean ta = trans >= 2;
        boolean tb = trans % 2 == 1;
        boolean acc = trans == 2;
        EjmlMatMulTest.checkOffsets(vec, rnd, sh[0], sh[1], sh[2], ta, tb, !acc);
        WorkerPool.of(2).call(() -> {
          EjmlMatMulTest.checkOffsets(vec, rnd, sh[0], sh[1], sh[2], ta, tb, acc);
          return null;
        });
      }
    }
  }

  @Test
  void emptyInnerDimensionZeroesOrKeepsC() {
    EjmlMatMulTest.checkEmptyK(vec);
  }

  @Test
  void repeatedCallsAreBitIdentical() {
    Random rnd = new Random(13);
    int[][] shapes = {{32, 300, 784}, {784, 300, 32}, {32, 784, 300}, {37, 53, 517}, {5, 3, 2}};
    for (int[] s : shapes) {
      for (int trans = 0; trans < 4; trans++) {
        boolean ta = trans >= 2;
        boolean tb = trans % 2 == 1;
        float[] a = randomWithSpare(rnd, s[0] * s[2]);
        float[] b = randomWithSpare(rnd, s[2] * s[1]);
        float[] c1 = randomC(rnd, s[0], s[1]);
        float[] c2 = c1.clone();
        vec.multiply(ta, tb, s[0], s[1], s[2], a, b, c1, true);
        // Something else in between, so scratch buffers hold other data.
        vec.multiply(tb, ta, 7, 9, 11, randomWithSpare(rnd, 77), randomWithSpare(rnd, 99),
            new float[63], false);
        vec.multiply(ta, tb, s[0], s[1], s[2], a, b, c2, true);
        assertBitsEqual(c1, c2, describe(vec, s[0], s[1], s[2], ta, tb, true));
      }
    }
  }

  @Test
  void bitIdenticalForEveryThreadCount() {
    // Shapes split by rows (A packed, B in place) and by columns (Bᵀ larger than A, or fewer row
    // panels than threads), with partial row and column panels, several k blocks, accumulation.
    Random rnd = new Random(15);
    int[][] shapes = {{256, 300, 784}, {32, 784, 300}, {37, 301, 517}, {9, 1000, 130},
        {300, 100, 256}, {784, 300, 32}, {1, 300, 784}, {1, 784, 300}, {1, 8 * L + 5, 500}};
    for (int[] s : shapes) {
      for (int trans = 0; trans < 4; trans++) {
        boolean ta = trans >= 2;
        boolean tb = trans % 2 == 1;
        boolean acc = trans == 1;
        float[] a = randomWithSpare(rnd, s[0] * s[2]);
        float[] b = randomWithSpare(rnd, s[2] * s[1]);
        float[] c0 = randomC(rnd, s[0], s[1]);
        float[] want = c0.clone();
        vec.multiply(ta, tb, s[0], s[1], s[2], a, b, want, acc);
        for (int threads = 2; threads <= 4; threads++) {
          float[] got = c0.clone();
          WorkerPool.of(threads).call(() -> {
            vec.multiply(ta, tb, s[0], s[1], s[2], a, b, got, acc);
            return null;
          });
          assertBitsEqual(want, got, describe(vec, s[0], s[1], s[2], ta, tb, acc) + " on "
              + threads + " threads");
        }
      }
    }
  }

  @Test
  void splitsRowsUnlessTheTransposedBIsTheLargerOperand() {
    // 784->300 layer at batch 256: forward and weight gradient split rows (A packed, B in place);
    // the input gradient dz·Wᵀ splits columns, so that each thread packs only its part of Wᵀ.
    assertFalse(VectorMatMul.splitsColumns(256, 300, false, 2));
    assertFalse(VectorMatMul.splitsColumns(784, 300, false, 2));
    assertTrue(VectorMatMul.splitsColumns(256, 784, true, 2));
    assertTrue(VectorMatMul.splitsColumns(32, 784, true, 2));
    assertFalse(VectorMatMul.splitsColumns(784, 256, true, 2));
    // One row panel: columns, unless there is only one column panel too.
    assertTrue(VectorMatMul.splitsColumns(VectorMatMul.MR, 300, false, 2));
    assertFalse(VectorMatMul.splitsColumns(VectorMatMul.MR, VectorMatMul.NR, false, 2));
  }

  @Test
  void onlyProductsAboveTheThresholdAreSplit() {
    assertEquals(1, VectorMatMul.parts(32, 10, 100, 4));
    assertEquals(4, VectorMatMul.parts(32, 300, 784, 4));
    assertEquals(2, VectorMatMul.parts(784, 300, 256, 2));
    assertEquals(2, VectorMatMul.parts(1, 300, 784, 2));
    assertEquals(1, VectorMatMul.parts(1, 100, 300, 2));
  }

  @Test
  void singleRowProductsMatchEjml() {
    // m = 1 runs Gemv: groups of 8, 4 and 1 vectors, the last group moved back to end at n,
    // floats one at a time below one vector; dot products for Bᵀ.
    Random rnd = new Random(17);
    int[] widths = {1, 2, L - 1, L, L + 1, 2 * L + 3, 4 * L - 1, 4 * L, 4 * L + 3, 5 * L,
        8 * L, 8 * L + 5, 12 * L + 1, 100, 300, 784};
    for (int n : widths) {
      for (int k : new int[] {1, 7, L + 3, 300}) {
        for (int trans = 0; trans < 4; trans++) {
          compare(rnd, 1, n, k, trans >= 2, trans % 2 == 1, trans == 1 || trans == 2);
        }
      }
    }
  }

  @Test
  void threadsShareOneInstance() throws Exception {
    Random rnd = new Random(14);
    int tasks = 8;
    float[][] as = new float[tasks][];
    float[][] bs = new float[tasks][];
    float[][] want = new float[tasks][];
    int[][] shapes = new int[tasks][];
    for (int t = 0; t < tasks; t++) {
      shapes[t] = new int[] {20 + 13 * t, 100 + 31 * t, 200 + 17 * t};
      as[t] = randomWithSpare(rnd, shapes[t][0] * shapes[t][2]);
      bs[t] = randomWithSpare(rnd, shapes[t][2] * shapes[t][1]);
      want[t] = new float[shapes[t][0] * shapes[t][1]];
      vec.multiply(t % 2 == 1, t % 4 >= 2, shapes[t][0], shapes[t][1], shapes[t][2], as[t], bs[t],
          want[t], false);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] futures = new Future<?>[tasks * 4];
      for (int f = 0; f < futures.length; f++) {
        int t = f % tasks;
        futures[f] = pool.submit(() -> {
          int[] s = shapes[t];
          float[] c = new float[s[0] * s[1]];
          for (int rep = 0; rep < 5; rep++) {
            vec.multiply(t % 2 == 1, t % 4 >= 2, s[0], s[1], s[2], as[t], bs[t], c, false);
            assertBitsEqual(want[t], c, "task " + t);
          }
        });
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Random operands; VectorMatMul must match EJML within TOL·Σ|a||b| and leave spare C alone. */
  private void compare(Random rnd, int m, int n, int k, boolean ta, boolean tb, boolean acc) {
    float[] a = randomWithSpare(rnd, m * k);
    float[] b = randomWithSpare(rnd, k * n);
    float[] c = randomC(rnd, m, n);
    float[] a0 = a.clone();
    float[] b0 = b.clone();
    float[] before = c.clone();
    float[] ref = Arrays.copyOf(c, m * n);
    ejml.multiply(ta, tb, m, n, k, a, b, ref, acc);
    vec.multiply(ta, tb, m, n, k, a, b, c, acc);
    double[] mag = new double[m * n];
    naive(ta, tb, m, n, k, a, b, before, acc, mag);
    double[] want = new double[m * n];
    for (int i = 0; i < want.length; i++) {
      want[i] = ref[i];
    }
    String what = describe(vec, m, n, k, ta, tb, acc) + " vs ejml";
    assertProduct(what, want, mag, c, m, n, TOL);
    assertTail(what, c, m * n);
    assertArrayEquals(a0, a, what + ": modified a");
    assertArrayEquals(b0, b, what + ": modified b");
  }

  private static void assertBitsEqual(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        throw new AssertionError(what + ": not bit-identical at " + i + ": " + want[i] + " vs "
            + got[i]);
      }
    }
  }
}

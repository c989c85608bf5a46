// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ShiftedProducts} meets, whichever register file this machine has: each
 * operation against its definition, on random sizes around the vector and tile edges, with
 * overlapping windows, and writing nothing it should not. Subclasses bind one implementation; both
 * run on any machine with the Vector API (the other register file's tiles are slower there, not wrong).
 */
abstract class ShiftedProductsContract {
  private final ShiftedProducts products = products();
  private final int lanes = products.lanes();

  abstract ShiftedProducts products();

  @Test
  void productIsTheSumOverWindows() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 100; trial++) {
      int m = 1 + rnd.nextInt(20);
      int n = 1 + rnd.nextInt(5 * lanes);
      int k = 1 + rnd.nextInt(40);
      int[] offsets = new int[k];
      for (int p = 0; p < k; p++) {
        offsets[p] = rnd.nextInt(50); // windows overlap
      }
      int paddedN = ShiftedProducts.roundUp(n, products.columnBlock());
      float[] b = random(rnd, 50 + paddedN);
      float[] a = random(rnd, m * k);
      float[] packed = new float[products.packedSize(m, k)];
      products.pack(m, k, a, 0, packed);
      int ldc = paddedN + rnd.nextInt(3) * lanes;
      int rows = products.productRows(m);
      float[] c = new float[3 + rows * ldc + 2];
      Arrays.fill(c, -9f);
      products.product(m, n, k, packed, offsets, b, 0, c, 3, ldc);
      for (int i = 0; i < c.length; i++) {
        int at = i - 3;
        if (at < 0 || at >= rows * ldc || at % ldc >= paddedN) {
          assertEquals(-9f, c[i], "trial " + trial + ": float " + i + " is outside C's rows and columns");
        }
      }
      for (int r = 0; r < m; r++) {
        for (int j = 0; j < n; j++) {
          double want = 0;
          for (int p = 0; p < k; p++) {
            want += (double) a[r * k + p] * b[offsets[p] + j];
          }
          assertEquals(want, c[3 + r * ldc + j], 1e-4 * (1 + Math.abs(want)), "trial " + trial + " C[" + r + "][" + j + "]");
        }
      }
      for (int r = m; r < rows; r++) {
        for (int j = 0; j < n; j++) {
          assertEquals(0f, c[3 + r * ldc + j], "trial " + trial + ": row " + r + " past m is A's zero padding");
        }
      }
    }
  }

  @Test
  void gradientAddsTheWindowsTimesD() {
    Random rnd = new Random(2);
    int block = products.gradientRowBlock();
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + rnd.nextInt(90);
      int ldd = lanes * (1 + rnd.nextInt(5)); // 1 to 5 vectors: every tile shape
      int blocks = 1 + rnd.nextInt(3);
      int p0 = block * rnd.nextInt(blocks);
      int p1 = block * blocks;
      int[] offsets = new int[p1];
      for (int p = 0; p < p1; p++) {
        offsets[p] = rnd.nextInt(40);
      }
      float[] b = random(rnd, 40 + n);
      float[] d = random(rnd, 5 + n * ldd);
      float[] c = random(rnd, p1 * ldd);
      float[] before = c.clone();
      products.gradient(n, p0, p1, offsets, b, 0, d, 5, ldd, c);
      for (int p = 0; p < p1; p++) {
        for (int f = 0; f < ldd; f++) {
          double want = before[p * ldd + f];
          if (p >= p0) {
            for (int j = 0; j < n; j++) {
              want += (double) b[offsets[p] + j] * d[5 + j * ldd + f];
            }
          }
          assertEquals(want, c[p * ldd + f], 1e-4 * (1 + Math.abs(want)), "trial " + trial + " C[" + p + "][" + f + "]");
        }
      }
    }
  }

  @Test
  void padWritesTheRowsAndKeepsEveryZeroAroundThem() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 300; trial++) {
      int rows = 1 + rnd.nextInt(12);
      int width = 1 + rnd.nextInt(2 * lanes + 3);
      int gap = 1 + rnd.nextInt(3);
      int stride = width + gap;
      int before = rnd.nextInt(2 * stride);
      int after = rnd.nextInt(2 * stride);
      float[] dst = new float[before + rows * stride + after];
      float[] src = random(rnd, rows * width + rnd.nextInt(lanes));
      for (int round = 0; round < 2; round++) { // twice: the second starts from the first's result
        products.pad(rows, width, src, 0, width, dst, before, stride);
        for (int i = 0; i < dst.length; i++) {
          int at = i - before;
          boolean pixel = at >= 0 && at < rows * stride && at % stride < width;
          float want = pixel ? src[at / stride * width + at % stride] : 0f;
          assertEquals(want, dst[i], "trial " + trial + " (rows " + rows + ", width " + width + ", stride " + stride
              + ") float " + i);
        }
      }
    }
  }

  @Test
  void everyOtherCopiesEveryOtherFloatAndWritesOnlyZerosPastARow() {
    Random rnd = new Random(4);
    for (int trial = 0; trial < 400; trial++) {
      int rows = 1 + rnd.nextInt(6);
      int count = rnd.nextInt(3 * lanes + 2);
      int srcStride = 2 * count + rnd.nextInt(5);
      int dstStride = Math.max(count, 1) + rnd.nextInt(3);
      int before = rnd.nextInt(5);
      // trials with little room after the last row, where the vectors would leave the arrays
      int after = trial % 3 == 0 ? rnd.nextInt(3) : 2 * lanes + rnd.nextInt(lanes);
      float[] src = random(rnd, 1 + (rows - 1) * srcStride + 2 * count + (trial % 3 == 0 ? 0 : 2 * lanes));
      float[] dst = new float[before + (rows - 1) * dstStride + count + after];
      Arrays.fill(dst, -9f);
      int srcOff = src.length - ((rows - 1) * srcStride + 2 * count);
      products.everyOther(rows, count, src, srcOff, srcStride, dst, before, dstStride);
      String what = "trial " + trial + " (rows " + rows + ", count " + count + ", dstStride " + dstStride + ")";
      for (int i = 0; i < dst.length; i++) {
        int at = i - before;
        int r = at < 0 ? -1 : Math.min(at / dstStride, rows - 1);
        int j = at - r * dstStride;
        if (r >= 0 && j < count) {
          assertEquals(src[srcOff + r * srcStride + 2 * j], dst[i], what + " float " + i);
        } else if (r >= 0 && j < Math.max(count, lanes) && dst[i] != -9f) {
          assertEquals(0f, dst[i], what + ": float " + i + " past a row may only be zeroed");
        } else {
          assertEquals(-9f, dst[i], what + ": float " + i + " is outside every row");
        }
      }
    }
  }

  @Test
  void quartersPutEachFloatInItsPhaseAndWriteNothingElse() {
    Random rnd = new Random(6);
    for (int trial = 0; trial < 400; trial++) {
      int rows = 1 + rnd.nextInt(5);
      int width = 1 + rnd.nextInt(5 * lanes);
      int shift = rnd.nextInt(6);
      int srcStride = width + rnd.nextInt(3);
      int dstStride = (width + shift + 3) / 4 + rnd.nextInt(3);
      int plane = rows * dstStride + rnd.nextInt(4);
      float[] src = random(rnd, 2 + (rows - 1) * srcStride + width);
      float[] dst = new float[1 + 4 * plane + rnd.nextInt(3)];
      Arrays.fill(dst, -9f);
      products.quarters(rows, width, shift, src, 2, srcStride, dst, 1, plane, dstStride);
      float[] want = new float[dst.length];
      Arrays.fill(want, -9f);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < width; c++) {
          int k = c + shift;
          want[1 + k % 4 * plane + r * dstStride + k / 4] = src[2 + r * srcStride + c];
        }
      }
      assertArrayEquals(want, dst, "trial " + trial + " (rows " + rows + ", width " + width + ", shift " + shift + ")");
    }
  }

  @Test
  void interleaveAlternatesTheTwoSourcesAndWritesOnlyTheRows() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 400; trial++) {
      int rows = 1 + rnd.nextInt(5);
      int width = 1 + rnd.nextInt(5 * lanes);
      int srcStride = (width + 1) / 2 + rnd.nextInt(3);
      int dstStride = width + rnd.nextInt(2 * width + 1);
      // trials with no room after the last source row, where the vectors would leave the arrays
      int room = trial % 3 == 0 ? 0 : 2 * lanes;
      float[] even = random(rnd, 1 + (rows - 1) * srcStride + (width + 1) / 2 + room);
      float[] odd = random(rnd, 2 + (rows - 1) * srcStride + width / 2 + room);
      float[] dst = new float[3 + (rows - 1) * dstStride + width + rnd.nextInt(4)];
      Arrays.fill(dst, -9f);
      products.interleave(rows, width, even, 1, odd, 2, srcStride, dst, 3, dstStride);
      String what = "trial " + trial + " (rows " + rows + ", width " + width + ", dstStride " + dstStride + ")";
      for (int i = 0; i < dst.length; i++) {
        int at = i - 3;
        int r = at < 0 ? -1 : at / dstStride;
        int x = at - r * dstStride;
        if (r >= 0 && r < rows && x < width) {
          float want = x % 2 == 0 ? even[1 + r * srcStride + x / 2] : odd[2 + r * srcStride + x / 2];
          assertEquals(want, dst[i], what + " float " + i);
        } else {
          assertEquals(-9f, dst[i], what + ": float " + i + " is outside every row");
        }
      }
    }
  }

  @Test
  void unpadWritesTheDensePlaneOnlyAndItsReluWhenAsked() {
    Random rnd = new Random(4);
    for (int trial = 0; trial < 300; trial++) {
      int rows = 1 + rnd.nextInt(12);
      int width = 1 + rnd.nextInt(2 * lanes + 3);
      int stride = width + rnd.nextInt(3);
      float[] src = random(rnd, rows * stride + lanes);
      float[] dst = new float[7 + rows * width + 5];
      float[] relu = new float[dst.length];
      Arrays.fill(dst, -9f);
      Arrays.fill(relu, -9f);
      boolean plane = trial % 3 != 2; // both, the plane alone, the ReLU alone
      boolean positive = trial % 3 != 1;
      products.unpad(rows, width, src, 0, stride, plane ? dst : null, 7, 0.5f, positive ? relu : null);
      for (int i = 0; i < dst.length; i++) {
        int at = i - 7;
        boolean pixel = at >= 0 && at < rows * width;
        float want = pixel ? src[at / width * stride + at % width] + 0.5f : -9f;
        assertEquals(plane ? want : -9f, dst[i], "trial " + trial + " float " + i);
        assertEquals(pixel && positive ? Math.max(want, 0f) : -9f, relu[i], "trial " + trial + " relu " + i);
      }
    }
  }

  @Test
  void transposeSwapsRowsAndColumns() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 100; trial++) {
      int rows = 1 + rnd.nextInt(3 * lanes);
      int cols = 1 + rnd.nextInt(20);
      int srcStride = cols + rnd.nextInt(4);
      int dstStride = rows + rnd.nextInt(4);
      float[] src = random(rnd, 2 + rows * srcStride);
      float[] dst = new float[1 + cols * dstStride];
      Arrays.fill(dst, -9f);
      products.transpose(rows, cols, src, 2, srcStride, dst, 1, dstStride);
      for (int i = 0; i < dst.length; i++) {
        int at = i - 1;
        boolean inside = at >= 0 && at % dstStride < rows;
        float want = inside ? src[2 + (at % dstStride) * srcStride + at / dstStride] : -9f;
        assertEquals(want, dst[i], "trial " + trial + " float " + i);
      }
    }
  }

  private static float[] random(Random rnd, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) rnd.nextGaussian();
    }
    return values;
  }
}

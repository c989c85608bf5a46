// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static dev.lamina.layers.Conv2DTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.math.MatMuls;
import dev.lamina.math.ShiftedProducts;
import dev.lamina.math.WorkerPool;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Both ways of running a convolution by matrix products, side by side with the 7-loop definition
 * ({@link NaiveConvolution}) on random geometries: {@link ShiftedConvolution} (read in place, what
 * layers use where {@link MatMuls#shifted()} exists) and {@link Convolution} (patches copied, what
 * they use elsewhere), so that both stay checked on any machine that runs the shifted kernels.
 */
class ShiftedConvolutionTest {

  @Test
  void bothMethodsMatchTheDefinition() {
    ShiftedProducts products = MatMuls.shifted();
    assumeTrue(products != null, "the shifted kernels need the Vector API");
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 80; trial++) {
      int groups = 1 + random.nextInt(2);
      int channels = groups * (1 + random.nextInt(4));
      int filters = groups * (1 + random.nextInt(10));
      int kh = 1 + random.nextInt(4);
      int kw = 1 + random.nextInt(4);
      int sh = 1 + random.nextInt(2);
      int sw = trial % 4 == 0 ? 3 : 1 + random.nextInt(2);
      int dh = 1 + random.nextInt(2);
      int dw = 1 + random.nextInt(2);
      int[] pads = {random.nextInt(kh), random.nextInt(kh), random.nextInt(kw), random.nextInt(kw)};
      int height = Math.max(1, (kh - 1) * dh + 1 - pads[0] - pads[1]) + random.nextInt(9);
      int width = Math.max(1, (kw - 1) * dw + 1 - pads[2] - pads[3]) + random.nextInt(30);
      ConvGeometry g = new ConvGeometry(channels, height, width, filters, groups, new int[] {kh, kw},
          new int[] {sh, sw}, new int[] {dh, dw}, pads);
      NaiveConvolution naive = new NaiveConvolution(channels, height, width, filters, groups, kh, kw, sh, sw, dh, dw,
          pads[0], pads[1], pads[2], pads[3]);
      String what = "trial " + trial + ": " + channels + "×" + height + "×" + width + " → " + filters + ", kernel " + kh
          + "×" + kw + ", strides " + sh + "×" + sw + ", dilation " + dh + "×" + dw + ", pads "
          + java.util.Arrays.toString(pads) + ", groups " + groups;
      int batch = 1 + random.nextInt(3);
      float[] x = values(random, batch * g.inFeatures);
      float[] w = values(random, naive.kernelSize());
      float[] bias = values(random, filters);
      float[] dz = values(random, batch * g.outFeatures);
      double[] y = naive.forward(x, batch, w, bias);
      double[][] grads = naive.backward(x, batch, w, dz);
      if (ShiftedConvolution.supports(g)) {
        check(new ShiftedConvolution(g, products), x, batch, w, bias, dz, y, grads, what + " (shifted)");
      }
      if (!g.pointwise()) {
        check(new Convolution(g), x, batch, w, bias, dz, y, grads, what + " (patches)");
      }
    }
  }

  @Test
  void supportsEveryStridedAndNoOverPaddedConvolution() {
    int[] one = {1, 1};
    int[] three = {3, 3};
    assertTrue(ShiftedConvolution.supports(new ConvGeometry(4, 8, 8, 4, 1, three, one, one, new int[] {1, 1, 1, 1})));
    assertTrue(ShiftedConvolution.supports(new ConvGeometry(4, 8, 8, 4, 1, three, new int[] {2, 2}, one,
        new int[] {3, 0, 0, 3})));
    assertTrue(ShiftedConvolution.supports(new ConvGeometry(4, 8, 8, 4, 1, one, new int[] {2, 2}, one,
        new int[] {0, 0, 0, 0})));
    // padding beyond the kernel's reach with stride 1: its input gradient would not be a convolution
    assertFalse(ShiftedConvolution.supports(new ConvGeometry(4, 8, 8, 4, 1, three, one, one, new int[] {3, 0, 0, 0})));
    // pointwise: the image is its own patch matrix
    assertFalse(ShiftedConvolution.supports(new ConvGeometry(4, 8, 8, 4, 1, one, one, one, new int[] {0, 0, 0, 0})));
  }

  /** The packed kernel is reused while the weights are the same, and remade when any one of them changes. */
  @Test
  void seesAChangedKernel() {
    ShiftedProducts products = MatMuls.shifted();
    assumeTrue(products != null, "the shifted kernels need the Vector API");
    SplittableRandom random = new SplittableRandom(9);
    ConvGeometry g = new ConvGeometry(8, 9, 9, 8, 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1, 1, 1});
    float[] x = values(random, 2 * g.inFeatures);
    float[] w = values(random, g.filters * g.patchSize);
    float[] first = new float[2 * g.outFeatures];
    float[] second = new float[first.length];
    float[] fresh = new float[first.length];
    ShiftedConvolution conv = new ShiftedConvolution(g, products);
    ShiftedConvolution.Work work = conv.work();
    conv.forward(work, x, 2, w, null, first, false);
    w[w.length / 2] += 1f; // a weight past the first
    conv.forward(work, x, 2, w, null, second, false);
    ShiftedConvolution other = new ShiftedConvolution(g, products);
    other.forward(other.work(), x, 2, w, null, fresh, false);
    assertArrayEquals(fresh, second);
    assertFalse(java.util.Arrays.equals(first, second), "the changed weight must change the output");
  }

  /** Odd batches leave the kernel gradient's runs unequal (or one empty); 3 threads split rows too. */
  @Test
  void bitIdenticalForAnyThreadCount() {
    ShiftedProducts products = MatMuls.shifted();
    assumeTrue(products != null, "the shifted kernels need the Vector API");
    SplittableRandom random = new SplittableRandom(5);
    for (int[] strides : new int[][] {{1, 1}, {2, 2}}) {
      ConvGeometry g = new ConvGeometry(20, 14, 14, 40, 1, new int[] {3, 3}, strides, new int[] {1, 1},
          new int[] {1, 1, 1, 1});
      for (int batch : new int[] {1, 7, 8}) {
        float[] x = values(random, batch * g.inFeatures);
        float[] w = values(random, g.filters * g.patchSize);
        float[] bias = values(random, g.filters);
        float[] dz = values(random, batch * g.outFeatures);
        float[][] one = run(new ShiftedConvolution(g, products), x, batch, w, bias, dz, 1);
        for (int threads : new int[] {2, 3}) {
          float[][] more = run(new ShiftedConvolution(g, products), x, batch, w, bias, dz, threads);
          for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], more[i],
                "strides " + strides[0] + ", batch " + batch + ", " + threads + " threads, result " + i);
          }
        }
      }
    }
  }

  /**
   * The input gradient of strided convolutions, which goes by phases ({@link StridedInputGradient}),
   * against the patches scattered back ({@link Convolution}) on geometries where phases differ in
   * their taps, miss taps or miss pixels.
   */
  @Test
  void stridedInputGradientMatchesThePatches() {
    ShiftedProducts products = MatMuls.shifted();
    assumeTrue(products != null, "the shifted kernels need the Vector API");
    int[][] cases = { // channels, height, width, filters, groups, kh, kw, sh, sw, dh, dw, top, bottom, left, right
        {16, 28, 28, 32, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1}, // the resnet's
        {32, 14, 14, 64, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        {16, 28, 28, 32, 1, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0}, // a projection: three phases have no tap
        {33, 11, 13, 7, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        {4, 15, 17, 6, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        {3, 16, 16, 5, 1, 5, 5, 3, 3, 1, 1, 2, 2, 2, 2},
        {3, 16, 16, 5, 1, 5, 1, 2, 2, 1, 1, 2, 0, 0, 0}, // uneven padding
        {3, 13, 12, 5, 1, 1, 3, 3, 2, 1, 1, 0, 0, 1, 0}, // kernel smaller than the stride in rows
        {3, 17, 17, 4, 1, 3, 3, 2, 2, 2, 2, 2, 1, 0, 2}, // dilation 2: every tap on phase 0
        {3, 17, 17, 4, 1, 3, 3, 2, 3, 3, 2, 0, 3, 1, 1}, // dilation 3 over stride 2: phase 0 has taps 0, 2
        {6, 10, 10, 4, 2, 2, 2, 3, 3, 1, 1, 0, 1, 1, 0}, // kernel smaller than the stride, groups 2
        {2, 9, 9, 3, 1, 3, 3, 2, 2, 1, 1, 4, 0, 0, 5}, // padding beyond the kernel's reach
        {2, 9, 20, 3, 1, 3, 3, 1, 2, 1, 1, 1, 1, 1, 1}, // a stride in one axis only
        {5, 7, 7, 3, 1, 3, 3, 3, 3, 1, 1, 0, 0, 0, 0}, // the last input rows and columns reach no output
    };
    SplittableRandom random = new SplittableRandom(17);
    for (int[] c : cases) {
      ConvGeometry g = new ConvGeometry(c[0], c[1], c[2], c[3], c[4], new int[] {c[5], c[6]}, new int[] {c[7], c[8]},
          new int[] {c[9], c[10]}, new int[] {c[11], c[12], c[13], c[14]});
      int batch = 3;
      float[] x = values(random, batch * g.inFeatures);
      float[] w = values(random, g.filters * g.patchSize);
      float[] bias = values(random, g.filters);
      float[] dz = values(random, batch * g.outFeatures);
      float[] want = run(new Convolution(g), x, batch, w, bias, dz, 1)[1];
      float[] got = inputGradient(new ShiftedConvolution(g, products), x, batch, w, dz);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])), java.util.Arrays.toString(c) + " dx[" + i + "]");
      }
    }
  }

  /** dx alone, on two threads, written over NaNs: every pixel must be written, even where no tap reaches. */
  private static <W> float[] inputGradient(ConvolutionMethod<W> conv, float[] x, int batch, float[] w, float[] dz) {
    W work = conv.work();
    float[] dx = new float[batch * conv.geometry().inFeatures];
    java.util.Arrays.fill(dx, Float.NaN);
    WorkerPool.of(2).call(() -> {
      conv.backward(work, x, dz, batch, w, null, null, dx);
      return null;
    });
    return dx;
  }

  private static <W> void check(ConvolutionMethod<W> conv, float[] x, int batch, float[] w, float[] bias, float[] dz,
      double[] y, double[][] grads, String what) {
    float[][] got = run(conv, x, batch, w, bias, dz, 1);
    assertClose(what + " y", y, got[0]);
    assertClose(what + " dx", grads[0], got[1]);
    assertClose(what + " dkernel", grads[1], got[2]);
    assertClose(what + " dbias", grads[2], got[3]);
  }

  /**
   * y, dx, dKernel and dBias, run twice on the same work (the second run must not see the first):
   * first with the forward pass keeping its padded images for the kernel gradient, then without;
   * both must give the same floats.
   */
  static <W> float[][] run(ConvolutionMethod<W> conv, float[] x, int batch, float[] w, float[] bias,
      float[] dz, int threads) {
    ConvGeometry g = conv.geometry();
    W work = conv.work();
    float[][][] rounds = new float[2][][];
    WorkerPool.of(threads).call(() -> {
      for (int round = 0; round < 2; round++) {
        float[] z = new float[batch * g.outFeatures];
        float[] dx = new float[batch * g.inFeatures];
        float[] dKernel = new float[w.length];
        float[] dBias = new float[bias.length];
        conv.forward(work, x, batch, w, bias, z, round == 0);
        conv.backward(work, x, dz, batch, w, dKernel, dBias, dx);
        rounds[round] = new float[][] {z, dx, dKernel, dBias};
      }
      return null;
    });
    String[] names = {"z", "dx", "dKernel", "dBias"};
    for (int k = 0; k < names.length; k++) {
      assertArrayEquals(rounds[1][k], rounds[0][k], names[k] + " with the padded images kept and without");
    }
    return rounds[1];
  }

  /**
   * A forward pass that keeps nothing after one that kept its padded images: the kernel gradient
   * must then pad the latest x, not read the images kept from the earlier one.
   */
  static <W> void assertKernelGradientOfTheLatestForward(ConvolutionMethod<W> conv, SplittableRandom random) {
    ConvGeometry g = conv.geometry();
    int batch = 3;
    float[] earlier = values(random, batch * g.inFeatures);
    float[] latest = values(random, batch * g.inFeatures);
    float[] w = values(random, g.filters * g.patchSize);
    float[] dz = values(random, batch * g.outFeatures);
    float[] z = new float[batch * g.outFeatures];
    float[] got = new float[w.length];
    float[] want = new float[w.length];
    W work = conv.work();
    conv.forward(work, earlier, batch, w, null, z, true);
    conv.forward(work, latest, batch, w, null, z, false);
    conv.backward(work, latest, dz, batch, w, got, null, null);
    W fresh = conv.work();
    conv.forward(fresh, latest, batch, w, null, z, false);
    conv.backward(fresh, latest, dz, batch, w, want, null, null);
    assertArrayEquals(want, got);
  }

  @Test
  void kernelGradientIsOfTheLatestForward() {
    ShiftedProducts products = MatMuls.shifted();
    assumeTrue(products != null, "the shifted kernels need the Vector API");
    SplittableRandom random = new SplittableRandom(13);
    assertKernelGradientOfTheLatestForward(new ShiftedConvolution(new ConvGeometry(5, 9, 9, 6, 1,
        new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1, 1, 1}), products), random);
    assertKernelGradientOfTheLatestForward(new ShiftedConvolution(new ConvGeometry(6, 9, 9, 6, 2,
        new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1, 1, 1}), products), random);
  }

  static float[] values(SplittableRandom random, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}

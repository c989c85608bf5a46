// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static dev.lamina.layers.Conv2DTest.assertClose;
import static dev.lamina.layers.ShiftedConvolutionTest.run;
import static dev.lamina.layers.ShiftedConvolutionTest.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.math.MatMuls;
import dev.lamina.math.ShiftedProducts;
import dev.lamina.math.WinogradTransforms;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WinogradConvolution}, with F(2×2, 3×3) and F(4×4, 3×3), against the 7-loop definition
 * ({@link NaiveConvolution}) on the geometries it takes: odd and even sizes (a last tile row or
 * column partly outside the output), outputs narrower than a vector of tiles, padding 0 to 2 on
 * each side, channel counts that are not multiples of anything; and bit-identical for any thread
 * count.
 */
class WinogradConvolutionTest {
  private static final int[] THREE = {3, 3};
  private static final int[] ONE = {1, 1};

  @ParameterizedTest(name = "F({0}×{0}, 3×3)")
  @ValueSource(ints = {2, 4})
  void matchesTheDefinition(int tile) {
    assumeTrue(MatMuls.winograd(2) != null, "the Winograd transforms need the Vector API");
    SplittableRandom random = new SplittableRandom(23);
    int[][] cases = { // channels, height, width, filters, top, bottom, left, right
        {32, 28, 28, 32, 1, 1, 1, 1}, // the cnn's: rows of 14 tiles, blocks of 3 rows
        {64, 14, 14, 64, 1, 1, 1, 1},
        {64, 9, 9, 64, 1, 1, 1, 1}, // odd: the last tiles half outside
        {32, 10, 10, 32, 0, 0, 0, 0}, // no padding: 8×8
        {33, 8, 40, 35, 2, 0, 1, 2}, // uneven padding, wider than two vectors of tiles
        {40, 8, 9, 33, 0, 2, 2, 0},
        {32, 17, 8, 32, 2, 2, 2, 2},
    };
    for (int trial = 0; trial < cases.length + 10; trial++) {
      int least = WinogradConvolution.MIN_CHANNELS;
      int[] c = trial < cases.length ? cases[trial] : new int[] {least + random.nextInt(30), 1 + random.nextInt(20),
          1 + random.nextInt(35), least + random.nextInt(30), random.nextInt(3), random.nextInt(3), random.nextInt(3),
          random.nextInt(3)};
      int[] pads = {c[4], c[5], c[6], c[7]};
      // inputs and outputs of at least MIN_OUTPUT each way
      c[1] = Math.max(c[1], WinogradConvolution.MIN_OUTPUT + Math.max(0, 2 - pads[0] - pads[1]));
      c[2] = Math.max(c[2], WinogradConvolution.MIN_OUTPUT + Math.max(0, 2 - pads[2] - pads[3]));
      ConvGeometry g = new ConvGeometry(c[0], c[1], c[2], c[3], 1, THREE, ONE, ONE, pads);
      NaiveConvolution naive = new NaiveConvolution(c[0], c[1], c[2], c[3], 1, 3, 3, 1, 1, 1, 1, pads[0], pads[1],
          pads[2], pads[3]);
      String what = Arrays.toString(c);
      int batch = 1 + random.nextInt(3);
      float[] x = values(random, batch * g.inFeatures);
      float[] w = values(random, naive.kernelSize());
      float[] bias = values(random, g.filters);
      float[] dz = values(random, batch * g.outFeatures);
      double[] y = naive.forward(x, batch, w, bias);
      double[][] grads = naive.backward(x, batch, w, dz);
      float[][] got = run(conv(g, tile), x, batch, w, bias, dz, 1);
      assertClose(what + " y", y, got[0]);
      assertClose(what + " dx", grads[0], got[1]);
      assertClose(what + " dkernel", grads[1], got[2]);
      assertClose(what + " dbias", grads[2], got[3]);
    }
  }

  /** The fused ReLU writes max(z, 0) beside z, as the direct convolution does. */
  @ParameterizedTest(name = "F({0}×{0}, 3×3)")
  @ValueSource(ints = {2, 4})
  void fusedReluWritesBothOutputs(int tile) {
    assumeTrue(MatMuls.winograd(2) != null, "the Winograd transforms need the Vector API");
    SplittableRandom random = new SplittableRandom(3);
    ConvGeometry g = new ConvGeometry(32, 9, 9, 32, 1, THREE, ONE, ONE, new int[] {1, 1, 1, 1});
    WinogradConvolution conv = conv(g, tile);
    float[] x = values(random, 2 * g.inFeatures);
    float[] w = values(random, g.filters * g.patchSize);
    float[] bias = values(random, g.filters);
    float[] z = new float[2 * g.outFeatures];
    float[] y = new float[z.length];
    float[] plain = new float[z.length];
    WinogradConvolution.Work work = conv.work();
    assertTrue(conv.forwardRelu(work, x, 2, w, bias, z, y, false));
    conv.forward(work, x, 2, w, bias, plain, false);
    assertArrayEquals(plain, z);
    for (int i = 0; i < z.length; i++) {
      assertTrue(y[i] == Math.max(z[i], 0f), "y[" + i + "]");
    }
  }

  /** The packed kernel is reused while the weights are the same, and remade when any one of them changes. */
  @ParameterizedTest(name = "F({0}×{0}, 3×3)")
  @ValueSource(ints = {2, 4})
  void kernelGradientIsOfTheLatestForward(int tile) {
    assumeTrue(MatMuls.winograd(2) != null, "the Winograd transforms need the Vector API");
    int c = WinogradConvolution.MIN_CHANNELS;
    ShiftedConvolutionTest.assertKernelGradientOfTheLatestForward(conv(new ConvGeometry(c, 9, 9, c, 1,
        new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1, 1, 1}), tile), new SplittableRandom(13));
  }

  @ParameterizedTest(name = "F({0}×{0}, 3×3)")
  @ValueSource(ints = {2, 4})
  void seesAChangedKernel(int tile) {
    assumeTrue(MatMuls.winograd(2) != null, "the Winograd transforms need the Vector API");
    SplittableRandom random = new SplittableRandom(9);
    ConvGeometry g = new ConvGeometry(WinogradConvolution.MIN_CHANNELS, 9, 9, WinogradConvolution.MIN_CHANNELS, 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1, 1, 1});
    float[] x = values(random, 2 * g.inFeatures);
    float[] w = values(random, g.filters * g.patchSize);
    float[] first = new float[2 * g.outFeatures];
    float[] second = new float[first.length];
    float[] fresh = new float[first.length];
    WinogradConvolution conv = conv(g, tile);
    WinogradConvolution.Work work = conv.work();
    conv.forward(work, x, 2, w, null, first, false);
    w[w.length / 2] += 1f; // a weight past the first
    conv.forward(work, x, 2, w, null, second, false);
    WinogradConvolution other = conv(g, tile);
    other.forward(other.work(), x, 2, w, null, fresh, false);
    assertArrayEquals(fresh, second);
    assertFalse(java.util.Arrays.equals(first, second), "the changed weight must change the output");
  }

  /** Batch 1 on 2 threads splits one image's blocks; odd batches leave the kernel gradient's runs unequal. */
  @ParameterizedTest(name = "F({0}×{0}, 3×3)")
  @ValueSource(ints = {2, 4})
  void bitIdenticalForAnyThreadCount(int tile) {
    assumeTrue(MatMuls.winograd(2) != null, "the Winograd transforms need the Vector API");
    SplittableRandom random = new SplittableRandom(5);
    ConvGeometry g = new ConvGeometry(32, 30, 30, 40, 1, THREE, ONE, ONE, new int[] {1, 1, 1, 1});
    for (int batch : new int[] {1, 7, 8}) {
      float[] x = values(random, batch * g.inFeatures);
      float[] w = values(random, g.filters * g.patchSize);
      float[] bias = values(random, g.filters);
      float[] dz = values(random, batch * g.outFeatures);
      float[][] one = run(conv(g, tile), x, batch, w, bias, dz, 1);
      for (int threads : new int[] {2, 3}) {
        float[][] more = run(conv(g, tile), x, batch, w, bias, dz, threads);
        for (int i = 0; i < one.length; i++) {
          assertArrayEquals(one[i], more[i], "batch " + batch + ", " + threads + " threads, result " + i);
        }
      }
    }
  }

  @Test
  void supportsOnlyThreeByThreeUnitStrideWithEnoughChannels() {
    int[] pads = {1, 1, 1, 1};
    assertTrue(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 32, 1, THREE, ONE, ONE, pads)));
    assertFalse(WinogradConvolution.supports(new ConvGeometry(16, 8, 8, 32, 1, THREE, ONE, ONE, pads)),
        "16 channels: the products' depth is too short to pay for the transforms");
    assertFalse(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 16, 1, THREE, ONE, ONE, pads)));
    assertFalse(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 32, 1, THREE, new int[] {2, 2}, ONE, pads)));
    assertFalse(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 32, 1, THREE, ONE, new int[] {2, 2}, pads)));
    assertFalse(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 32, 2, THREE, ONE, ONE, pads)));
    assertFalse(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 32, 1, new int[] {5, 5}, ONE, ONE, pads)));
    assertFalse(WinogradConvolution.supports(new ConvGeometry(32, 8, 8, 32, 1, THREE, ONE, ONE,
        new int[] {3, 0, 0, 0})), "padding beyond the kernel's reach");
    assertFalse(WinogradConvolution.supports(new ConvGeometry(64, 7, 7, 64, 1, THREE, ONE, ONE, pads)), "7×7 output");
  }

  /** F(4×4, 3×3) where its products, overhanging tiles included, are few enough; else F(2×2, 3×3). */
  @Test
  void choosesTheLargeTileWhereItSavesProducts() {
    int[] pads = {1, 1, 1, 1};
    // 28×28: 49 tiles of 36 against 196 of 16 (0.56); 14×14: 16 of 36 against 49 of 16 (0.73)
    assertEquals(4, WinogradConvolution.outputTile(new ConvGeometry(32, 28, 28, 32, 1, THREE, ONE, ONE, pads), 8));
    assertEquals(4, WinogradConvolution.outputTile(new ConvGeometry(64, 14, 14, 64, 1, THREE, ONE, ONE, pads), 8));
    // 9×9: 9 tiles of 36 against 25 of 16 (0.81), the 4×4 tiles overhang by 3 pixels of 12
    assertEquals(2, WinogradConvolution.outputTile(new ConvGeometry(64, 9, 9, 64, 1, THREE, ONE, ONE, pads), 8));
    // 14×14 with 16 lanes, 8×8 with 8: fewer than two vectors of 4×4 tiles (16 and 4)
    assertEquals(2, WinogradConvolution.outputTile(new ConvGeometry(64, 14, 14, 64, 1, THREE, ONE, ONE, pads), 16));
    assertEquals(2, WinogradConvolution.outputTile(new ConvGeometry(64, 8, 8, 64, 1, THREE, ONE, ONE, pads), 8));
  }

  private static WinogradConvolution conv(ConvGeometry g, int tile) {
    ShiftedProducts products = MatMuls.shifted();
    WinogradTransforms transforms = MatMuls.winograd(tile);
    assumeTrue(products != null && transforms != null);
    return new WinogradConvolution(g, products, transforms);
  }
}

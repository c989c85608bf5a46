// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static dev.lamina.layers.Conv2DTest.assertBitsEqual;
import static dev.lamina.layers.Conv2DTest.assertClose;
import static dev.lamina.layers.Conv2DTest.assertMessage;
import static dev.lamina.layers.Conv2DTest.randomValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DepthwiseConv2D} against the 7-loop definition ({@link NaiveConvolution} with groups =
 * channels) on random shapes, bit-identical results for 1, 2 and 3 threads, Keras' view of the
 * kernel for initializers, and the configuration checks.
 */
class DepthwiseConv2DTest {

  @Test
  void matchesTheDefinitionOnRandomShapes() {
    SplittableRandom random = new SplittableRandom(31);
    for (int trial = 0; trial < 40; trial++) {
      int kh = 1 + random.nextInt(4);
      int kw = 1 + random.nextInt(4);
      int dh = 1 + random.nextInt(2);
      int dw = 1 + random.nextInt(2);
      DepthwiseConv2D.Builder spec = DepthwiseConv2D.builder(kh).kernelSize(kh, kw).depthMultiplier(1 + random.nextInt(3))
          .strides(1 + random.nextInt(3), 1 + random.nextInt(3)).dilationRate(dh, dw).useBias(random.nextBoolean());
      switch (trial % 3) {
        case 0 -> spec.padding(Padding.SAME);
        case 1 -> spec.padding(random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextInt(3));
        default -> spec.padding(Padding.VALID);
      }
      int[] shape = {1 + random.nextInt(4), (kh - 1) * dh + 1 + random.nextInt(7), (kw - 1) * dw + 1 + random.nextInt(7)};
      checkAgainstNaive(spec, shape, 1 + random.nextInt(4), random, "trial " + trial);
    }
  }

  static void checkAgainstNaive(DepthwiseConv2D.Builder spec, int[] shape, int batch, SplittableRandom random, String what) {
    LayerRun run = LayerRun.of(spec, 3, shape);
    DepthwiseConv2D layer = (DepthwiseConv2D) run.layer();
    NaiveConvolution naive = naive(layer, shape);
    float[] w = randomValues(random, layer.kernel().size());
    System.arraycopy(w, 0, layer.kernel().value(), 0, w.length);
    float[] bias = null;
    if (layer.bias() != null) {
      bias = randomValues(random, layer.bias().size());
      System.arraycopy(bias, 0, layer.bias().value(), 0, bias.length);
    }
    String where = what + " " + Arrays.toString(shape) + " kernel " + Arrays.toString(layer.kernel().shape()) + " strides "
        + Arrays.toString(layer.strides()) + " dilation " + Arrays.toString(layer.dilationRate()) + " pads "
        + Arrays.toString(layer.pads());
    assertArrayEquals(new int[] {naive.filters(), naive.outHeight(), naive.outWidth()}, layer.outputShape(), where);
    float[] x = randomValues(random, batch * naive.inFeatures());
    float[] dy = randomValues(random, batch * naive.outFeatures());
    assertClose(where + " y", naive.forward(x, batch, w, bias), run.forward(Mode.TRAIN, Matrix.wrap(x.clone(), batch,
        naive.inFeatures())));
    Matrix dx = run.backward(Matrix.wrap(dy.clone(), batch, naive.outFeatures()));
    double[][] want = naive.backward(x, batch, w, dy);
    assertClose(where + " dx", want[0], dx);
    assertClose(where + " dkernel", want[1], layer.kernel().gradient());
    if (layer.bias() != null) {
      assertClose(where + " dbias", want[2], layer.bias().gradient());
    }
  }

  static NaiveConvolution naive(DepthwiseConv2D layer, int[] in) {
    int[] k = layer.kernelSize();
    int[] s = layer.strides();
    int[] d = layer.dilationRate();
    int[] p = layer.pads();
    return new NaiveConvolution(in[0], in[1], in[2], in[0] * layer.depthMultiplier(), in[0], k[0], k[1], s[0], s[1], d[0],
        d[1], p[0], p[1], p[2], p[3]);
  }

  @Test
  void bitIdenticalForOneTwoAndThreeThreads() {
    for (LayerSpec spec : List.of(DepthwiseConv2D.builder(3).padding(Padding.SAME).depthMultiplier(2)
        .activation(Activations.RELU), DepthwiseConv2D.builder(5).strides(2).dilationRate(1, 2).padding(1, 2, 0, 3))) {
      float[][] reference = WorkerPool.of(1).call(() -> Conv2DTest.passes(spec, new int[] {9, 16, 15}, 6));
      for (int threads = 2; threads <= 3; threads++) {
        float[][] got = WorkerPool.of(threads).call(() -> Conv2DTest.passes(spec, new int[] {9, 16, 15}, 6));
        for (int k = 0; k < got.length; k++) {
          assertBitsEqual(reference[k], got[k], "output " + k + " with " + threads + " threads");
        }
      }
    }
  }

  @Test
  void initializersSeeKerasKernelOfChannelsInputsAndMultiplierOutputs() {
    // Keras [kh, kw, channels, M] = [3, 3, 4, 2]: the initializer sees [M, channels, kh, kw] (fanIn 36, fanOut 18)
    int[][] seen = new int[1][];
    Initializer probe = (values, shape, random) -> {
      seen[0] = shape.clone();
      for (int i = 0; i < values.length; i++) {
        values[i] = i; // [m, c, a, b] numbered in order
      }
    };
    DepthwiseConv2D layer = (DepthwiseConv2D) LayerRun.of(DepthwiseConv2D.builder(3).depthMultiplier(2)
        .depthwiseInitializer(probe), 1, new int[] {4, 5, 5}).layer();
    assertArrayEquals(new int[] {2, 4, 3, 3}, seen[0]);
    assertArrayEquals(new int[] {8, 1, 3, 3}, layer.kernel().shape());
    float[] w = layer.kernel().value();
    for (int c = 0; c < 4; c++) {
      for (int m = 0; m < 2; m++) {
        for (int t = 0; t < 9; t++) {
          assertEquals((m * 4 + c) * 9 + t, w[(c * 2 + m) * 9 + t], "channel " + c + ", multiplier " + m + ", tap " + t);
        }
      }
    }
    // He normal: variance 2 / fanIn = 2 / (channels · kh · kw), Keras' rule
    DepthwiseConv2D he = (DepthwiseConv2D) LayerRun.of(DepthwiseConv2D.builder(3).depthMultiplier(3)
        .depthwiseInitializer(Initializers.heNormal()), 1, new int[] {200, 5, 5}).layer();
    double s = 0;
    for (float v : he.kernel().value()) {
      s += (double) v * v;
    }
    assertEquals(2.0 / (200 * 9), s / he.kernel().size(), 0.05 * 2.0 / (200 * 9));
  }

  @Test
  void defaultsAndMessages() {
    DepthwiseConv2D layer = (DepthwiseConv2D) LayerRun.of(DepthwiseConv2D.builder(3), 1, new int[] {2, 5, 5}).layer();
    assertEquals(1, layer.depthMultiplier());
    assertEquals(Padding.VALID, layer.padding());
    assertEquals("kernel", layer.kernel().localName());
    assertEquals("depthwise_conv2d", layer.baseName());
    assertArrayEquals(new int[] {2, 3, 3}, layer.outputShape());
    assertMessage("DepthwiseConv2D(name=?): depthMultiplier must be > 0, but was 0",
        () -> DepthwiseConv2D.builder(3).depthMultiplier(0).create());
    assertMessage("DepthwiseConv2D(name=?): strides must be > 0, but was [1, 0]",
        () -> DepthwiseConv2D.builder(3).strides(1, 0).create());
    assertMessage("DepthwiseConv2D(name=d): expects images [channels, height, width] per sample, but got shape [5, 5]"
        + " (channels first, as ONNX and PyTorch)", () -> LayerRun.of(DepthwiseConv2D.builder(3).name("d"), 1,
        new int[] {5, 5}));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializers;
import dev.lamina.math.MatMuls;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv2D} against the 7-loop definition ({@link NaiveConvolution}) on random shapes
 * (strides, Keras 'same' and explicit padding, dilation, groups, 1×1), bit-identical results for
 * 1, 2 and 3 threads, Keras' padding and fans, and the configuration checks. PyTorch's values are in {@link ReferenceLayersTest}, finite differences in
 * {@link LayerGradientCheckTest}.
 */
class Conv2DTest {

  @Test
  void matchesTheSevenLoopDefinitionOnRandomShapes() {
    SplittableRandom random = new SplittableRandom(2024);
    for (int trial = 0; trial < 60; trial++) {
      int groups = 1 + random.nextInt(3);
      int channels = groups * (1 + random.nextInt(3));
      int filters = groups * (1 + random.nextInt(3));
      int kh = 1 + random.nextInt(4);
      int kw = 1 + random.nextInt(4);
      int sh = 1 + random.nextInt(3);
      int sw = 1 + random.nextInt(3);
      int dh = 1 + random.nextInt(2);
      int dw = 1 + random.nextInt(2);
      int height = (kh - 1) * dh + 1 + random.nextInt(8);
      int width = (kw - 1) * dw + 1 + random.nextInt(8);
      Conv2D.Builder spec = Conv2D.builder(filters, kh).kernelSize(kh, kw).strides(sh, sw).dilationRate(dh, dw)
          .groups(groups).useBias(random.nextBoolean());
      switch (trial % 3) {
        case 0 -> spec.padding(Padding.SAME);
        case 1 -> spec.padding(random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextInt(3));
        default -> spec.padding(Padding.VALID);
      }
      checkAgainstNaive(spec, new int[] {channels, height, width}, 1 + random.nextInt(4), random, "trial " + trial);
    }
  }

  @Test
  void matchesTheDefinitionOnLayerSizedShapes() {
    SplittableRandom random = new SplittableRandom(7);
    // 1×1 (no packing), 3×3 'same' on 33 channels, a strided 5×5 stem, 4 groups
    checkAgainstNaive(Conv2D.builder(16, 1), new int[] {12, 9, 11}, 3, random, "1×1");
    checkAgainstNaive(Conv2D.builder(8, 3).padding(Padding.SAME), new int[] {33, 10, 10}, 2, random, "33 channels");
    checkAgainstNaive(Conv2D.builder(6, 5).strides(2).padding(Padding.SAME), new int[] {3, 17, 16}, 2, random, "stem");
    checkAgainstNaive(Conv2D.builder(8, 3).groups(4).padding(1), new int[] {8, 7, 7}, 2, random, "groups");
    checkAgainstNaive(Conv2D.builder(4, 1).groups(2).strides(2), new int[] {6, 7, 5}, 2, random, "strided 1×1");
  }

  @Test
  void strideOneInputGradientsRunAsTheAdjointConvolution() {
    // With stride 1 the input gradient is a convolution of dz by the flipped kernel; these cover its
    // padding arithmetic (asymmetric, dilated, none at all) and the swap of filters and channels per group.
    SplittableRandom random = new SplittableRandom(3);
    checkAgainstNaive(Conv2D.builder(6, 3).groups(3).dilationRate(2, 1).padding(2, 1, 0, 2), new int[] {6, 9, 8}, 2,
        random, "dilated, groups, asymmetric");
    checkAgainstNaive(Conv2D.builder(5, 3).kernelSize(2, 3), new int[] {4, 6, 7}, 3, random, "valid 2×3");
    checkAgainstNaive(Conv2D.builder(32, 3).padding(Padding.SAME), new int[] {32, 28, 28}, 2, random, "the cnn's conv2");
    // Padding beyond (k − 1)·d keeps the scatter.
    checkAgainstNaive(Conv2D.builder(3, 2).padding(2, 0, 0, 0), new int[] {2, 5, 5}, 2, random, "padding beyond the kernel");
  }

  /** Both algorithms of a layer Winograd applies to match the definition, and they are not the same computation. */
  @Test
  void bothAlgorithmsMatchTheDefinition() {
    SplittableRandom random = new SplittableRandom(4);
    Conv2D.Builder winograd = Conv2D.builder(32, 3).padding(Padding.SAME);
    Conv2D.Builder direct = Conv2D.builder(32, 3).padding(Padding.SAME).algorithm(ConvolutionAlgorithm.DIRECT);
    checkAgainstNaive(winograd, new int[] {32, 14, 14}, 2, random, "FASTEST");
    checkAgainstNaive(direct, new int[] {32, 14, 14}, 2, random, "DIRECT");
    float[] x = randomValues(random, 2 * 32 * 14 * 14);
    float[] w = randomValues(random, 32 * 32 * 9);
    Matrix[] y = new Matrix[2];
    Conv2D.Builder[] specs = {winograd, direct};
    for (int k = 0; k < 2; k++) {
      LayerRun run = LayerRun.of(specs[k], 3, new int[] {32, 14, 14});
      System.arraycopy(w, 0, ((Conv2D) run.layer()).kernel().value(), 0, w.length);
      y[k] = run.forward(Mode.INFER, Matrix.wrap(x.clone(), 2, x.length / 2));
    }
    assumeTrue(MatMuls.winograd(2) != null, "FASTEST is DIRECT without the Vector API");
    assertFalse(Arrays.equals(y[0].data(), y[1].data()), "FASTEST ran the direct sums");
  }

  @Test
  void aKernelWiderThanTheImageReachesIntoThePadding() {
    // taps wholly in the padding (ONNX's Conv1d_pad2size1 once crashed the patch packing)
    SplittableRandom random = new SplittableRandom(8);
    checkAgainstNaive(Conv2D.builder(3, 5).padding(2), new int[] {2, 1, 1}, 2, random, "5×5 pad 2 on 1×1");
    checkAgainstNaive(Conv2D.builder(3, 3).kernelSize(3, 5).padding(1, 1, 2, 2), new int[] {2, 2, 1}, 2, random, "3×5 on 2×1");
  }

  /** Forward, input gradient and parameter gradients of the layer against {@link NaiveConvolution}. */
  static void checkAgainstNaive(LayerSpec spec, int[] inputShape, int batch, SplittableRandom random, String what) {
    LayerRun run = LayerRun.of(spec, 3, inputShape);
    Conv2D layer = (Conv2D) run.layer();
    NaiveConvolution naive = naive(layer, inputShape);
    float[] w = randomValues(random, layer.kernel().size());
    System.arraycopy(w, 0, layer.kernel().value(), 0, w.length);
    float[] bias = null;
    if (layer.bias() != null) {
      bias = randomValues(random, layer.filters());
      System.arraycopy(bias, 0, layer.bias().value(), 0, bias.length);
    }
    float[] x = randomValues(random, batch * naive.inFeatures());
    float[] dy = randomValues(random, batch * naive.outFeatures());
    String where = what + " " + layer.where() + " " + Arrays.toString(inputShape) + " kernel "
        + Arrays.toString(layer.kernel().shape()) + " strides " + Arrays.toString(layer.strides()) + " dilation "
        + Arrays.toString(layer.dilationRate()) + " pads " + Arrays.toString(layer.pads());
    assertArrayEquals(new int[] {layer.filters(), naive.outHeight(), naive.outWidth()}, layer.outputShape(), where);
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(x.clone(), batch, naive.inFeatures()));
    assertClose(where + " y", naive.forward(x, batch, w, bias), y);
    Matrix dx = run.backward(Matrix.wrap(dy.clone(), batch, naive.outFeatures()));
    double[][] want = naive.backward(x, batch, w, dy);
    assertClose(where + " dx", want[0], dx);
    assertClose(where + " dkernel", want[1], layer.kernel().gradient());
    if (layer.bias() != null) {
      assertClose(where + " dbias", want[2], layer.bias().gradient());
    }
  }

  static NaiveConvolution naive(Conv2D layer, int[] in) {
    int[] k = layer.kernelSize();
    int[] s = layer.strides();
    int[] d = layer.dilationRate();
    int[] p = layer.pads();
    return new NaiveConvolution(in[0], in[1], in[2], layer.filters(), layer.groups(), k[0], k[1], s[0], s[1], d[0], d[1],
        p[0], p[1], p[2], p[3]);
  }

  /** |got − want| ≤ 1e-5 · (1 + max |want|) per element: float32 sums against double ones. */
  static void assertClose(String what, double[] want, Matrix got) {
    assertClose(what, want, Arrays.copyOf(got.data(), got.size()));
  }

  static void assertClose(String what, double[] want, float[] got) {
    assertEquals(want.length, got.length, what + ": size");
    double scale = 1;
    for (double v : want) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < want.length; i++) {
      if (!(Math.abs(got[i] - want[i]) <= 1e-5 * scale)) {
        throw new AssertionError(what + ": element " + i + " is " + got[i] + ", want " + want[i] + " (scale " + scale + ")");
      }
    }
  }

  static float[] randomValues(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }

  @Test
  void bitIdenticalForOneTwoAndThreeThreads() {
    List<LayerSpec> specs = List.of(
        Conv2D.builder(16, 3).padding(Padding.SAME).activation(Activations.RELU),
        Conv2D.builder(12, 1),
        Conv2D.builder(12, 3).groups(3).strides(2).dilationRate(2).padding(Padding.SAME),
        Conv2D.builder(8, 5).kernelSize(5, 4).strides(3, 2).padding(1, 1, 2, 2));
    for (LayerSpec spec : specs) {
      int[] shape = {12, 13, 14};
      float[][] reference = null;
      for (int threads = 1; threads <= 3; threads++) {
        float[][] got = WorkerPool.of(threads).call(() -> passes(spec, shape, 9));
        if (reference == null) {
          reference = got;
        } else {
          for (int k = 0; k < got.length; k++) {
            assertBitsEqual(reference[k], got[k], spec + " on " + spec.create().getClass().getSimpleName() + " output " + k
                + " with " + threads + " threads");
          }
        }
      }
    }
  }

  /** y, dx and every parameter gradient of a forward and backward pass on fixed random data. */
  static float[][] passes(LayerSpec spec, int[] shape, int batch) {
    LayerRun run = LayerRun.of(spec, 11, shape);
    SplittableRandom random = new SplittableRandom(5);
    int in = Layer.features(shape);
    int out = Layer.features(run.layer().outputShape());
    float[] y = copy(run.forward(Mode.TRAIN, Matrix.wrap(randomValues(random, batch * in), batch, in)));
    float[] dx = copy(run.backward(Matrix.wrap(randomValues(random, batch * out), batch, out)));
    List<float[]> all = new java.util.ArrayList<>(List.of(y, dx));
    for (Parameter p : run.layer().parameters()) {
      all.add(p.gradient().clone());
    }
    return all.toArray(new float[0][]);
  }

  private static float[] copy(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  static void assertBitsEqual(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        throw new AssertionError(what + ": not bit-identical at " + i + ": " + want[i] + " vs " + got[i]);
      }
    }
  }

  @Test
  void samePaddingIsKeras() {
    // ceil(in / stride) outputs; an odd total puts the extra zero at the bottom / right
    Conv2D even = (Conv2D) LayerRun.of(Conv2D.builder(4, 3).strides(2).padding(Padding.SAME), 1, new int[] {3, 8, 8}).layer();
    assertArrayEquals(new int[] {4, 4, 4}, even.outputShape());
    assertArrayEquals(new int[] {0, 1, 0, 1}, even.pads());
    Conv2D odd = (Conv2D) LayerRun.of(Conv2D.builder(4, 3).strides(2).padding(Padding.SAME), 1, new int[] {3, 7, 9}).layer();
    assertArrayEquals(new int[] {4, 4, 5}, odd.outputShape());
    assertArrayEquals(new int[] {1, 1, 1, 1}, odd.pads());
    Conv2D dilated = (Conv2D) LayerRun.of(Conv2D.builder(2, 3).dilationRate(2).padding(Padding.SAME), 1, new int[] {1, 9, 9})
        .layer();
    assertArrayEquals(new int[] {2, 9, 9}, dilated.outputShape());
    assertArrayEquals(new int[] {2, 2, 2, 2}, dilated.pads());
    Conv2D wide = (Conv2D) LayerRun.of(Conv2D.builder(2, 1).kernelSize(2, 4).padding(Padding.SAME), 1, new int[] {1, 5, 6})
        .layer();
    assertArrayEquals(new int[] {0, 1, 1, 2}, wide.pads());
    Conv2D valid = (Conv2D) LayerRun.of(Conv2D.builder(2, 3), 1, new int[] {1, 5, 6}).layer();
    assertArrayEquals(new int[] {2, 3, 4}, valid.outputShape());
    assertEquals(Padding.VALID, valid.padding());
  }

  @Test
  void defaultsAreKeras() {
    Conv2D layer = (Conv2D) LayerRun.of(Conv2D.builder(4, 3), 1, new int[] {2, 5, 5}).layer();
    assertArrayEquals(new int[] {1, 1}, layer.strides());
    assertArrayEquals(new int[] {1, 1}, layer.dilationRate());
    assertEquals(1, layer.groups());
    assertEquals(Padding.VALID, layer.padding());
    assertEquals(Activations.LINEAR, layer.activation());
    assertTrue(layer.useBias());
    assertArrayEquals(new int[] {4, 2, 3, 3}, layer.kernel().shape());
    assertEquals("kernel", layer.kernel().localName());
    assertEquals("bias", layer.bias().localName());
    assertEquals("conv2d", layer.baseName());
    assertArrayEquals(new float[4], layer.bias().value());
    assertNull(((Conv2D) Conv2D.builder(4, 3).useBias(false).create()).bias());
  }

  @Test
  void glorotAndHeUseTheReceptiveField() {
    // kernel [64, 32/2, 3, 3]: fanIn = 16·9 = 144, fanOut = 64·9 = 576
    Conv2D glorot = (Conv2D) LayerRun.of(Conv2D.builder(64, 3).groups(2), 5, new int[] {32, 6, 6}).layer();
    assertVariance(glorot.kernel().value(), 2.0 / (144 + 576));
    Conv2D he = (Conv2D) LayerRun.of(Conv2D.builder(64, 3).groups(2).kernelInitializer(Initializers.heNormal()), 5,
        new int[] {32, 6, 6}).layer();
    assertVariance(he.kernel().value(), 2.0 / 144);
  }

  private static void assertVariance(float[] w, double want) {
    double s = 0;
    for (float v : w) {
      s += (double) v * v;
    }
    double variance = s / w.length;
    assertEquals(want, variance, 0.05 * want, "variance of " + w.length + " values");
  }

  @Test
  void rejectsBadConfigurations() {
    assertMessage("Conv2D(name=?): filters must be > 0, but was -3", () -> Conv2D.builder(-3, 3).create());
    assertMessage("Conv2D(name=c): kernelSize must be > 0, but was [3, 0]",
        () -> Conv2D.builder(4, 3).kernelSize(3, 0).name("c").create());
    assertMessage("Conv2D(name=?): strides must be > 0, but was [0, 0]", () -> Conv2D.builder(4, 3).strides(0).create());
    assertMessage("Conv2D(name=?): dilationRate must be > 0, but was [1, -1]",
        () -> Conv2D.builder(4, 3).dilationRate(1, -1).create());
    assertMessage("Conv2D(name=?): groups must be > 0, but was 0", () -> Conv2D.builder(4, 3).groups(0).create());
    assertMessage("Conv2D(name=?): filters must be divisible by groups, but 4 filters are not divisible by 3 groups",
        () -> Conv2D.builder(4, 3).groups(3).create());
    assertMessage("Padding: left must be >= 0, but was -1", () -> Conv2D.builder(4, 3).padding(1, 1, -1, 0).create());
    assertMessage("Conv2D(name=?): padding CAUSAL is for 1-D convolutions (Conv1D) only",
        () -> Conv2D.builder(4, 3).padding(Padding.CAUSAL).create());
    assertMessage("Conv2D(name=?): padding must be 2-D (top, bottom, left, right), but was 1-D (left=1, right=1); use "
        + "Padding.of(top, bottom, left, right)", () -> Conv2D.builder(4, 3).padding(Padding.of1d(1, 1)).create());
    assertMessage("Conv2D(name=c): expects images [channels, height, width] per sample, but got shape [784] (channels first,"
        + " as ONNX and PyTorch)", () -> LayerRun.of(Conv2D.builder(4, 3).name("c"), 1, new int[] {784}));
    assertMessage("Conv2D(name=c): the input channels must be divisible by groups, but 3 channels are not divisible by 2 groups",
        () -> LayerRun.of(Conv2D.builder(4, 3).groups(2).name("c"), 1, new int[] {3, 5, 5}));
    assertMessage("Conv2D(name=c): the input [1, 4, 4] with pads (top, bottom, left, right) [0, 0, 0, 0] is smaller than the"
        + " kernel 3×5 dilated by 1×1, so the output would be empty",
        () -> LayerRun.of(Conv2D.builder(4, 3).kernelSize(3, 5).name("c"), 1, new int[] {1, 4, 4}));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void specCopiesTheConfiguration() {
    Conv2D layer = (Conv2D) LayerRun.of(Conv2D.builder(6, 3).strides(2).padding(1, 0, 2, 1).groups(3).dilationRate(1, 2)
        .useBias(false).name("c"), 1, new int[] {3, 9, 9}).layer();
    Conv2D copy = (Conv2D) LayerRun.of(layer.spec(), 1, new int[] {3, 9, 9}).layer();
    assertEquals("c", copy.name());
    assertArrayEquals(layer.outputShape(), copy.outputShape());
    assertArrayEquals(layer.pads(), copy.pads());
    assertArrayEquals(layer.kernel().shape(), copy.kernel().shape());
    assertEquals(Padding.of(1, 0, 2, 1), copy.padding());
    assertNull(copy.bias());
  }
}

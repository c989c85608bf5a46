// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static dev.lamina.layers.Conv2DTest.assertBitsEqual;
import static dev.lamina.layers.Conv2DTest.assertClose;
import static dev.lamina.layers.Conv2DTest.assertMessage;
import static dev.lamina.layers.Conv2DTest.randomValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.activations.Activations;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SeparableConv2D} against its definition, a depthwise and then a 1×1 convolution each by
 * the 7-loop oracle ({@link NaiveConvolution}) with the chain rule between them, on random shapes;
 * bit-identical results for 1, 2 and 3 threads; the configuration checks.
 */
class SeparableConv2DTest {

  @Test
  void isADepthwiseThenAPointwiseConvolution() {
    SplittableRandom random = new SplittableRandom(17);
    for (int trial = 0; trial < 30; trial++) {
      int k = 1 + random.nextInt(4);
      SeparableConv2D.Builder spec = SeparableConv2D.builder(1 + random.nextInt(4), k).depthMultiplier(1 + random.nextInt(2))
          .strides(1 + random.nextInt(2)).dilationRate(1 + random.nextInt(2)).useBias(random.nextBoolean())
          .padding(trial % 2 == 0 ? Padding.SAME : Padding.VALID);
      int[] shape = {1 + random.nextInt(3), 2 * k + random.nextInt(5), 2 * k + random.nextInt(5)};
      check(spec, shape, 1 + random.nextInt(3), random, "trial " + trial);
    }
  }

  private static void check(SeparableConv2D.Builder spec, int[] shape, int batch, SplittableRandom random, String what) {
    LayerRun run = LayerRun.of(spec, 3, shape);
    SeparableConv2D layer = (SeparableConv2D) run.layer();
    int[] k = layer.kernelSize();
    int[] s = layer.strides();
    int[] d = layer.dilationRate();
    int[] p = layer.pads();
    int middle = shape[0] * layer.depthMultiplier();
    NaiveConvolution depthwise = new NaiveConvolution(shape[0], shape[1], shape[2], middle, shape[0], k[0], k[1], s[0], s[1],
        d[0], d[1], p[0], p[1], p[2], p[3]);
    NaiveConvolution pointwise = new NaiveConvolution(middle, depthwise.outHeight(), depthwise.outWidth(), layer.filters(), 1,
        1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
    float[] dw = randomValues(random, layer.depthwiseKernel().size());
    float[] pw = randomValues(random, layer.pointwiseKernel().size());
    System.arraycopy(dw, 0, layer.depthwiseKernel().value(), 0, dw.length);
    System.arraycopy(pw, 0, layer.pointwiseKernel().value(), 0, pw.length);
    float[] bias = null;
    if (layer.bias() != null) {
      bias = randomValues(random, layer.filters());
      System.arraycopy(bias, 0, layer.bias().value(), 0, bias.length);
    }
    String where = what + " " + Arrays.toString(shape) + " " + Arrays.toString(layer.depthwiseKernel().shape()) + " -> "
        + Arrays.toString(layer.pointwiseKernel().shape()) + " pads " + Arrays.toString(p);
    float[] x = randomValues(random, batch * depthwise.inFeatures());
    float[] dy = randomValues(random, batch * pointwise.outFeatures());
    float[] t = toFloat(depthwise.forward(x, batch, dw, null));
    assertClose(where + " y", pointwise.forward(t, batch, pw, bias),
        run.forward(Mode.TRAIN, Matrix.wrap(x.clone(), batch, depthwise.inFeatures())));
    Matrix dx = run.backward(Matrix.wrap(dy.clone(), batch, pointwise.outFeatures()));
    double[][] second = pointwise.backward(t, batch, pw, dy);
    double[][] first = depthwise.backward(x, batch, dw, toFloat(second[0]));
    assertClose(where + " dx", first[0], dx);
    assertClose(where + " ddepthwise_kernel", first[1], layer.depthwiseKernel().gradient());
    assertClose(where + " dpointwise_kernel", second[1], layer.pointwiseKernel().gradient());
    if (layer.bias() != null) {
      assertClose(where + " dbias", second[2], layer.bias().gradient());
    }
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  @Test
  void bitIdenticalForOneTwoAndThreeThreads() {
    LayerSpec spec = SeparableConv2D.builder(16, 3).depthMultiplier(2).padding(Padding.SAME).activation(Activations.ELU);
    float[][] reference = WorkerPool.of(1).call(() -> Conv2DTest.passes(spec, new int[] {8, 14, 14}, 6));
    for (int threads = 2; threads <= 3; threads++) {
      float[][] got = WorkerPool.of(threads).call(() -> Conv2DTest.passes(spec, new int[] {8, 14, 14}, 6));
      for (int k = 0; k < got.length; k++) {
        assertBitsEqual(reference[k], got[k], "output " + k + " with " + threads + " threads");
      }
    }
  }

  @Test
  void weightsAreKeras() {
    SeparableConv2D layer = (SeparableConv2D) LayerRun.of(SeparableConv2D.builder(5, 3).depthMultiplier(2), 1,
        new int[] {3, 6, 6}).layer();
    assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"),
        layer.parameters().stream().map(Parameter::localName).toList());
    assertArrayEquals(new int[] {6, 1, 3, 3}, layer.depthwiseKernel().shape());
    assertArrayEquals(new int[] {5, 6, 1, 1}, layer.pointwiseKernel().shape());
    assertArrayEquals(new int[] {5, 4, 4}, layer.outputShape());
    assertEquals("separable_conv2d", layer.baseName());
    assertMessage("SeparableConv2D(name=?): filters must be > 0, but was -1", () -> SeparableConv2D.builder(-1, 3).create());
    assertMessage("SeparableConv2D(name=?): dilationRate must be > 0, but was [0, 0]",
        () -> SeparableConv2D.builder(2, 3).dilationRate(0).create());
  }
}

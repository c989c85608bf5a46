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
 * {@link Conv1D} against the 7-loop definition ({@link NaiveConvolution} of height 1) on random
 * shapes, Keras' 'same' and 'causal' padding, bit-identical results for 1, 2 and 3 threads, and
 * the configuration checks.
 */
class Conv1DTest {

  @Test
  void matchesTheDefinitionOnRandomShapes() {
    SplittableRandom random = new SplittableRandom(99);
    for (int trial = 0; trial < 40; trial++) {
      int groups = 1 + random.nextInt(2);
      int channels = groups * (1 + random.nextInt(3));
      int filters = groups * (1 + random.nextInt(3));
      int k = 1 + random.nextInt(5);
      int d = 1 + random.nextInt(3);
      int length = (k - 1) * d + 1 + random.nextInt(9);
      Conv1D.Builder spec = Conv1D.builder(filters, k).strides(1 + random.nextInt(3)).dilationRate(d).groups(groups)
          .useBias(random.nextBoolean());
      switch (trial % 4) {
        case 0 -> spec.padding(Padding.SAME);
        case 1 -> spec.padding(Padding.CAUSAL);
        case 2 -> spec.padding(random.nextInt(3), random.nextInt(3));
        default -> spec.padding(Padding.VALID);
      }
      checkAgainstNaive(spec, new int[] {channels, length}, 1 + random.nextInt(4), random, "trial " + trial);
    }
  }

  @Test
  void aKernelLongerThanTheInputReachesIntoThePadding() {
    // ONNX's backend test Conv1d_pad2size1: kernel 5, padding 2 on a length-1 input
    SplittableRandom random = new SplittableRandom(5);
    checkAgainstNaive(Conv1D.builder(4, 5).padding(2), new int[] {4, 1}, 2, random, "kernel 5 pad 2 length 1");
    checkAgainstNaive(Conv1D.builder(3, 4).padding(1, 2).dilationRate(1), new int[] {2, 2}, 2, random, "kernel 4 pad 1, 2");
    checkAgainstNaive(Conv1D.builder(3, 3).padding(2).strides(2), new int[] {2, 1}, 1, random, "kernel 3 pad 2 stride 2");
  }

  static void checkAgainstNaive(Conv1D.Builder spec, int[] shape, int batch, SplittableRandom random, String what) {
    LayerRun run = LayerRun.of(spec, 3, shape);
    Conv1D layer = (Conv1D) run.layer();
    int[] p = layer.pads();
    NaiveConvolution naive = new NaiveConvolution(shape[0], 1, shape[1], layer.filters(), layer.groups(), 1,
        layer.kernelSize(), 1, layer.strides(), 1, layer.dilationRate(), 0, 0, p[0], p[1]);
    float[] w = randomValues(random, layer.kernel().size());
    System.arraycopy(w, 0, layer.kernel().value(), 0, w.length);
    float[] bias = null;
    if (layer.bias() != null) {
      bias = randomValues(random, layer.filters());
      System.arraycopy(bias, 0, layer.bias().value(), 0, bias.length);
    }
    String where = what + " " + layer.where() + " " + Arrays.toString(shape) + " k " + layer.kernelSize() + " stride "
        + layer.strides() + " dilation " + layer.dilationRate() + " pads " + Arrays.toString(p);
    assertArrayEquals(new int[] {layer.filters(), naive.outWidth()}, layer.outputShape(), where);
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

  @Test
  void paddingIsKeras() {
    // same: ceil(length / stride) outputs, the extra zero on the right
    Conv1D same = (Conv1D) LayerRun.of(Conv1D.builder(2, 4).strides(2).padding(Padding.SAME), 1, new int[] {1, 10}).layer();
    assertArrayEquals(new int[] {2, 5}, same.outputShape());
    assertArrayEquals(new int[] {1, 1}, same.pads());
    Conv1D odd = (Conv1D) LayerRun.of(Conv1D.builder(2, 2).padding(Padding.SAME), 1, new int[] {1, 10}).layer();
    assertArrayEquals(new int[] {0, 1}, odd.pads());
    // causal: (k − 1)·d zeros on the left, the output as long as the input
    Conv1D causal = (Conv1D) LayerRun.of(Conv1D.builder(2, 3).dilationRate(2).padding(Padding.CAUSAL), 1, new int[] {1, 7})
        .layer();
    assertArrayEquals(new int[] {4, 0}, causal.pads());
    assertArrayEquals(new int[] {2, 7}, causal.outputShape());
    assertEquals(Padding.CAUSAL, causal.padding());
    assertArrayEquals(new int[] {2, 1, 3}, causal.kernel().shape());
  }

  @Test
  void causalOutputsDependOnThePastOnly() {
    LayerRun run = LayerRun.of(Conv1D.builder(3, 3).dilationRate(2).padding(Padding.CAUSAL), 4, new int[] {2, 9});
    SplittableRandom random = new SplittableRandom(1);
    float[] x = randomValues(random, 18);
    float[] y = Arrays.copyOf(run.forward(Mode.INFER, Matrix.wrap(x.clone(), 1, 18)).data(), 27);
    float[] later = x.clone();
    later[6] += 1; // channel 0, t = 6
    later[9 + 8] -= 1; // channel 1, t = 8
    float[] y2 = run.forward(Mode.INFER, Matrix.wrap(later, 1, 18)).data();
    for (int o = 0; o < 3; o++) {
      for (int t = 0; t < 6; t++) {
        assertEquals(y[o * 9 + t], y2[o * 9 + t], "filter " + o + ", t = " + t);
      }
    }
  }

  @Test
  void bitIdenticalForOneTwoAndThreeThreads() {
    for (LayerSpec spec : List.of(Conv1D.builder(16, 5).padding(Padding.CAUSAL).activation(Activations.TANH),
        Conv1D.builder(12, 3).strides(2).groups(4).padding(Padding.SAME))) {
      float[][] reference = WorkerPool.of(1).call(() -> Conv2DTest.passes(spec, new int[] {8, 200}, 7));
      for (int threads = 2; threads <= 3; threads++) {
        float[][] got = WorkerPool.of(threads).call(() -> Conv2DTest.passes(spec, new int[] {8, 200}, 7));
        for (int k = 0; k < got.length; k++) {
          assertBitsEqual(reference[k], got[k], "output " + k + " with " + threads + " threads");
        }
      }
    }
  }

  @Test
  void rejectsBadConfigurations() {
    assertMessage("Conv1D(name=?): filters must be > 0, but was 0", () -> Conv1D.builder(0, 3).create());
    assertMessage("Conv1D(name=?): kernelSize must be > 0, but was -1", () -> Conv1D.builder(2, -1).create());
    assertMessage("Padding: left must be >= 0, but was -1", () -> Conv1D.builder(2, 3).padding(-1, 0).create());
    assertMessage("Conv1D(name=?): padding must be 1-D (left, right), but was 2-D (top=1, bottom=1, left=0, right=0); use "
        + "Padding.of1d(left, right)", () -> Conv1D.builder(2, 3).padding(Padding.of(1, 0)).create());
    assertMessage("Conv1D(name=c): expects sequences [channels, length] per sample, but got shape [3, 4, 4] (channels first,"
        + " as ONNX and PyTorch)", () -> LayerRun.of(Conv1D.builder(2, 3).name("c"), 1, new int[] {3, 4, 4}));
    assertMessage("Conv1D(name=c): the input [1, 4] with pads (left, right) [0, 0] is shorter than the kernel 3 dilated by 2,"
        + " so the output would be empty", () -> LayerRun.of(Conv1D.builder(2, 3).dilationRate(2).name("c"), 1,
        new int[] {1, 4}));
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Layer;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Padding;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference networks are built as shared/bench/README.md's table and its PyTorch scripts say:
 * layer kinds, output shapes, and parameter counts equal to PyTorch's for the same architecture
 * (computed by hand below; {@code sum(p.numel() for p in model.parameters())} of torch_cnn.py's
 * models gives the same: 467,818 and 77,754, and its BN buffers hold 672 values).
 */
class BenchModelsTest {

  @Test
  void cnnIsTheVggStyleNetworkOfW4() {
    Model m = BenchModels.cnn(42);
    assertArrayEquals(new int[] {1, 28, 28}, m.input().shape(), "images channels first");
    List<Layer> layers = m.layers();
    assertEquals(List.of("Conv2D", "Conv2D", "MaxPooling2D", "Conv2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense",
        "Dropout", "Dense"), layers.stream().map(Layer::type).toList());
    int[][] shapes = {{32, 28, 28}, {32, 28, 28}, {32, 14, 14}, {64, 14, 14}, {64, 14, 14}, {64, 7, 7}, {3136}, {128},
        {128}, {10}};
    for (int i = 0; i < shapes.length; i++) {
      assertArrayEquals(shapes[i], layers.get(i).outputShape(), layers.get(i).name());
    }
    for (int i : new int[] {0, 1, 3, 4}) {
      Conv2D c = (Conv2D) layers.get(i);
      assertArrayEquals(new int[] {3, 3}, c.kernelSize());
      assertArrayEquals(new int[] {1, 1}, c.strides());
      assertEquals(Padding.SAME, c.padding());
      assertArrayEquals(new int[] {1, 1, 1, 1}, c.pads(), "same = torch padding=1 here");
      assertTrue(c.useBias());
      assertSame(Activations.RELU, c.activation());
      assertAll0(c.bias());
    }
    for (int i : new int[] {2, 5}) {
      MaxPooling2D p = (MaxPooling2D) layers.get(i);
      assertEquals(2, p.poolHeight());
      assertEquals(2, p.strideHeight());
    }
    assertSame(Activations.RELU, ((Dense) layers.get(7)).activation());
    assertEquals(0.5, ((Dropout) layers.get(8)).rate());
    assertSame(Activations.LINEAR, ((Dense) layers.get(9)).activation(), "logits");
    // He normal: std sqrt(2 / fan_in), fan_in = in channels · 3 · 3 (9 · 64 = 576 for the 4th conv).
    assertStd(Math.sqrt(2.0 / 576), ((Conv2D) layers.get(4)).kernel());
    assertStd(Math.sqrt(2.0 / 288), ((Conv2D) layers.get(1)).kernel());
    assertStd(Math.sqrt(2.0 / 3136), ((Dense) layers.get(7)).kernel());
    long torch = (1 * 32 * 9 + 32) + (32 * 32 * 9 + 32) + (32 * 64 * 9 + 64) + (64 * 64 * 9 + 64)
        + (64 * 7 * 7 * 128 + 128) + (128 * 10 + 10);
    assertEquals(467_818, torch);
    assertEquals(torch, trainable(m));
    assertEquals(0, state(m));
  }

  @Test
  void resnetIsTheThreeBlockResidualNetworkOfW5() {
    Model m = BenchModels.resnet(42);
    assertArrayEquals(new int[] {1, 28, 28}, m.input().shape());
    List<Layer> layers = m.layers();
    List<String> identityBlock = List.of("Conv2D", "BatchNormalization", "Activation", "Conv2D", "BatchNormalization",
        "Add", "Activation");
    List<String> projectionBlock = List.of("Conv2D", "BatchNormalization", "Activation", "Conv2D", "BatchNormalization",
        "Conv2D", "BatchNormalization", "Add", "Activation");
    List<String> expected = new java.util.ArrayList<>(List.of("Conv2D", "BatchNormalization", "Activation"));
    expected.addAll(identityBlock);
    expected.addAll(projectionBlock);
    expected.addAll(projectionBlock);
    expected.addAll(List.of("GlobalAveragePooling2D", "Dense"));
    assertEquals(expected, layers.stream().map(Layer::type).toList());
    List<Layer> adds = layers.stream().filter(l -> l.type().equals("Add")).toList();
    assertArrayEquals(new int[] {16, 28, 28}, adds.get(0).outputShape());
    assertArrayEquals(new int[] {32, 14, 14}, adds.get(1).outputShape());
    assertArrayEquals(new int[] {64, 7, 7}, adds.get(2).outputShape());
    assertArrayEquals(new int[] {64}, layers.get(layers.size() - 2).outputShape());
    assertArrayEquals(new int[] {10}, m.outputShape());
    assertSame(Activations.LINEAR, ((Dense) layers.get(layers.size() - 1)).activation(), "logits");
    // The first block adds its input itself; the others a 1×1 stride-2 projection + BN of it.
    assertSame(layers.get(2), inputLayer(adds.get(0), 1), "identity shortcut from the stem's ReLU");
    assertEquals("BatchNormalization", inputLayer(adds.get(1), 1).type());
    for (Layer l : layers) {
      if (l instanceof Conv2D c) {
        assertFalse(c.useBias(), c.name());
        assertNull(c.bias());
        boolean projection = c.kernelSize()[0] == 1;
        int stride = c.strides()[0];
        assertArrayEquals(projection ? new int[] {0, 0, 0, 0} : new int[] {1, 1, 1, 1}, c.pads(),
            c.name() + ": torch padding=1 for 3×3, 0 for 1×1");
        assertTrue(stride == 1 || c.outputShape()[1] == c.inputShape()[1] / 2, c.name());
      } else if (l instanceof BatchNormalization bn) {
        assertEquals(0.99, bn.spec().momentum(), "Keras momentum 0.99 = torch 0.01");
        assertEquals(1e-3, bn.epsilon());
      } else if (l instanceof ActivationLayer a) {
        assertSame(Activations.RELU, a.activation());
      }
    }
    assertEquals(9, layers.stream().filter(l -> l instanceof Conv2D).count(), "stem, 2 per block, 2 projections");
    assertEquals(2, layers.stream().filter(l -> l instanceof Conv2D c && c.kernelSize()[0] == 1
        && c.strides()[0] == 2).count(), "two projections, stride 2");
    List<Conv2D> convs = layers.stream().filter(l -> l instanceof Conv2D).map(l -> (Conv2D) l).toList();
    assertArrayEquals(new int[] {64, 64, 3, 3}, convs.get(7).kernel().shape(), "the last block's second conv");
    assertStd(Math.sqrt(2.0 / 576), convs.get(7).kernel());
    long stem = 1 * 16 * 9 + 2 * 16;
    long block16 = 2 * (16 * 16 * 9 + 2 * 16);
    long block32 = (16 * 32 * 9 + 2 * 32) + (32 * 32 * 9 + 2 * 32) + (16 * 32 + 2 * 32);
    long block64 = (32 * 64 * 9 + 2 * 64) + (64 * 64 * 9 + 2 * 64) + (32 * 64 + 2 * 64);
    long torch = stem + block16 + block32 + block64 + (64 * 10 + 10);
    assertEquals(77_754, torch);
    assertEquals(torch, trainable(m));
    long buffers = 2 * (16 + 16 + 16 + 32 + 32 + 32 + 64 + 64 + 64); // running mean and var of each BN
    assertEquals(672, buffers);
    assertEquals(buffers, state(m), "moving statistics = torch's running_mean and running_var");
  }

  @Test
  void denseNetworksHaveTorchMlpParameterCounts() {
    long plain = (784 * 300 + 300) + (300 * 100 + 100) + (100 * 10 + 10);
    assertEquals(plain, trainable(BenchModels.plain(42)));
    long bn = 2 * 784 + (784 * 300 + 300) + 2 * 300 + (300 * 100 + 100) + 2 * 100 + (100 * 10 + 10);
    assertEquals(bn, trainable(BenchModels.bn(42)));
    assertEquals(2 * (784 + 300 + 100), state(BenchModels.bn(42)));
  }

  @Test
  void theSameSeedBuildsTheSameWeights() {
    assertArrayEquals(BenchModels.resnet(7).parameters().get(0).value(), BenchModels.resnet(7).parameters().get(0).value());
  }

  private static Layer inputLayer(Layer merge, int input) {
    SymbolicTensor t = merge.nodes().get(0).inputs().get(input);
    Layer l = t.layer();
    assertTrue(l != null, "an input of " + merge.name() + " comes from a layer");
    return l;
  }

  private static long trainable(Model m) {
    return m.parameters().stream().filter(p -> !p.isState()).mapToLong(Parameter::size).sum();
  }

  private static long state(Model m) {
    return m.parameters().stream().filter(Parameter::isState).mapToLong(Parameter::size).sum();
  }

  private static void assertAll0(Parameter p) {
    for (float v : p.value()) {
      assertEquals(0f, v, p.name());
    }
  }

  private static void assertStd(double expected, Parameter p) {
    double sum = 0;
    double squares = 0;
    for (float v : p.value()) {
      sum += v;
      squares += (double) v * v;
    }
    int n = p.size();
    double std = Math.sqrt(squares / n - (sum / n) * (sum / n));
    assertEquals(expected, std, expected * 0.05, p.name() + ": He normal standard deviation");
  }
}

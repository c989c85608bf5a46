// SPDX-License-Identifier: Apache-2.0

package dev.lamina.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Padding;
import dev.lamina.layers.RReLU;
import org.junit.jupiter.api.Test;

/** Each factory gives the layer Keras' defaults (PyTorch's where Keras has none), unnamed. */
class LayersTest {

  @Test
  void factoriesCarryTheDocumentedDefaults() {
    BatchNormalization.Spec bn = Layers.batchNormalization();
    assertEquals(0.99, bn.momentum());
    assertEquals(1e-3, bn.epsilon());
    assertTrue(bn.center() && bn.scale());
    assertFalse(bn.statisticsFrozen());
    RReLU.Spec rrelu = Layers.rrelu();
    assertEquals(1.0 / 8, rrelu.lower());
    assertEquals(1.0 / 3, rrelu.upper());
    assertEquals(0.1, Layers.rrelu(0.1, 0.2).lower());
    assertFalse(Layers.prelu().shared(), "one slope per feature, as Keras");
    assertEquals(0.3, Layers.dropout(0.3).rate());
    assertEquals(0.1, Layers.alphaDropout(0.1).rate());
    assertArrayEquals(new float[] {1 / 255f}, Layers.rescaling(1 / 255.0).scale());
    assertArrayEquals(new float[] {-1f}, Layers.rescaling(1 / 127.5, -1).offset());
    assertEquals(Activations.TANH, Layers.activation(Activations.TANH).activation());
    assertNull(Layers.flatten().name());
    assertArrayEquals(new int[] {28, 28}, Layers.input(28, 28).shape());
  }

  @Test
  void denseTakesItsUnitsAndActivation() {
    Dense d = Layers.dense(7, Activations.RELU).create();
    assertArrayEquals(new int[] {7}, d.apply(Layers.input(3)).shape());
    assertEquals(7, d.units());
    assertEquals(Activations.RELU, d.activation());
    Dense linear = Layers.dense(2).create();
    assertEquals(Activations.LINEAR, linear.activation(), "no activation unless given, as Keras");
  }

  @Test
  void mergeFactoriesApplyToSymbolicTensors() {
    var a = Layers.input("a", 4);
    var b = Layers.input("b", 4);
    assertArrayEquals(new int[] {4}, Layers.add().apply(a, b).shape());
    assertArrayEquals(new int[] {4}, Layers.subtract().apply(a, b).shape());
    assertArrayEquals(new int[] {4}, Layers.multiply().apply(a, b).shape());
    assertArrayEquals(new int[] {4}, Layers.average().apply(a, b).shape());
    assertArrayEquals(new int[] {4}, Layers.maximum().apply(a, b).shape());
    assertArrayEquals(new int[] {8}, Layers.concatenate().apply(a, b).shape());
    var images = Layers.input(3, 2, 2);
    assertArrayEquals(new int[] {6, 2, 2}, Layers.concatenate(1).apply(images, images).shape());
    assertEquals("a", a.name());
  }

  @Test
  void poolingAndReshapingFactoriesCarryKerasDefaults() {
    assertEquals(3, Layers.maxPooling2d(3).strideHeight(), "strides default to the pool size");
    assertEquals(Padding.VALID, Layers.maxPooling2d(2, 3).padding());
    assertEquals(3, Layers.maxPooling2d(2, 3).strideWidth());
    assertFalse(Layers.averagePooling2d(2).countIncludePad(), "Keras same and ONNX exclude padded cells");
    assertEquals(1, Layers.averagePooling2d(3, 1).strideWidth());
    assertFalse(Layers.globalAveragePooling2d().keepdims());
    assertFalse(Layers.globalMaxPooling2d().keepdims());
    var images = Layers.input(3, 8, 6);
    assertArrayEquals(new int[] {3, 4, 3}, Layers.maxPooling2d(2).apply(images).shape());
    assertArrayEquals(new int[] {3, 4, 3}, Layers.averagePooling2d(3, 3).strides(2).padding(Padding.SAME).apply(images)
        .shape());
    assertArrayEquals(new int[] {3}, Layers.globalAveragePooling2d().apply(images).shape());
    assertArrayEquals(new int[] {3, 1, 1}, Layers.globalMaxPooling2d().keepdims(true).apply(images).shape());
    assertArrayEquals(new int[] {3, 10, 8}, Layers.zeroPadding2d(1).apply(images).shape());
    assertArrayEquals(new int[] {3, 12, 8}, Layers.zeroPadding2d(2, 1).apply(images).shape());
    assertArrayEquals(new int[] {3, 9, 9}, Layers.zeroPadding2d(0, 1, 2, 1).apply(images).shape());
    assertArrayEquals(new int[] {3, 16, 12}, Layers.upSampling2d(2).apply(images).shape());
    assertArrayEquals(new int[] {3, 8, 18}, Layers.upSampling2d(1, 3).apply(images).shape());
    assertArrayEquals(new int[] {24, 6}, Layers.reshape(-1, 6).apply(images).shape());
    assertArrayEquals(new int[] {6, 3, 8}, Layers.permute(3, 1, 2).apply(images).shape());
    assertEquals(0.2, Layers.spatialDropout2d(0.2).rate());
  }

  @Test
  void convolutionFactoriesTakeKerasArgumentsAndDefaults() {
    var images = Layers.input(3, 8, 8);
    Conv2D conv = Layers.conv2d(16, 3, Activations.RELU).padding(Padding.SAME).create();
    assertArrayEquals(new int[] {16, 8, 8}, conv.apply(images).shape());
    assertEquals(Activations.RELU, conv.activation());
    assertArrayEquals(new int[] {3, 3}, conv.kernelSize());
    Conv2D plain = Layers.conv2d(4, 5).create();
    assertArrayEquals(new int[] {4, 4, 4}, plain.apply(images).shape(), "valid padding unless given, as Keras");
    assertEquals(Activations.LINEAR, plain.activation());
    assertArrayEquals(new int[] {6, 6, 6}, Layers.depthwiseConv2d(3).depthMultiplier(2).apply(images).shape());
    assertArrayEquals(new int[] {5, 4, 4}, Layers.separableConv2d(5, 3).strides(2).padding(Padding.SAME).apply(images)
        .shape());
    assertArrayEquals(new int[] {7, 10}, Layers.conv1d(7, 3).padding(Padding.CAUSAL).apply(Layers.input(2, 10)).shape());
  }

  @Test
  void convolutionsAndPoolingSayPaddingTheSameWay() {
    var images = Layers.input(3, 8, 8);
    Padding torchOne = Padding.of(1, 1); // PyTorch padding=1
    assertArrayEquals(new int[] {4, 4, 4}, Layers.conv2d(4, 3).strides(2).padding(torchOne).apply(images).shape());
    assertArrayEquals(new int[] {3, 4, 4}, Layers.maxPooling2d(3).strides(2).padding(torchOne).apply(images).shape());
    assertArrayEquals(new int[] {3, 4, 4}, Layers.averagePooling2d(3).strides(2).padding(torchOne).apply(images).shape());
    assertArrayEquals(new int[] {3, 4, 4}, Layers.depthwiseConv2d(3).strides(2).padding(Padding.SAME).apply(images).shape());
    assertArrayEquals(new int[] {3, 4, 4}, Layers.maxPooling2d(3).strides(2).padding(Padding.SAME).apply(images).shape());
    assertEquals(torchOne, Layers.maxPooling2d(3).padding(torchOne).padding());
    assertEquals(torchOne, Layers.conv2d(4, 3).padding(1).create().padding());
    assertArrayEquals(new int[] {2, 12}, Layers.conv1d(2, 3).padding(Padding.of1d(2, 2)).apply(Layers.input(1, 10)).shape());
  }
}

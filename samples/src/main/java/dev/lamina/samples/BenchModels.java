// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.dsl.Layers.activation;
import static dev.lamina.dsl.Layers.add;
import static dev.lamina.dsl.Layers.batchNormalization;
import static dev.lamina.dsl.Layers.conv2d;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.dropout;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.globalAveragePooling2d;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.dsl.Layers.maxPooling2d;

import dev.lamina.dsl.Network;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.Padding;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;

/**
 * The networks of the reference workloads of {@code shared/bench/README.md}, layer for layer as
 * its PyTorch scripts build them ({@code torch_mlp.py}, {@code torch_cnn.py}), each ending in
 * logits (the loss takes them, as PyTorch's {@code cross_entropy}). Images are channels first,
 * {@code [1, 28, 28]}, as in PyTorch, so {@code Flatten} orders the features as {@code nn.Flatten}.
 */
final class BenchModels {
  /** BN as the README's table: Keras momentum 0.99 (torch 0.01), epsilon 1e-3. */
  static final double BN_MOMENTUM = 0.99;
  static final double BN_EPSILON = 1e-3;

  private BenchModels() {}

  /** W2 {@code plain}: Flatten → Dense 300 ReLU → Dense 100 ReLU → Dense 10 logits, Glorot uniform, zero bias. */
  static Sequential plain(long seed) {
    return Network.sequential(seed, input(28, 28), flatten(), dense(300, RELU), dense(100, RELU), dense(10));
  }

  /** W1 {@code bn}: Flatten → BN → Dense 300 ELU (He normal) → BN → Dense 100 ELU (He normal) → BN → Dense 10 logits. */
  static Sequential bn(long seed) {
    return Network.sequential(seed, input(28, 28), flatten(),
        batchNormalization(), dense(300, ELU).kernelInitializer(Initializers.heNormal()),
        batchNormalization(), dense(100, ELU).kernelInitializer(Initializers.heNormal()),
        batchNormalization(), dense(10));
  }

  /**
   * W4 {@code cnn} (and W6 {@code cnn-infer}), a small VGG-style network: Conv 3×3 32 ReLU → Conv
   * 3×3 32 ReLU → MaxPool 2 → Conv 3×3 64 ReLU → Conv 3×3 64 ReLU → MaxPool 2 → Flatten → Dense 128
   * ReLU → Dropout 0.5 → Dense 10 logits. Convolutions {@code same} (PyTorch's {@code padding=1}
   * for a 3×3 kernel at stride 1) with bias; He normal kernels and zero biases everywhere (the
   * script's {@code kaiming_normal_}; Keras' He normal is truncated, with the same variance). The
   * ReLUs are fused into the layers before them. 467,818 parameters, as PyTorch's.
   */
  static Sequential cnn(long seed) {
    return Network.sequential(seed, input(1, 28, 28),
        conv(32), conv(32), maxPooling2d(2),
        conv(64), conv(64), maxPooling2d(2),
        flatten(),
        dense(128, RELU).kernelInitializer(Initializers.heNormal()),
        dropout(0.5),
        dense(10).kernelInitializer(Initializers.heNormal()));
  }

  /**
   * W5 {@code resnet}: Conv 3×3 16 (no bias) → BN → ReLU → basic block 16 → basic block 32
   * (stride 2) → basic block 64 (stride 2) → global average pooling → Dense 10 logits, He normal
   * kernels. 77,754 trainable parameters as PyTorch's, plus 672 moving statistics (its buffers).
   * See {@link #basicBlock} for the blocks and their padding.
   */
  static Model resnet(long seed) {
    Input x = input(1, 28, 28);
    SymbolicTensor h = convBn(16, 1).apply(x);
    h = batchNorm().apply(h);
    h = activation(RELU).apply(h);
    h = basicBlock(h, 16, 1);
    h = basicBlock(h, 32, 2);
    h = basicBlock(h, 64, 2);
    h = globalAveragePooling2d().apply(h);
    return Network.model(seed, x, dense(10).kernelInitializer(Initializers.heNormal()).apply(h));
  }

  /**
   * The basic block of the original ResNet: Conv 3×3 (stride s, no bias) → BN → ReLU → Conv 3×3
   * (no bias) → BN, plus the input, or its 1×1 stride-s Conv + BN projection when the shape
   * changes, then ReLU. The 3×3 convolutions pad one zero on every side, PyTorch's
   * {@code padding=1}: at stride 1 this is {@code same}; at stride 2 Keras' {@code same} would pad
   * only the bottom and right of an even input, shifting the sampled pixels by one from the 1×1
   * projection's, so the block pads as the script does.
   */
  static SymbolicTensor basicBlock(SymbolicTensor x, int filters, int stride) {
    int channels = x.shape()[0];
    SymbolicTensor y = convBn(filters, stride).apply(x);
    y = batchNorm().apply(y);
    y = activation(RELU).apply(y);
    y = convBn(filters, 1).apply(y);
    y = batchNorm().apply(y);
    SymbolicTensor shortcut = x;
    if (stride != 1 || channels != filters) {
      shortcut = conv2d(filters, 1).strides(stride).useBias(false).kernelInitializer(Initializers.heNormal()).apply(x);
      shortcut = batchNorm().apply(shortcut);
    }
    return activation(RELU).apply(add().apply(y, shortcut));
  }

  /** A 3×3 {@code same} convolution with bias and a fused ReLU, He normal (the cnn's). */
  private static Conv2D.Builder conv(int filters) {
    return conv2d(filters, 3, RELU).padding(Padding.SAME).kernelInitializer(Initializers.heNormal());
  }

  /** A 3×3 convolution without bias (a BN follows), one zero on every side, He normal (the resnet's). */
  private static Conv2D.Builder convBn(int filters, int stride) {
    return conv2d(filters, 3).strides(stride).padding(1).useBias(false).kernelInitializer(Initializers.heNormal());
  }

  private static BatchNormalization.Spec batchNorm() {
    return batchNormalization().momentum(BN_MOMENTUM).epsilon(BN_EPSILON);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

/**
 * How a {@link Conv2D} layer computes its convolution: an execution choice, not part of the model
 * (a saved or exported model does not record it).
 */
public enum ConvolutionAlgorithm {
  /**
   * The fastest method for the layer's shape on this machine (default): Winograd's F(4×4, 3×3) or
   * F(2×2, 3×3) for 3×3 kernels with stride 1, dilation 1, one group, padding of at most 2, at
   * least 32 channels and filters and an output of at least 8×8, where the Vector API is enabled;
   * otherwise {@link #DIRECT}. Winograd needs 36 multiplications per 4×4 output tile and channel
   * (16 per 2×2 tile) instead of 144 (36); its results differ from the direct sums by rounding
   * only (F(4×4, 3×3) rounds a little more: its transforms scale by up to 8 and by ⅙). cuDNN and
   * NNPACK choose it too for such layers; PyTorch's CPU convolutions (through oneDNN) and Keras' on
   * the CPU run the direct algorithm.
   */
  FASTEST,
  /** The direct sums of products, as PyTorch computes them on the CPU. */
  DIRECT
}

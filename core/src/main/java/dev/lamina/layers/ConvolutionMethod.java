// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import org.jspecify.annotations.Nullable;

/**
 * A convolution of a batch, whichever way it is computed: by matrix products
 * ({@link Convolution}) or by direct loops over the planes ({@link DepthwiseConvolution}).
 * {@link ConvolutionPasses} runs a layer on either.
 *
 * @param <W> a frame's buffers and tasks for it
 */
interface ConvolutionMethod<W> {

  /** The shapes. */
  ConvGeometry geometry();

  /** A frame's buffers and tasks, made once per frame. */
  W work();

  /**
   * z = conv(x) + bias (when not null) for a batch of {@code batch} images: x is [batch, inFeatures],
   * z [batch, outFeatures]. {@code gradientFollows} says that {@link #backward} with a kernel
   * gradient will follow (training a trainable kernel): the method may then keep, in the work, what
   * it would otherwise compute from x again (the padded images), at the cost of their memory.
   * Modified: z, the work's buffers.
   */
  void forward(W work, float[] x, int batch, float[] kernel, float @Nullable [] bias, float[] z,
      boolean gradientFollows);

  /**
   * As {@link #forward}, also writing y = max(z, 0) (y as z) in the same pass over z, where the
   * method can: it returns false, writing nothing, when it cannot (the default). z may be null when
   * only y is wanted (inference). Modified: z, y, the work's buffers.
   */
  default boolean forwardRelu(W work, float[] x, int batch, float[] kernel, float @Nullable [] bias,
      float @Nullable [] z, float[] y, boolean gradientFollows) {
    return false;
  }

  /**
   * The gradients for the output gradient dz of the latest {@link #forward} of x: the kernel's and
   * the bias's (when not null; written, not added) and the input's (when dx is not null).
   * Modified: dKernel, dBias, dx, the work's buffers.
   */
  void backward(W work, float[] x, float[] dz, int batch, float[] kernel, float @Nullable [] dKernel,
      float @Nullable [] dBias, float @Nullable [] dx);
}

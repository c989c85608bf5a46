// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

/**
 * A frame's input gradient of a stride-1 convolution run as a convolution of its own: of dz by the
 * flipped kernel ({@link Convolution#adjointGeometry}, {@link Convolution#flip}). Holds the
 * adjoint's work and the flipped kernel, made at the first backward pass and reused.
 *
 * @param <W> the adjoint method's work
 */
final class AdjointPass<W> {
  private final ConvGeometry forward;
  private final ConvolutionMethod<W> adjoint;
  private final W work;
  private final float[] flipped;

  /**
   * @param forward the geometry of the convolution whose input gradient this computes
   * @param adjoint the convolution of {@code Convolution.adjointGeometry(forward)}
   */
  AdjointPass(ConvGeometry forward, ConvolutionMethod<W> adjoint) {
    this.forward = forward;
    this.adjoint = adjoint;
    this.work = adjoint.work();
    this.flipped = new float[forward.filters * forward.patchSize];
  }

  /** dx for the output gradient dz of a batch. Modified: dx, the buffers. */
  void inputGradient(float[] dz, int batch, float[] kernel, float[] dx) {
    Convolution.flip(forward, kernel, flipped);
    adjoint.forward(work, dz, batch, flipped, null, dx, false);
  }
}

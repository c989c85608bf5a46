// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * An activation function applied to a [batch, units] matrix: element-wise, or row-wise for
 * {@link Softmax}. Usable fused into a {@code Dense} layer or as its own {@code Activation} layer.
 *
 * <p>Get Lamina's from {@link Activations}. An activation of one's own implements this interface
 * (or, element-wise, comes from {@link Activations#of}); it works everywhere Lamina's do, fused in
 * {@code Dense} or as an {@code Activation} layer. ONNX export needs a mapping for it: the class
 * implements the export module's {@code dev.lamina.onnx.OnnxExportableActivation}, or one is given
 * with {@code OnnxExportOptions.activationExport}.
 */
public interface Activation {

  /** The Keras name: {@code "relu"}, {@code "leaky_relu"}, … */
  String name();

  /**
   * Computes {@code out = f(z)}. {@code out} may be {@code z} itself. Not modified: z (unless it
   * is out). Modified: out, which must already have z's size.
   */
  void forward(Matrix z, Matrix out);

  /**
   * Computes the vector-Jacobian product {@code dz = J(z)ᵀ · dOut}, given the input {@code z}, the
   * output {@code out = f(z)} and the upstream gradient {@code dOut}. {@code dz} may be
   * {@code dOut}. Modified: dz.
   */
  void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz);
}

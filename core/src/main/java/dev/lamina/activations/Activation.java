package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/**
 * An activation function applied to a [batch, units] matrix: element-wise, or row-wise for
 * {@link Softmax}. Usable fused into a {@code Dense} layer or as its own {@code Activation} layer.
 *
 * <p>The hierarchy is sealed so that exporters handle every activation; get instances from
 * {@link Activations}.
 */
public sealed interface Activation
    permits Linear, Sigmoid, Tanh, Relu, LeakyRelu, Elu, Selu, Softmax, LogSoftmax {

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

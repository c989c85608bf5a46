package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A layer of a sequential network: its parameters, its forward pass and its backward pass, side by
 * side. Inside a model every batch is a [batch, features] {@link Matrix}; a layer's per-sample
 * shape (for example [28, 28] before {@link Flatten}) is metadata.
 *
 * <p>Lifecycle: a {@link LayerSpec} creates the layer, the model calls {@link #build} once with the
 * input shape, then {@link #forward} and {@link #backward} per batch. Returned matrices are owned
 * by the layer and reused by the next call.
 *
 * <p>The hierarchy is sealed so that exporters handle every layer kind.
 */
public sealed interface Layer
    permits Dense, Flatten, ActivationLayer, PReLU, RReLU, BatchNormalization, Dropout, AlphaDropout, Normalization,
        Rescaling {

  /** The unique name within its model. */
  String name();

  /** The Keras class name shown by {@code summary()}: {@code "Dense"}, {@code "Flatten"}, … */
  String type();

  /** A specification that creates an identical, unbuilt layer with the same name. */
  LayerSpec spec();

  /** Whether training updates this layer's parameters (Keras {@code layer.trainable}). */
  boolean isTrainable();

  /** Freezes ({@code false}) or unfreezes ({@code true}) this layer. */
  void setTrainable(boolean trainable);

  /**
   * Creates the parameters for inputs of the given per-sample shape and initialises them.
   *
   * @param random the model's seeded generator, advanced by initialisation
   * @return the per-sample output shape
   * @throws IllegalArgumentException if the input shape does not suit this layer
   */
  int[] build(int[] inputShape, RandomGenerator random);

  /** The per-sample output shape (after {@link #build}). */
  int[] outputShape();

  /** The parameters, trainable and not, in a stable order. */
  List<Parameter> parameters();

  /** Computes the output for a [batch, features] input. The input must stay unchanged until {@link #backward}. */
  Matrix forward(Matrix input, Mode mode);

  /**
   * Back-propagates the gradient of the loss with respect to the latest output: fills the
   * parameter gradients (when trainable) and returns the gradient with respect to the input when
   * {@code inputGradient} is true (otherwise the return value is unspecified and the work skipped).
   */
  Matrix backward(Matrix outputGradient, boolean inputGradient);
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options every builder of a layer with a bias and an activation shares ({@link Dense} and the
 * convolutions), written once: the activation, the bias and its initializer, regularizer and
 * constraint, the name and whether it trains. Each layer's public, final builder extends this class
 * (or {@link KernelOptions}, {@link Conv2DOptions}) with its own type as {@code B}, so the inherited
 * methods return that builder; the self-typed generic stays package-private, as the optimizers'
 * {@code OptimizerOptions}. Defaults as Keras.
 *
 * @param <B> the concrete builder
 */
abstract class ActivatedOptions<B extends ActivatedOptions<B>> implements LayerSpec {
  private final String type;
  Activation activation = Activations.LINEAR;
  boolean useBias = true;
  WeightOptions bias = WeightOptions.of(Initializers.zeros());
  @Nullable String name;
  boolean trainable = true;

  /** @param type the layer's type, for messages: {@code "Conv2D"} */
  ActivatedOptions(String type) {
    this.type = type;
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** Applied to the product or convolution plus the bias; default linear. */
  public final B activation(Activation activation) {
    this.activation = Objects.requireNonNull(activation, "activation");
    return self();
  }

  /** Whether the layer adds a bias; default true. */
  public final B useBias(boolean useBias) {
    this.useBias = useBias;
    return self();
  }

  /** Default zeros (Keras). */
  public final B biasInitializer(Initializer initializer) {
    bias = bias.withInitializer(Objects.requireNonNull(initializer, "biasInitializer"));
    return self();
  }

  /** A penalty on the bias added to the training loss; default none. */
  public final B biasRegularizer(Regularizer regularizer) {
    bias = bias.withRegularizer(Objects.requireNonNull(regularizer, "biasRegularizer"));
    return self();
  }

  /** Applied to the bias after each optimizer update; default none. */
  public final B biasConstraint(Constraint constraint) {
    bias = bias.withConstraint(Objects.requireNonNull(constraint, "biasConstraint"));
    return self();
  }

  /** A name unique in the model; generated from the base name ({@code conv2d}, {@code conv2d_1}, …) when not given. */
  public final B name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return self();
  }

  /** Whether training updates the layer; default true. */
  public final B trainable(boolean trainable) {
    this.trainable = trainable;
    return self();
  }

  @Override
  public final @Nullable String name() {
    return name;
  }

  /** The type in snake case, as {@link Layer#baseName()}: {@code "conv2d"}, {@code "depthwise_conv2d"}. */
  @Override
  public final String baseName() {
    return Layer.snakeCase(type);
  }

  /** {@code "Conv2D(name=c1): "}: the prefix of the messages of {@code create()}. */
  final String where() {
    return type + "(name=" + Layer.label(name) + "): ";
  }

  /** A copy of this builder: a layer keeps one, so that later calls on the builder do not change it. */
  abstract B copy();

  /** A copy with the name and the trainable flag of {@code layer}: what the layer's {@code spec()} returns. */
  final B specOf(Layer layer) {
    return copy().name(layer.name()).trainable(layer.isTrainable());
  }

  /**
   * Sets this class's options from {@code from}; each subclass that adds options overrides it, and
   * each builder's {@code copy()} starts from it. Returns this.
   */
  B copyFrom(B from) {
    activation = from.activation;
    useBias = from.useBias;
    bias = from.bias;
    name = from.name;
    trainable = from.trainable;
    return self();
  }

  /** The bias [size] added to {@code layer} with its options, or null when {@code useBias} is false. */
  final @Nullable Parameter addBias(Layer layer, int size) {
    return useBias ? bias.addTo(layer, "bias", size) : null;
  }
}

package dev.lamina.layers;

import org.jspecify.annotations.Nullable;

/**
 * The configuration of a layer, not yet part of a model: what {@code Layers.dense(300)} returns.
 * A model resolves names (Keras style: {@code dense}, {@code dense_1}, …) and then creates the
 * layer.
 */
public interface LayerSpec {

  /** The name given by the user, or null to have the model generate one. */
  @Nullable String name();

  /** The base of generated names, in Keras' snake case: {@code "dense"}, {@code "flatten"}. */
  String baseName();

  /**
   * Creates the layer with the given final name; validates the configuration.
   *
   * @throws IllegalArgumentException naming the layer, the rule and the value received
   */
  Layer create(String name);
}

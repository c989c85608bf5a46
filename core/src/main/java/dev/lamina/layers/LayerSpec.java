// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a layer, not yet part of a model: what {@code Layers.dense(300)} returns.
 * {@link #create()} makes the layer; {@link #apply} makes it and applies it to symbolic inputs in
 * one step (the functional API: {@code dense(64).apply(x)}, in Kotlin {@code dense(64)(x)}). A
 * {@link Layer} is the specification of itself.
 */
public interface LayerSpec {

  /** The name given by the user, or null to have the model generate one. */
  @Nullable String name();

  /** The base of generated names, in Keras' snake case: {@code "dense"}, {@code "flatten"}. */
  String baseName();

  /**
   * Creates the layer, unbuilt and unnamed unless a name was given; validates the configuration.
   *
   * @throws IllegalArgumentException naming the layer, the rule and the value received
   */
  Layer create();

  /** A new layer from this specification, applied to {@code inputs} (Keras {@code Dense(64)(x)}). */
  default SymbolicTensor apply(SymbolicTensor... inputs) {
    return create().apply(inputs);
  }

  /** As {@link #apply(SymbolicTensor...)}. */
  default SymbolicTensor apply(List<? extends SymbolicTensor> inputs) {
    return create().apply(inputs);
  }

  /** Kotlin's call syntax: {@code dense(64)(x)}. */
  default SymbolicTensor invoke(SymbolicTensor... inputs) {
    return apply(inputs);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.regularizers.Regularizer;
import org.jspecify.annotations.Nullable;

/**
 * One weight's initializer, regularizer and constraint, as a layer's builder holds them (a kernel,
 * a bias), and that weight added to the layer with them at build. Immutable, so a builder's copy
 * shares it.
 */
record WeightOptions(Initializer initializer, @Nullable Regularizer regularizer, @Nullable Constraint constraint) {

  /** Initialised by {@code initializer}, with no regularizer and no constraint. */
  static WeightOptions of(Initializer initializer) {
    return new WeightOptions(initializer, null, null);
  }

  WeightOptions withInitializer(Initializer initializer) {
    return new WeightOptions(initializer, regularizer, constraint);
  }

  WeightOptions withRegularizer(Regularizer regularizer) {
    return new WeightOptions(initializer, regularizer, constraint);
  }

  WeightOptions withConstraint(Constraint constraint) {
    return new WeightOptions(initializer, regularizer, constraint);
  }

  /** Adds the trainable weight {@code layer/weight} of {@code shape} to {@code layer}, with these options. */
  Parameter addTo(Layer layer, String weight, int... shape) {
    return addTo(layer, weight, shape, initializer);
  }

  /** As {@link #addTo(Layer, String, int...)}, filled by {@code initializer} instead (a view of this one's). */
  Parameter addTo(Layer layer, String weight, int[] shape, Initializer initializer) {
    Parameter p = layer.addWeight(weight, shape, initializer);
    p.setRegularizer(regularizer);
    p.setConstraint(constraint);
    return p;
  }
}

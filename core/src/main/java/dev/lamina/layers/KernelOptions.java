// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import java.util.Objects;

/**
 * {@link ActivatedOptions} plus one kernel's initializer, regularizer and constraint: the builders
 * of {@link Dense} and {@link Conv1D}. ({@link Conv2D}'s builder has the same three methods on
 * {@link Conv2DOptions}.)
 *
 * @param <B> the concrete builder
 */
abstract class KernelOptions<B extends KernelOptions<B>> extends ActivatedOptions<B> {
  WeightOptions kernel = WeightOptions.of(Initializers.glorotUniform());

  KernelOptions(String type) {
    super(type);
  }

  /** Default Glorot uniform (Keras). */
  public final B kernelInitializer(Initializer initializer) {
    kernel = kernel.withInitializer(Objects.requireNonNull(initializer, "kernelInitializer"));
    return self();
  }

  /** A penalty on the kernel added to the training loss, e.g. {@code Regularizers.l2(0.01)}; default none. */
  public final B kernelRegularizer(Regularizer regularizer) {
    kernel = kernel.withRegularizer(Objects.requireNonNull(regularizer, "kernelRegularizer"));
    return self();
  }

  /** Applied to the kernel after each optimizer update, e.g. {@code Constraints.maxNorm(2)}; default none. */
  public final B kernelConstraint(Constraint constraint) {
    kernel = kernel.withConstraint(Objects.requireNonNull(constraint, "kernelConstraint"));
    return self();
  }

  @Override
  B copyFrom(B from) {
    kernel = from.kernel;
    return super.copyFrom(from);
  }
}

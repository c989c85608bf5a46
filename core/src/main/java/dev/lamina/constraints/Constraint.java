// SPDX-License-Identifier: Apache-2.0

package dev.lamina.constraints;

/**
 * A projection applied to a parameter after each optimizer update (Keras {@code Constraint}),
 * for example {@link Constraints#maxNorm()}. One abstract method, so a lambda is a constraint:
 * {@code (w, shape) -> { for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], 0); }}.
 */
@FunctionalInterface
public interface Constraint {

  /**
   * Projects the values in place.
   *
   * @param values the parameter's values in row-major order. Modified.
   * @param shape the parameter's shape, for example [in, out] for a Dense kernel. Not modified.
   * @throws IllegalArgumentException if the constraint does not suit the shape
   */
  void apply(float[] values, int[] shape);
}

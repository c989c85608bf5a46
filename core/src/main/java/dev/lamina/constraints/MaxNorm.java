// SPDX-License-Identifier: Apache-2.0

package dev.lamina.constraints;

import java.util.Arrays;

/**
 * Limits the L2 norm of each weight vector along {@code axis} to {@code maxValue} (Keras
 * {@code MaxNorm}; Srivastava et al., 2014, https://jmlr.org/papers/v15/srivastava14a.html):
 * {@code w ← w · clip(norm, 0, maxValue) / (ε + norm)} with ε = {@link #EPSILON}. For a Dense
 * kernel [in, out], axis 0 (the default) constrains each output unit's incoming weights; a rank-1
 * bias with axis 0 is one vector.
 *
 * @param maxValue the largest norm, > 0 (Keras default 2)
 * @param axis the axis the norms run along; negative counts from the end (Keras default 0)
 */
public record MaxNorm(double maxValue, int axis) implements Constraint {
  /** 1e-7, Keras' {@code backend.epsilon()}. */
  public static final double EPSILON = 1e-7;

  /** @throws IllegalArgumentException if maxValue is not a positive finite number */
  public MaxNorm {
    if (!(maxValue > 0 && maxValue < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("MaxNorm: maxValue must be a finite number > 0, but was " + maxValue);
    }
  }

  @Override
  public void apply(float[] values, int[] shape) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException("MaxNorm: axis must be in [-rank, rank), but was " + axis
          + " for shape " + Arrays.toString(shape));
    }
    int inner = 1;
    for (int d = a + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    int n = shape[a];
    int outer = values.length / (n * inner);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int first = o * n * inner + i;
        double squares = 0;
        for (int k = 0; k < n; k++) {
          double w = values[first + k * inner];
          squares += w * w;
        }
        double norm = Math.sqrt(squares);
        float factor = (float) (Math.min(norm, maxValue) / (EPSILON + norm));
        for (int k = 0; k < n; k++) {
          values[first + k * inner] *= factor;
        }
      }
    }
  }
}

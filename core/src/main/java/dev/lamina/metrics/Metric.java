// SPDX-License-Identifier: Apache-2.0

package dev.lamina.metrics;

import dev.lamina.tensor.Matrix;

/**
 * A quantity reported during training and evaluation: the mean over samples of a per-sample
 * value. Stateless; the model accumulates {@link #sum} over batches and divides by the number of
 * samples.
 */
public interface Metric {

  /** The name in logs and histories: {@code "accuracy"}; validation values get {@code "val_"}. */
  String name();

  /** The sum over the batch of the per-sample value. Not modified: predicted, target. */
  double sum(Matrix predicted, Matrix target);

  /** A metric from a name and a per-batch sum, for lambdas. */
  static Metric of(String name, java.util.function.ToDoubleBiFunction<Matrix, Matrix> sum) {
    return new Metric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double sum(Matrix predicted, Matrix target) {
        return sum.applyAsDouble(predicted, target);
      }
    };
  }
}

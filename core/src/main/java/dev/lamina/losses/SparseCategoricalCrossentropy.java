// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Categorical cross-entropy with integer class targets: mean over the batch of −log p_label.
 * Same numerics as {@link CategoricalCrossentropy} with a one-hot target; from logits it is
 * {@code logsumexp(z) − z_label}, PyTorch's {@code CrossEntropyLoss}.
 *
 * @param fromLogits whether predictions are logits; Keras default false
 */
public record SparseCategoricalCrossentropy(boolean fromLogits) implements ProbabilisticLoss {
  private static final String NAME = "SparseCategoricalCrossentropy";

  @Override
  public double compute(Matrix predicted, Matrix target, @Nullable Matrix gradient) {
    Checks.sparseShape(NAME, predicted, target);
    int rows = predicted.rows();
    int cols = predicted.cols();
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      int label = Checks.label(NAME, target, r, cols);
      sum += fromLogits
          ? CrossEntropy.fromLogits(predicted, r, label, gradient, rows)
          : CrossEntropy.fromProbabilities(predicted, r, label, gradient, rows);
    }
    return sum / rows;
  }

  @Override
  public Activation outputActivation() {
    return Activations.SOFTMAX;
  }

  @Override
  public SparseCategoricalCrossentropy withLogits() {
    return new SparseCategoricalCrossentropy(true);
  }

  @Override
  public String name() {
    return "sparse_categorical_crossentropy";
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Categorical cross-entropy with one-hot (or soft) targets: mean over the batch of
 * −Σ_j y_j·log p_j.
 *
 * <p>From probabilities (the Keras default), each row is renormalised to sum to 1 and clipped to
 * [ε, 1 − ε], ε = 1e-7, as Keras. From logits z: Σ_j y_j·(logsumexp(z) − z_j), gradient
 * softmax(z)·Σy − y. After a softmax output layer, training uses the logits form automatically.
 *
 * @param fromLogits whether predictions are logits; Keras default false
 */
public record CategoricalCrossentropy(boolean fromLogits) implements ProbabilisticLoss {

  @Override
  public double compute(Matrix predicted, Matrix target, @Nullable Matrix gradient) {
    Checks.sameShape("CategoricalCrossentropy", predicted, target);
    int rows = predicted.rows();
    int cols = predicted.cols();
    float[] y = target.data();
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      sum += fromLogits
          ? CrossEntropy.fromLogits(predicted, r, y, o, gradient, rows)
          : CrossEntropy.fromProbabilities(predicted, r, y, o, gradient, rows);
    }
    return sum / rows;
  }

  @Override
  public Activation outputActivation() {
    return Activations.SOFTMAX;
  }

  @Override
  public CategoricalCrossentropy withLogits() {
    return new CategoricalCrossentropy(true);
  }

  @Override
  public String name() {
    return "categorical_crossentropy";
  }
}

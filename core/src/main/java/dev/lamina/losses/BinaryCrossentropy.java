// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Binary cross-entropy, mean over all elements: −(y·log p + (1 − y)·log(1 − p)).
 *
 * <p>From probabilities, p is clipped to [ε, 1 − ε] with ε = 1e-7 ({@link #EPSILON}, Keras'
 * {@code backend.epsilon()}). From logits z it is computed stably as
 * {@code max(z, 0) − z·y + log(1 + e^−|z|)}, with gradient σ(z) − y (PyTorch's
 * {@code BCEWithLogitsLoss}).
 *
 * @param fromLogits whether predictions are logits; Keras default false
 */
public record BinaryCrossentropy(boolean fromLogits) implements ProbabilisticLoss {
  /** 1e-7, Keras' {@code backend.epsilon()}. */
  public static final double EPSILON = 1e-7;

  @Override
  public double compute(Matrix predicted, Matrix target, @Nullable Matrix gradient) {
    Checks.sameShape("BinaryCrossentropy", predicted, target);
    float[] p = predicted.data();
    float[] y = target.data();
    int n = predicted.size();
    float[] g = gradient == null ? null : gradient.data();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (fromLogits) {
        double z = p[i];
        sum += Math.max(z, 0) - z * y[i] + Math.log1p(Math.exp(-Math.abs(z)));
        if (g != null) {
          g[i] = (float) ((1 / (1 + Math.exp(-z)) - y[i]) / n);
        }
      } else {
        double q = Math.min(Math.max(p[i], EPSILON), 1 - EPSILON);
        sum += -(y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
        if (g != null) {
          boolean clipped = q != p[i];
          g[i] = clipped ? 0f : (float) ((q - y[i]) / (q * (1 - q)) / n);
        }
      }
    }
    return sum / n;
  }

  @Override
  public Activation outputActivation() {
    return Activations.SIGMOID;
  }

  @Override
  public BinaryCrossentropy withLogits() {
    return new BinaryCrossentropy(true);
  }

  @Override
  public String name() {
    return "binary_crossentropy";
  }
}

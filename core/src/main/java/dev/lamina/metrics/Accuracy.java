// SPDX-License-Identifier: Apache-2.0

package dev.lamina.metrics;

import dev.lamina.losses.BinaryCrossentropy;
import dev.lamina.losses.Loss;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.tensor.Matrix;

/**
 * The fraction of correct predictions, named {@code "accuracy"} in logs as in Keras.
 *
 * <ul>
 *   <li>{@link Kind#SPARSE_CATEGORICAL}: argmax of the prediction equals the integer label;
 *   <li>{@link Kind#CATEGORICAL}: argmax of the prediction equals argmax of the one-hot target;
 *   <li>{@link Kind#BINARY}: prediction &gt; threshold (0.5) equals the 0/1 target, per element;
 *   <li>{@link Kind#AUTO}: chosen from the loss and output width when the model is compiled, as
 *       Keras does for {@code metrics=["accuracy"]}.
 * </ul>
 */
public record Accuracy(Kind kind, double threshold) implements Metric {
  /** 0.5, Keras' {@code binary_accuracy} threshold. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** How predictions are compared with targets. */
  public enum Kind { AUTO, SPARSE_CATEGORICAL, CATEGORICAL, BINARY }

  @Override
  public String name() {
    return "accuracy";
  }

  /** Resolves {@link Kind#AUTO} for a loss and an output of {@code units} values. */
  public Accuracy resolve(Loss loss, int units) {
    if (kind != Kind.AUTO) {
      return this;
    }
    Kind k = loss instanceof BinaryCrossentropy || units == 1 ? Kind.BINARY
        : loss instanceof SparseCategoricalCrossentropy ? Kind.SPARSE_CATEGORICAL : Kind.CATEGORICAL;
    return new Accuracy(k, threshold);
  }

  @Override
  public double sum(Matrix predicted, Matrix target) {
    int rows = predicted.rows();
    int cols = predicted.cols();
    float[] p = predicted.data();
    float[] y = target.data();
    if (kind != Kind.AUTO && (target.rows() != rows || (kind != Kind.SPARSE_CATEGORICAL && target.cols() != cols))) {
      // fit and evaluate check the targets of the built-in losses first; this guards the others
      throw new IllegalArgumentException("Accuracy (" + kind.name().toLowerCase(java.util.Locale.ROOT)
          + "): targets must have " + (kind == Kind.SPARSE_CATEGORICAL ? rows + " rows" : "the shape of the predictions ["
          + rows + ", " + cols + "]") + ", but had [" + target.rows() + ", " + target.cols() + "]");
    }
    double correct = 0;
    switch (kind) {
      case SPARSE_CATEGORICAL -> {
        for (int r = 0; r < rows; r++) {
          correct += argmax(p, r * cols, cols) == (int) y[r * target.cols()] ? 1 : 0;
        }
      }
      case CATEGORICAL -> {
        for (int r = 0; r < rows; r++) {
          correct += argmax(p, r * cols, cols) == argmax(y, r * cols, cols) ? 1 : 0;
        }
      }
      case BINARY -> {
        for (int r = 0; r < rows; r++) {
          int hits = 0;
          for (int c = 0; c < cols; c++) {
            hits += (p[r * cols + c] > threshold) == (y[r * cols + c] > 0.5) ? 1 : 0;
          }
          correct += (double) hits / cols;
        }
      }
      case AUTO -> throw new IllegalStateException("Accuracy: kind AUTO must be resolved by compile() first");
    }
    return correct;
  }

  static int argmax(float[] v, int o, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (v[o + j] > v[o + best]) {
        best = j;
      }
    }
    return best;
  }
}

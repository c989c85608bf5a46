// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.losses.CategoricalCrossentropy;
import dev.lamina.losses.Loss;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.tensor.Shapes;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;

/**
 * The checks {@code fit} and {@code evaluate} run once over the data before the first batch, so
 * that what would otherwise fail (or silently go wrong) mid-training, after the weights have
 * changed, is reported up front, naming the data set (training, validation, evaluation), the row
 * and the value: the targets' shape for the loss, finite inputs, class-index labels, and a
 * validation split that leaves both parts non-empty. The losses keep their per-batch checks as a
 * fallback.
 */
final class DataChecks {
  private final Loss loss;
  private final int[] outputShape;
  private final int outputs;
  private final double validationSplit;

  DataChecks(Loss loss, int[] outputShape, double validationSplit) {
    this.loss = loss;
    this.outputShape = outputShape.clone();
    this.outputs = Math.toIntExact(Shapes.size(outputShape));
    this.validationSplit = validationSplit;
  }

  /**
   * Checks that a data set has samples.
   *
   * @param message the error's text up to the shape, such as "fit: the training data has no samples (inputs "
   */
  static void nonEmpty(Tensor x, String message) {
    if (x.samples() == 0) {
      throw new IllegalArgumentException(message + Arrays.toString(x.shape()) + ")");
    }
  }

  /**
   * The number of training samples when {@code split} of {@code n} is held out for validation:
   * floor(n·(1 − split)), Keras' rule.
   *
   * @throws IllegalArgumentException if the training or the validation part would be empty
   */
  static int trainingSamples(int n, double split) {
    int train = (int) Math.floor(n * (1.0 - split));
    if (train == 0 || train == n) {
      throw new IllegalArgumentException("fit: validationSplit " + split + " of " + n + " samples leaves "
          + (train == 0 ? "no training samples" : "no validation samples") + " (" + train
          + " kept for training, floor(n * (1 - validationSplit)) as Keras); give more data or another validationSplit");
    }
    return train;
  }

  /**
   * Targets per sample; checks that x and y have the same number of samples and that y's samples
   * have the shape the loss needs: class indices ([samples] or [samples, 1]) for sparse categorical
   * cross-entropy, otherwise the model's output shape (as many values per sample) for the losses
   * of {@link dev.lamina.losses.Losses}. Other losses are trusted with the shape.
   *
   * @param data "training", "validation" or "evaluation", named in the message
   */
  int targets(Tensor x, Tensor y, String data) {
    if (x.samples() != y.samples()) {
      throw new IllegalArgumentException("Model: " + (data.equals("validation") ? "validation " : "")
          + "inputs and targets must have the same number of samples, but had " + x.samples() + " and " + y.samples());
    }
    int perSample = y.samples() == 0 ? 1 : y.size() / y.samples();
    String expected = null;
    if (loss instanceof SparseCategoricalCrossentropy) {
      if (y.rank() > 2 || perSample != 1) {
        expected = "be class indices of shape [" + y.samples() + "] or [" + y.samples() + ", 1]";
      }
    } else if (loss.getClass().getPackage() == Loss.class.getPackage() && perSample != outputs) {
      int[] shape = new int[outputShape.length + 1];
      shape[0] = y.samples();
      System.arraycopy(outputShape, 0, shape, 1, shape.length - 1);
      expected = "have the shape of the model's outputs " + Arrays.toString(shape)
          + (loss instanceof CategoricalCrossentropy && perSample == 1
              ? " (one-hot; for class indices use sparseCategoricalCrossentropy)" : "");
    }
    if (expected != null) {
      throw new IllegalArgumentException(loss.getClass().getSimpleName() + ": the " + data + " targets must "
          + expected + ", but had shape " + Arrays.toString(y.shape()));
    }
    return perSample;
  }

  /**
   * For sparse categorical cross-entropy, checks once that every label is a class index, naming
   * the row of the first that is not.
   *
   * @param data "training", "validation" or "evaluation"
   * @param split the rows from {@code split} on are the validation data held out by validationSplit
   */
  void labels(Tensor y, String data, int split) {
    if (!(loss instanceof SparseCategoricalCrossentropy)) {
      return;
    }
    float[] labels = y.data();
    for (int row = 0, n = y.samples(); row < n; row++) {
      float v = labels[row];
      if (!(v >= 0 && v < outputs && v == (int) v)) {
        throw new IllegalArgumentException("SparseCategoricalCrossentropy: labels must be class indices in [0, "
            + (outputs - 1) + "], but " + where(row, "targets", data, n, split) + " was " + v);
      }
    }
  }

  /**
   * Checks once that every input is finite (a NaN or an infinity makes the loss NaN), naming the
   * sample and the feature of the first that is not.
   *
   * @param data "training", "validation" (both for fit) or "evaluation" (for evaluate)
   * @param split the rows from {@code split} on are the validation data held out by validationSplit
   */
  void finite(Tensor x, int features, String data, int split) {
    float[] v = x.data();
    for (int i = 0, n = x.samples() * features; i < n; i++) {
      if (!Float.isFinite(v[i])) {
        int row = i / features;
        int feature = i % features;
        String position = x.rank() > 2 ? " (position " + Arrays.toString(index(feature, x.sampleShape())) + ")" : "";
        String operation = data.equals("evaluation") ? "evaluate" : "fit";
        throw new IllegalArgumentException(operation + ": inputs must be finite, but "
            + where(row, "inputs", data, x.samples(), split) + ", feature " + feature + position + ", was " + v[i]);
      }
    }
  }

  /** "row 5 of the training inputs", or of the validation data held out by validationSplit. */
  private String where(int row, String what, String data, int samples, int split) {
    return row < split ? "row " + row + " of the " + data + " " + what
        : "row " + row + " of the " + what + " (validation data: the last " + (samples - split)
            + " rows, held out by validationSplit " + validationSplit + ")";
  }

  /** The indices, one per axis, of the element at flat offset {@code flat} of {@code shape}. */
  private static int[] index(int flat, int[] shape) {
    int[] index = new int[shape.length];
    for (int a = shape.length - 1; a >= 0; a--) {
      index[a] = flat % shape[a];
      flat /= shape[a];
    }
    return index;
  }
}

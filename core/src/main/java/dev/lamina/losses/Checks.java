// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import dev.lamina.tensor.Matrix;

/** Shape checks shared by the losses. */
final class Checks {
  private Checks() {}

  static void sameShape(String loss, Matrix predicted, Matrix target) {
    if (predicted.rows() != target.rows() || predicted.cols() != target.cols()) {
      throw new IllegalArgumentException(loss + ": targets must have the shape of the predictions ["
          + predicted.rows() + ", " + predicted.cols() + "], but had [" + target.rows() + ", " + target.cols() + "]");
    }
  }

  /** Reads the class index of a sparse target, checking that it is a whole number in range. */
  static int label(String loss, Matrix target, int row, int classes) {
    float v = target.data()[row * target.cols()];
    int label = (int) v;
    if (label != v || label < 0 || label >= classes) {
      throw new IllegalArgumentException(loss + ": labels must be class indices in [0, " + (classes - 1)
          + "], but the label of sample " + row + " of the batch was " + v);
    }
    return label;
  }

  static void sparseShape(String loss, Matrix predicted, Matrix target) {
    if (target.rows() != predicted.rows() || target.cols() != 1) {
      throw new IllegalArgumentException(loss + ": targets must be class indices of shape [" + predicted.rows()
          + "] or [" + predicted.rows() + ", 1], but had [" + target.rows() + ", " + target.cols() + "]");
    }
  }
}

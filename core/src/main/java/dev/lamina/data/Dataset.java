// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.util.Arrays;

/**
 * Samples and their labels, matched along axis 0: what {@link Csv} reads and {@link Split} splits.
 *
 * @param features [n, …] one sample per row of axis 0
 * @param labels [n] one label per sample (a class index for classification)
 */
public record Dataset(Tensor features, Tensor labels) {
  /** @throws IllegalArgumentException if the features are a scalar or the labels are not one per sample */
  public Dataset {
    if (features.rank() == 0) {
      throw new IllegalArgumentException("Dataset: features must have a sample axis (rank 1 or more), but were a scalar");
    }
    if (labels.rank() != 1 || labels.dim(0) != features.samples()) {
      throw new IllegalArgumentException("Dataset: labels must have shape [" + features.samples()
          + "] (one per sample of features " + features + "), but had shape " + Arrays.toString(labels.shape()));
    }
  }

  /** The number of samples. */
  public int size() {
    return features.samples();
  }

  /**
   * The samples at {@code indices} (in that order, repeats allowed), copied.
   *
   * @throws IllegalArgumentException naming the index and its position if one is outside [0, size)
   */
  public Dataset select(int[] indices) {
    int n = size();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= n) {
        throw new IllegalArgumentException("Dataset.select: index " + indices[i] + " (position " + i
            + ") is outside [0, " + n + ")");
      }
    }
    return new Dataset(gather(features, indices), gather(labels, indices));
  }

  private static Tensor gather(Tensor t, int[] indices) {
    int stride = t.samples() == 0 ? 0 : t.size() / t.samples();
    float[] out = new float[indices.length * stride];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(t.data(), indices[i] * stride, out, i * stride, stride);
    }
    int[] shape = t.shape();
    shape[0] = indices.length;
    return Tensor.of(out, shape);
  }
}

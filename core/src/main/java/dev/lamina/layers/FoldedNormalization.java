// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;

/**
 * Inference-mode batch normalisation folded into one multiply-add per value,
 * {@code y = x · scale + shift} with {@code scale = γ / sqrt(moving_variance + ε)} and
 * {@code shift = β − moving_mean · scale}, computed in double. The fold is redone only when the
 * moving statistics, γ or β differ from the values it was last computed from: they are compared
 * (a vectorised {@link Arrays#equals}), so any way of changing them is noticed — an optimizer
 * step, a checkpoint, a direct write — at a cost far below a square root per feature.
 */
final class FoldedNormalization {
  private final double epsilon;
  private final float[] scale;
  private final float[] shift;
  private final float[] mean;
  private final float[] variance;
  private final float[] gamma;
  private final float[] beta;
  private boolean computed;

  FoldedNormalization(int features, double epsilon) {
    this.epsilon = epsilon;
    this.scale = new float[features];
    this.shift = new float[features];
    this.mean = new float[features];
    this.variance = new float[features];
    this.gamma = new float[features];
    this.beta = new float[features];
  }

  /** Brings {@link #scale()} and {@link #shift()} up to date with these values. Not modified: the arguments. */
  void update(float[] movingMean, float[] movingVariance, float[] g, float[] b) {
    if (computed && Arrays.equals(mean, movingMean) && Arrays.equals(variance, movingVariance)
        && Arrays.equals(gamma, g) && Arrays.equals(beta, b)) {
      return;
    }
    System.arraycopy(movingMean, 0, mean, 0, mean.length);
    System.arraycopy(movingVariance, 0, variance, 0, variance.length);
    System.arraycopy(g, 0, gamma, 0, gamma.length);
    System.arraycopy(b, 0, beta, 0, beta.length);
    for (int j = 0; j < scale.length; j++) {
      double s = g[j] / Math.sqrt(movingVariance[j] + epsilon);
      scale[j] = (float) s;
      shift[j] = (float) (b[j] - movingMean[j] * s);
    }
    computed = true;
  }

  /** γ / sqrt(moving_variance + ε) per feature, as of the latest {@link #update}. */
  float[] scale() {
    return scale;
  }

  /** β − moving_mean · scale per feature, as of the latest {@link #update}. */
  float[] shift() {
    return shift;
  }
}

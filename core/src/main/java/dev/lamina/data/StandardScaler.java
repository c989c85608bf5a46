// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.util.Arrays;

/**
 * Standardizes features: {@code z = (x − mean) / std}, per feature, with the mean and the
 * population standard deviation (divisor n) of the data it was {@link #fit} on, as scikit-learn's
 * {@code StandardScaler}. A feature whose variance is zero (within rounding, by scikit-learn's
 * test) keeps a scale of 1: it is centred but not scaled. Standardized inputs are what SELU's
 * self-normalization assumes.
 *
 * <p>A feature is one position within a sample: for [n, 28, 28] images there are 784 features.
 * Fit on the training set only, then transform every set with the same scaler.
 *
 * <pre>{@code
 * StandardScaler scaler = StandardScaler.fit(train.features());
 * Tensor x = scaler.transform(train.features()), xValid = scaler.transform(validation.features());
 * }</pre>
 */
public final class StandardScaler {
  private final float[] mean;
  private final float[] scale;

  private StandardScaler(float[] mean, float[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /**
   * Computes each feature's mean and population standard deviation (in double precision).
   *
   * @throws IllegalArgumentException if {@code x} has no samples or holds NaN or infinite values
   */
  public static StandardScaler fit(Tensor x) {
    int n = x.samples();
    if (x.rank() < 1 || n == 0) {
      throw new IllegalArgumentException("StandardScaler.fit: needs at least one sample, but got " + x);
    }
    int features = x.size() / n;
    double[] sum = new double[features];
    double[] squares = new double[features];
    float[] d = x.data();
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < features; f++) {
        sum[f] += d[i * features + f];
      }
    }
    float[] mean = new float[features];
    float[] scale = new float[features];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < features; f++) {
        double c = d[i * features + f] - sum[f] / n;
        squares[f] += c * c;
      }
    }
    for (int f = 0; f < features; f++) {
      double m = sum[f] / n;
      double variance = squares[f] / n;
      if (!Double.isFinite(variance)) {
        throw new IllegalArgumentException("StandardScaler.fit: feature " + f + " holds NaN or infinite values");
      }
      mean[f] = (float) m;
      scale[f] = isConstant(variance, m, n) ? 1f : (float) Math.sqrt(variance);
    }
    return new StandardScaler(mean, scale);
  }

  /**
   * A new tensor of {@code x}'s shape with every feature standardized; {@code x} is not modified.
   *
   * @throws IllegalArgumentException if {@code x}'s samples do not have the fitted number of features
   */
  public Tensor transform(Tensor x) {
    int features = mean.length;
    int n = x.samples();
    if (x.rank() < 1 || n * features != x.size()) {
      throw new IllegalArgumentException("StandardScaler.transform: samples must have " + features
          + " features (as fitted), but got " + x + " with " + (n == 0 ? 0 : x.size() / n) + " per sample");
    }
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      int f = i % features;
      out[i] = (in[i] - mean[f]) / scale[f];
    }
    return Tensor.of(out, x.shape());
  }

  /** Per-feature means (a copy). */
  public float[] getMean() {
    return mean.clone();
  }

  /** Per-feature divisors: the standard deviation, or 1 for a constant feature (a copy). */
  public float[] getScale() {
    return scale.clone();
  }

  /**
   * scikit-learn's {@code _is_constant_feature}: a variance this small is rounding error of the
   * two-pass computation, not spread in the data.
   */
  private static boolean isConstant(double variance, double mean, int n) {
    double eps = Math.ulp(1.0);
    double bound = n * eps * variance + Math.pow(n * mean * eps, 2);
    return variance <= bound;
  }

  @Override
  public String toString() {
    return "StandardScaler(features=" + mean.length + ", mean=" + Arrays.toString(Arrays.copyOf(mean, Math.min(4, mean.length)))
        + (mean.length > 4 ? "…" : "") + ")";
  }
}

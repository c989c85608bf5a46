// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import dev.lamina.tensor.Shapes;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Validation and sampling shared by the initializers of this package. */
final class InitializerSupport {

  /**
   * Truncated normals keep only draws within this many standard deviations of the mean; others
   * are redrawn. Source: Keras 3 {@code TruncatedNormal} ("values more than two standard deviations
   * from the mean are discarded and re-drawn"), as {@code tf.random.truncated_normal}.
   */
  static final double TRUNCATION_STDDEVS = 2.0;

  private InitializerSupport() {}

  /**
   * Checks that {@code values} holds exactly the elements of {@code shape}.
   *
   * @param who the initializer's name, for the message
   * @throws IllegalArgumentException if a dimension is negative or the sizes differ
   */
  static void requireSize(String who, float[] values, int[] shape) {
    long size = Shapes.size(shape);
    if (size != values.length) {
      throw new IllegalArgumentException(
          who + ": values length must equal the product of the shape " + Arrays.toString(shape)
              + " = " + size + ", but was " + values.length);
    }
  }

  /**
   * Checks that {@code value} is finite and within float range, since values are stored as floats.
   *
   * @throws IllegalArgumentException otherwise, naming {@code who} and {@code name}
   */
  static void requireFiniteFloat(String who, String name, double value) {
    if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
      throw new IllegalArgumentException(
          who + ": " + name + " must be finite (and within float range), but was " + value);
    }
  }

  /** Fills {@code values} with draws of N(mean, stddev^2). */
  static void fillNormal(float[] values, double mean, double stddev, RandomGenerator random) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (mean + stddev * random.nextGaussian());
    }
  }

  /**
   * Fills {@code values} with draws of N(mean, stddev^2), redrawing any standard-normal draw beyond
   * {@link #TRUNCATION_STDDEVS}. Rounding to float is monotone, so every value lies within
   * {@code [(float) (mean - 2 stddev), (float) (mean + 2 stddev)]}.
   */
  static void fillTruncatedNormal(float[] values, double mean, double stddev,
      RandomGenerator random) {
    for (int i = 0; i < values.length; i++) {
      double z;
      do {
        z = random.nextGaussian();
      } while (Math.abs(z) > TRUNCATION_STDDEVS);
      values[i] = (float) (mean + stddev * z);
    }
  }

  /**
   * Fills {@code values} with draws of U[min, max). A draw that rounds up to {@code (float) max} is
   * moved to the float just below it, keeping the interval half-open as in Keras.
   *
   * @param min the lower bound; {@code (float) min < (float) max}
   */
  static void fillUniform(float[] values, double min, double max, RandomGenerator random) {
    float top = (float) max;
    double width = max - min;
    for (int i = 0; i < values.length; i++) {
      float v = (float) (min + width * random.nextDouble());
      values[i] = v < top ? v : Math.nextDown(top);
    }
  }
}

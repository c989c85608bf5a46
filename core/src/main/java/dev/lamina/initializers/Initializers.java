// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import dev.lamina.initializers.VarianceScaling.Distribution;
import dev.lamina.initializers.VarianceScaling.FanMode;

/**
 * Factory for the built-in initializers, named and defaulted as in Keras 3
 * ({@code keras.initializers}).
 *
 * <pre>{@code
 * Initializer kernel = Initializers.glorotUniform(); // Keras Dense default
 * Initializer bias = Initializers.zeros();
 * kernel.initialize(values, new int[] {784, 128}, new SplittableRandom(42));
 * }</pre>
 *
 * <p>Every initializer is an immutable record; its {@code toString()} shows its parameters, e.g.
 * {@code VarianceScaling[scale=1.0, mode=FAN_AVG, distribution=UNIFORM]}. Results depend only on
 * the {@link java.util.random.RandomGenerator} passed in.
 *
 * <p>Source: Keras 3, {@code keras/src/initializers/constant_initializers.py} and
 * {@code keras/src/initializers/random_initializers.py}.
 */
public final class Initializers {

  /** Keras {@code GlorotUniform}: VarianceScaling(scale=1.0, mode="fan_avg", "uniform"). */
  private static final VarianceScaling GLOROT_UNIFORM =
      new VarianceScaling(1.0, FanMode.FAN_AVG, Distribution.UNIFORM);

  /** Keras {@code GlorotNormal}: VarianceScaling(scale=1.0, mode="fan_avg", "truncated_normal"). */
  private static final VarianceScaling GLOROT_NORMAL =
      new VarianceScaling(1.0, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL);

  /** Keras {@code HeUniform}: VarianceScaling(scale=2.0, mode="fan_in", "uniform"). */
  private static final VarianceScaling HE_UNIFORM =
      new VarianceScaling(2.0, FanMode.FAN_IN, Distribution.UNIFORM);

  /** Keras {@code HeNormal}: VarianceScaling(scale=2.0, mode="fan_in", "truncated_normal"). */
  private static final VarianceScaling HE_NORMAL =
      new VarianceScaling(2.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL);

  /** Keras {@code LecunUniform}: VarianceScaling(scale=1.0, mode="fan_in", "uniform"). */
  private static final VarianceScaling LECUN_UNIFORM =
      new VarianceScaling(1.0, FanMode.FAN_IN, Distribution.UNIFORM);

  /** Keras {@code LecunNormal}: VarianceScaling(scale=1.0, mode="fan_in", "truncated_normal"). */
  private static final VarianceScaling LECUN_NORMAL =
      new VarianceScaling(1.0, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL);

  private Initializers() {}

  /** All zeros (Keras {@code Zeros}). */
  public static Constant zeros() {
    return new Constant(0.0);
  }

  /** All ones (Keras {@code Ones}). */
  public static Constant ones() {
    return new Constant(1.0);
  }

  /** Every element {@code value} (Keras {@code Constant}). See {@link Constant}. */
  public static Constant constant(double value) {
    return new Constant(value);
  }

  /** N(0, 0.05^2), the Keras {@code RandomNormal} defaults. See {@link RandomNormal}. */
  public static RandomNormal randomNormal() {
    return new RandomNormal(RandomNormal.DEFAULT_MEAN, RandomNormal.DEFAULT_STDDEV);
  }

  /** N(mean, stddev^2) (Keras {@code RandomNormal}). See {@link RandomNormal}. */
  public static RandomNormal randomNormal(double mean, double stddev) {
    return new RandomNormal(mean, stddev);
  }

  /** U[-0.05, 0.05), the Keras {@code RandomUniform} defaults. See {@link RandomUniform}. */
  public static RandomUniform randomUniform() {
    return new RandomUniform(RandomUniform.DEFAULT_MIN, RandomUniform.DEFAULT_MAX);
  }

  /** U[min, max) (Keras {@code RandomUniform}). See {@link RandomUniform}. */
  public static RandomUniform randomUniform(double min, double max) {
    return new RandomUniform(min, max);
  }

  /**
   * N(0, 0.05^2) truncated at 2 stddev, the Keras {@code TruncatedNormal} defaults. See
   * {@link TruncatedNormal}.
   */
  public static TruncatedNormal truncatedNormal() {
    return new TruncatedNormal(TruncatedNormal.DEFAULT_MEAN, TruncatedNormal.DEFAULT_STDDEV);
  }

  /** N(mean, stddev^2) truncated at 2 stddev (Keras {@code TruncatedNormal}). */
  public static TruncatedNormal truncatedNormal(double mean, double stddev) {
    return new TruncatedNormal(mean, stddev);
  }

  /** Variance {@code scale / n} (Keras {@code VarianceScaling}). See {@link VarianceScaling}. */
  public static VarianceScaling varianceScaling(double scale, FanMode mode,
      Distribution distribution) {
    return new VarianceScaling(scale, mode, distribution);
  }

  /**
   * Glorot (Xavier) uniform: U[-limit, limit), {@code limit = sqrt(6 / (fanIn + fanOut))}. The
   * Keras default kernel initializer of {@code Dense} and convolutions.
   */
  public static VarianceScaling glorotUniform() {
    return GLOROT_UNIFORM;
  }

  /** Glorot (Xavier) normal: truncated normal, variance {@code 2 / (fanIn + fanOut)}. */
  public static VarianceScaling glorotNormal() {
    return GLOROT_NORMAL;
  }

  /** He uniform: U[-limit, limit), {@code limit = sqrt(6 / fanIn)}. */
  public static VarianceScaling heUniform() {
    return HE_UNIFORM;
  }

  /** He normal: truncated normal, variance {@code 2 / fanIn}. */
  public static VarianceScaling heNormal() {
    return HE_NORMAL;
  }

  /** LeCun uniform: U[-limit, limit), {@code limit = sqrt(3 / fanIn)}. */
  public static VarianceScaling lecunUniform() {
    return LECUN_UNIFORM;
  }

  /** LeCun normal: truncated normal, variance {@code 1 / fanIn}. */
  public static VarianceScaling lecunNormal() {
    return LECUN_NORMAL;
  }

  /** Orthogonal with gain 1.0, the Keras {@code Orthogonal} default. See {@link Orthogonal}. */
  public static Orthogonal orthogonal() {
    return new Orthogonal(Orthogonal.DEFAULT_GAIN);
  }

  /** Orthogonal times {@code gain} (Keras {@code Orthogonal}). See {@link Orthogonal}. */
  public static Orthogonal orthogonal(double gain) {
    return new Orthogonal(gain);
  }
}

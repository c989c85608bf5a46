package dev.lamina.dsl;

import dev.lamina.activations.Activation;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.Normalization;
import dev.lamina.layers.PReLU;
import dev.lamina.layers.RReLU;
import dev.lamina.layers.Rescaling;

/**
 * Every layer, by its Keras name, as a specification to pass to {@link Network#sequential}. Each
 * returns a builder or record whose methods are named after the layer's properties; names are
 * generated Keras-style ({@code dense}, {@code dense_1}, …) unless given with {@code name(...)}.
 */
public final class Layers {
  private Layers() {}

  /** The per-sample input shape, without the batch axis: {@code input(28, 28)}. */
  public static Input input(int... shape) {
    return Input.of(shape);
  }

  /** Flattens each sample to one axis: [28, 28] → [784]. */
  public static Flatten.Spec flatten() {
    return new Flatten.Spec(null);
  }

  /** A dense layer of {@code units} outputs; configure it further with the builder's methods. */
  public static Dense.Builder dense(int units) {
    return Dense.builder(units);
  }

  /** A dense layer of {@code units} outputs followed by {@code activation}. */
  public static Dense.Builder dense(int units, Activation activation) {
    return Dense.builder(units).activation(activation);
  }

  /** An activation as a layer of its own (Keras {@code Activation}). */
  public static ActivationLayer.Spec activation(Activation activation) {
    return new ActivationLayer.Spec(activation, null);
  }

  /** Parametric ReLU with one learned slope per feature, starting at zero (Keras). */
  public static PReLU.Spec prelu() {
    return new PReLU.Spec();
  }

  /** Randomized leaky ReLU with slopes drawn from [1/8, 1/3] in training (PyTorch's defaults). */
  public static RReLU.Spec rrelu() {
    return new RReLU.Spec();
  }

  /** Randomized leaky ReLU with slopes drawn from [lower, upper] in training. */
  public static RReLU.Spec rrelu(double lower, double upper) {
    return new RReLU.Spec(lower, upper, null);
  }

  /**
   * Batch normalisation with Keras' defaults (momentum 0.99 as a keep rate, epsilon 1e-3, center
   * and scale on); change them with {@code momentum(...)}, {@code epsilon(...)}, {@code center(...)},
   * {@code scale(...)}, {@code statisticsFrozen(...)}, {@code unbiasedMovingVariance(...)}.
   */
  public static BatchNormalization.Spec batchNormalization() {
    return new BatchNormalization.Spec();
  }

  /**
   * Inverted dropout: in training drops each element with probability {@code rate} and scales the
   * rest by 1 / (1 − rate); the identity in inference. The rate is checked when the model is built.
   */
  public static Dropout.Spec dropout(double rate) {
    return new Dropout.Spec(rate, null);
  }

  /** Alpha dropout for SELU networks: keeps their mean and variance (Keras {@code AlphaDropout}). */
  public static AlphaDropout.Spec alphaDropout(double rate) {
    return new AlphaDropout.Spec(rate, null);
  }

  /**
   * Standardises each feature with fixed statistics (Keras {@code Normalization}):
   * {@code (x − mean) / sqrt(variance)}; each array holds one value per feature or one for all.
   */
  public static Normalization.Spec normalization(float[] mean, float[] variance) {
    return new Normalization.Spec(mean, variance);
  }

  /** Multiplies every input by {@code scale} (Keras {@code Rescaling}): {@code rescaling(1 / 255.0)}. */
  public static Rescaling.Spec rescaling(double scale) {
    return new Rescaling.Spec(scale, 0);
  }

  /** {@code x · scale + offset} (Keras {@code Rescaling}): {@code rescaling(1 / 127.5, -1)} maps 0..255 to [-1, 1]. */
  public static Rescaling.Spec rescaling(double scale, double offset) {
    return new Rescaling.Spec(scale, offset);
  }
}

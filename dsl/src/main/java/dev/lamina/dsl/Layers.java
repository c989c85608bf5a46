// SPDX-License-Identifier: Apache-2.0

package dev.lamina.dsl;

import dev.lamina.activations.Activation;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Add;
import dev.lamina.layers.Average;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.SeparableConv2D;
import dev.lamina.layers.Maximum;
import dev.lamina.layers.Multiply;
import dev.lamina.layers.Subtract;
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
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Permute;
import dev.lamina.layers.Reshape;
import dev.lamina.layers.SpatialDropout2D;
import dev.lamina.layers.UpSampling2D;
import dev.lamina.layers.ZeroPadding2D;

/**
 * Every layer, by its Keras name, as a specification to pass to {@link Network#sequential} or to
 * apply to symbolic tensors ({@code dense(64).apply(x)}; Kotlin {@code dense(64)(x)}). Each
 * returns a builder or record whose methods are named after the layer's properties; names are
 * generated Keras-style ({@code dense}, {@code dense_1}, …) unless given with {@code name(...)}.
 */
public final class Layers {
  private Layers() {}

  /**
   * A model input of the given per-sample shape, without the batch axis: {@code input(28, 28)}.
   * Starts a sequential model, or a functional one: {@code dense(64).apply(input(784))}.
   */
  public static Input input(int... shape) {
    return Input.of(shape);
  }

  /** A named model input ({@code fit} then takes its data by that name): {@code input("numeric", 5)}. */
  public static Input input(String name, int... shape) {
    return Input.named(name, shape);
  }

  /** The element-wise sum of its inputs (residual connections): {@code add().apply(x, f)}. */
  public static Add.Spec add() {
    return new Add.Spec(null);
  }

  /** The element-wise difference of two inputs, x0 − x1. */
  public static Subtract.Spec subtract() {
    return new Subtract.Spec(null);
  }

  /** The element-wise product of its inputs (gating). */
  public static Multiply.Spec multiply() {
    return new Multiply.Spec(null);
  }

  /** The element-wise mean of its inputs. */
  public static Average.Spec average() {
    return new Average.Spec(null);
  }

  /** The element-wise maximum of its inputs. */
  public static Maximum.Spec maximum() {
    return new Maximum.Spec(null);
  }

  /** Joins its inputs along the last axis (Keras' default). */
  public static Concatenate.Spec concatenate() {
    return new Concatenate.Spec();
  }

  /** Joins its inputs along {@code axis}, counting the batch axis (1: the channels of [C, H, W] images). */
  public static Concatenate.Spec concatenate(int axis) {
    return new Concatenate.Spec(axis, null);
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

  // convolution

  /**
   * A 2-D convolution of {@code filters} filters of {@code kernelSize} × {@code kernelSize} over
   * images [channels, height, width] (Keras {@code Conv2D}); configure strides, padding,
   * dilation, groups and the rest with the builder: {@code conv2d(32, 3).padding(Padding.SAME)}
   * (see {@link dev.lamina.layers.Padding}).
   */
  public static Conv2D.Builder conv2d(int filters, int kernelSize) {
    return Conv2D.builder(filters, kernelSize);
  }

  /** A 2-D convolution followed by {@code activation}: {@code conv2d(32, 3, RELU)}. */
  public static Conv2D.Builder conv2d(int filters, int kernelSize, Activation activation) {
    return Conv2D.builder(filters, kernelSize).activation(activation);
  }

  /**
   * A depthwise 2-D convolution: each channel convolved with {@code depthMultiplier(...)} (default
   * 1) filters of {@code kernelSize} × {@code kernelSize} of its own (Keras {@code DepthwiseConv2D}).
   */
  public static DepthwiseConv2D.Builder depthwiseConv2d(int kernelSize) {
    return DepthwiseConv2D.builder(kernelSize);
  }

  /**
   * A depthwise separable 2-D convolution: a depthwise {@code kernelSize} × {@code kernelSize}
   * convolution, then a 1×1 one to {@code filters} channels (Keras {@code SeparableConv2D}).
   */
  public static SeparableConv2D.Builder separableConv2d(int filters, int kernelSize) {
    return SeparableConv2D.builder(filters, kernelSize);
  }

  /**
   * A 1-D convolution of {@code filters} filters of width {@code kernelSize} over sequences
   * [channels, length] (Keras {@code Conv1D}); {@code padding(Padding.CAUSAL)} for time series.
   */
  public static Conv1D.Builder conv1d(int filters, int kernelSize) {
    return Conv1D.builder(filters, kernelSize);
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

  // pooling and reshaping

  /**
   * Max pooling over [channels, height, width] images with a {@code poolSize × poolSize} window
   * moved by its own size (Keras {@code MaxPooling2D(poolSize)}); change it with
   * {@code strides(...)}, {@code padding(Padding.SAME)} or {@code padding(Padding.of(...))} (the
   * same {@link dev.lamina.layers.Padding} as the convolutions take), {@code ceilMode(true)}.
   */
  public static MaxPooling2D.Spec maxPooling2d(int poolSize) {
    return new MaxPooling2D.Spec(poolSize, poolSize);
  }

  /** Max pooling with a {@code poolHeight × poolWidth} window, strides equal to it (Keras). */
  public static MaxPooling2D.Spec maxPooling2d(int poolHeight, int poolWidth) {
    return new MaxPooling2D.Spec(poolHeight, poolWidth);
  }

  /**
   * Average pooling with a {@code poolSize × poolSize} window moved by its own size (Keras
   * {@code AveragePooling2D(poolSize)}); padded cells do not count in the divisor unless
   * {@code countIncludePad(true)} (PyTorch's default).
   */
  public static AveragePooling2D.Spec averagePooling2d(int poolSize) {
    return new AveragePooling2D.Spec(poolSize, poolSize);
  }

  /** Average pooling with a {@code poolHeight × poolWidth} window, strides equal to it (Keras). */
  public static AveragePooling2D.Spec averagePooling2d(int poolHeight, int poolWidth) {
    return new AveragePooling2D.Spec(poolHeight, poolWidth);
  }

  /** The mean of each channel: [C, H, W] → [C] ({@code keepdims(true)}: [C, 1, 1]). */
  public static GlobalAveragePooling2D.Spec globalAveragePooling2d() {
    return new GlobalAveragePooling2D.Spec();
  }

  /** The maximum of each channel: [C, H, W] → [C] ({@code keepdims(true)}: [C, 1, 1]). */
  public static GlobalMaxPooling2D.Spec globalMaxPooling2d() {
    return new GlobalMaxPooling2D.Spec();
  }

  /** {@code padding} rows and columns of zeros on every side of each channel (Keras {@code ZeroPadding2D(padding)}). */
  public static ZeroPadding2D.Spec zeroPadding2d(int padding) {
    return new ZeroPadding2D.Spec(padding);
  }

  /** {@code height} rows above and below, {@code width} columns left and right (Keras {@code ZeroPadding2D((h, w))}). */
  public static ZeroPadding2D.Spec zeroPadding2d(int height, int width) {
    return new ZeroPadding2D.Spec(height, height, width, width, null);
  }

  /** Zeros per side (Keras {@code ZeroPadding2D(((top, bottom), (left, right)))}). */
  public static ZeroPadding2D.Spec zeroPadding2d(int top, int bottom, int left, int right) {
    return new ZeroPadding2D.Spec(top, bottom, left, right, null);
  }

  /** Repeats each row and column {@code size} times (nearest neighbour; Keras {@code UpSampling2D(size)}). */
  public static UpSampling2D.Spec upSampling2d(int size) {
    return new UpSampling2D.Spec(size);
  }

  /** Repeats each row {@code sizeHeight} times and each column {@code sizeWidth} times. */
  public static UpSampling2D.Spec upSampling2d(int sizeHeight, int sizeWidth) {
    return new UpSampling2D.Spec(sizeHeight, sizeWidth, null);
  }

  /** Gives each sample a new shape, without the batch axis; one dimension may be −1 (Keras {@code Reshape}). */
  public static Reshape.Spec reshape(int... targetShape) {
    return new Reshape.Spec(targetShape, null);
  }

  /**
   * Reorders the sample axes, numbered from 1 as in Keras: {@code permute(3, 1, 2)} turns
   * channels-last [H, W, C] images into Lamina's [C, H, W].
   */
  public static Permute.Spec permute(int... dims) {
    return new Permute.Spec(dims, null);
  }

  /** Drops whole channels with probability {@code rate} in training (Keras {@code SpatialDropout2D}). */
  public static SpatialDropout2D.Spec spatialDropout2d(double rate) {
    return new SpatialDropout2D.Spec(rate, null);
  }
}

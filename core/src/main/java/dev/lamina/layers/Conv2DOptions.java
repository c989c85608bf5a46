// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@link ActivatedOptions} plus the geometry of a 2-D convolution (kernel size, strides, padding,
 * dilation; for {@link SeparableConv2D}, of its depthwise step): the builders of {@link Conv2D},
 * {@link DepthwiseConv2D} and {@link SeparableConv2D}. Defaults as Keras: stride 1,
 * {@link Padding#VALID}, dilation 1.
 *
 * @param <B> the concrete builder
 */
abstract class Conv2DOptions<B extends Conv2DOptions<B>> extends ActivatedOptions<B> {
  int[] kernelSize = {1, 1};
  int[] strides = {1, 1};
  Padding padding = Padding.VALID;
  int[] dilationRate = {1, 1};

  Conv2DOptions(String type) {
    super(type);
  }

  /** A square kernel, size > 0. */
  public final B kernelSize(int size) {
    return kernelSize(size, size);
  }

  /** A kernel of {@code height} × {@code width}, each > 0. */
  public final B kernelSize(int height, int width) {
    this.kernelSize = new int[] {height, width};
    return self();
  }

  /** The same stride along both axes, > 0; default 1. */
  public final B strides(int stride) {
    return strides(stride, stride);
  }

  /** The strides along the height and the width, each > 0; default 1. */
  public final B strides(int height, int width) {
    this.strides = new int[] {height, width};
    return self();
  }

  /**
   * {@link Padding#VALID} (default), {@link Padding#SAME}, or zeros per side:
   * {@link Padding#of(int, int, int, int)}, {@link Padding#of(int, int)}; checked by {@code create()}
   * (2-D sizes only, no CAUSAL).
   */
  public final B padding(Padding padding) {
    this.padding = Objects.requireNonNull(padding, "padding");
    return self();
  }

  /** The same number of zeros, ≥ 0, on every side (PyTorch's {@code padding=p}): {@code Padding.of(pad, pad)}. */
  public final B padding(int pad) {
    return padding(Padding.of(pad, pad));
  }

  /** Zeros on each side, each ≥ 0: {@code padding(Padding.of(top, bottom, left, right))}. */
  public final B padding(int top, int bottom, int left, int right) {
    return padding(Padding.of(top, bottom, left, right));
  }

  /** The same dilation along both axes, > 0; default 1 (PyTorch's {@code dilation}). */
  public final B dilationRate(int rate) {
    return dilationRate(rate, rate);
  }

  /** The dilation along the height and the width, each > 0; default 1. */
  public final B dilationRate(int height, int width) {
    this.dilationRate = new int[] {height, width};
    return self();
  }

  @Override
  B copyFrom(B from) {
    kernelSize = from.kernelSize.clone();
    strides = from.strides.clone();
    padding = from.padding;
    dilationRate = from.dilationRate.clone();
    return super.copyFrom(from);
  }

  /** Checks that the kernel size, the strides and the dilation are > 0, in that order. */
  final void checkSizes(String where) {
    ConvChecks.positive(where, "kernelSize", kernelSize);
    ConvChecks.positive(where, "strides", strides);
    ConvChecks.positive(where, "dilationRate", dilationRate);
  }

  /** The number of channels of images [channels, height, width]; an error naming {@code layer} for another rank. */
  static int channels(Layer layer, int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(layer.where() + ": expects images [channels, height, width] per sample, but got "
          + "shape " + Arrays.toString(inputShape) + " (channels first, as ONNX and PyTorch)");
    }
    return inputShape[0];
  }

  /**
   * The shapes of this convolution of images [channels, height, width] into {@code filters} output
   * channels in {@code groups} groups, the padding resolved; an error naming {@code layer} if the
   * output would be empty.
   */
  final ConvGeometry geometry(Layer layer, int[] inputShape, int filters, int groups) {
    int[] pads = padding.resolve(new int[] {inputShape[1], inputShape[2]}, kernelSize, strides, dilationRate);
    try {
      return new ConvGeometry(inputShape[0], inputShape[1], inputShape[2], filters, groups, kernelSize, strides,
          dilationRate, pads);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(layer.where() + ": " + e.getMessage(), e);
    }
  }
}

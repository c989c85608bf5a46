// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.util.Arrays;

/**
 * How a model takes an image, read from its per-sample input shape: {@code [channels, height,
 * width]} (NCHW, PyTorch's layout), {@code [height, width, channels]} (NHWC, Keras'), or
 * {@code [height, width]} (one grey channel, as Fashion-MNIST dense models); 1, 3 or 4 channels
 * (grey, RGB, RGBA).
 *
 * @param channelsFirst whether the channel axis comes first (also true for {@code [height, width]})
 */
record ImageLayout(int channels, int height, int width, boolean channelsFirst) {

  /**
   * The layout of {@code shape}, the input of {@code model}.
   *
   * @throws IllegalArgumentException if the shape is not an image's
   */
  static ImageLayout of(int[] shape, String model) {
    if (shape.length == 2 && shape[0] > 1 && shape[1] > 1) {
      return new ImageLayout(1, shape[0], shape[1], true);
    }
    if (shape.length == 3 && isChannels(shape[0]) && shape[1] > 1 && shape[2] > 1) {
      return new ImageLayout(shape[0], shape[1], shape[2], true);
    }
    if (shape.length == 3 && isChannels(shape[2]) && shape[0] > 1 && shape[1] > 1) {
      return new ImageLayout(shape[2], shape[0], shape[1], false);
    }
    throw new IllegalArgumentException(model + " takes inputs of shape " + Arrays.toString(shape) + ", which is not an "
        + "image: image folders need a model whose input is [channels, height, width] or [height, width, channels] with "
        + "1, 3 or 4 channels, or [height, width]");
  }

  private static boolean isChannels(int n) {
    return n == 1 || n == 3 || n == 4;
  }

  /** The values per image. */
  int size() {
    return channels * height * width;
  }

  /** Where channel {@code c} of pixel (y, x) goes in a sample of this layout. */
  int index(int c, int y, int x) {
    return channelsFirst ? (c * height + y) * width + x : (y * width + x) * channels + c;
  }

  /** "1x28x28 (channels first)". */
  String describe() {
    return channels + "x" + height + "x" + width + (channelsFirst ? " (channels first)" : " (channels last)");
  }
}

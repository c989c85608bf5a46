// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.Arrays;

/**
 * The fan-in and fan-out of a parameter shape: Keras {@code compute_fans}, for Lamina's layouts.
 *
 * <ul>
 *   <li>0-D shape {@code []}: fanIn = fanOut = 1;
 *   <li>1-D shape {@code [n]}: fanIn = fanOut = n;
 *   <li>2-D shape {@code [in, out]} (a {@code Dense} kernel, Keras' layout): fanIn = in,
 *       fanOut = out;
 *   <li>rank &gt; 2: a convolution kernel {@code [out, in / groups, ...kernel]} (ONNX and PyTorch
 *       layout, {@code [out, in / groups, kh, kw]} for {@code Conv2D}): with the receptive field
 *       rf = the product of the kernel dimensions (all but the first two), fanIn = shape[1] · rf
 *       and fanOut = shape[0] · rf. For a {@code Conv2D} of {@code in} input channels, {@code out}
 *       filters and g groups: fanIn = in / g · kh · kw, fanOut = out · kh · kw.
 * </ul>
 *
 * <p>These are the numbers Keras gives for the same kernel in its own layout. Keras stores a
 * convolution kernel channels-last, {@code [...kernel, in / groups, out]} (HWIO), and its
 * {@code compute_fans} reads rf from the leading dimensions, fanIn = shape[-2] · rf and
 * fanOut = shape[-1] · rf; so fanOut counts all filters times rf, not divided by the groups. PyTorch's
 * {@code _calculate_fan_in_and_fan_out} reads the OIHW layout as here and agrees. Keras'
 * {@code DepthwiseConv2D} kernel {@code [kh, kw, in, multiplier]} is the exception: Keras reads it as
 * a kernel of {@code in} inputs and {@code multiplier} outputs (fanIn = in · kh · kw, fanOut =
 * multiplier · kh · kw), where PyTorch's {@code [in · multiplier, 1, kh, kw]} gives fanIn = kh · kw
 * and fanOut = in · multiplier · kh · kw; Lamina's {@code DepthwiseConv2D} follows Keras.
 *
 * <p>Source: Keras 3, {@code keras/src/initializers/random_initializers.py}, {@code compute_fans};
 * {@code keras/src/layers/convolutional/base_conv.py} (kernel shape).
 *
 * @param fanIn the number of inputs feeding each output unit
 * @param fanOut the number of outputs each input unit feeds
 */
public record Fans(long fanIn, long fanOut) {

  /** Validates that both fans are non-negative. */
  public Fans {
    if (fanIn < 0 || fanOut < 0) {
      throw new IllegalArgumentException(
          "Fans: fanIn and fanOut must be >= 0, but were " + fanIn + " and " + fanOut);
    }
  }

  /**
   * The fans of {@code shape}: a [in, out] kernel below rank 3, a [out, in / groups, ...kernel]
   * convolution kernel from rank 3 on.
   *
   * @throws IllegalArgumentException if a dimension is negative
   */
  public static Fans of(int[] shape) {
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "Fans: shape dimensions must be >= 0, but shape was " + Arrays.toString(shape));
      }
    }
    int rank = shape.length;
    if (rank == 0) {
      return new Fans(1, 1);
    }
    if (rank == 1) {
      return new Fans(shape[0], shape[0]);
    }
    if (rank == 2) {
      return new Fans(shape[0], shape[1]);
    }
    long receptiveField = 1;
    for (int i = 2; i < rank; i++) {
      receptiveField *= shape[i];
    }
    return new Fans(shape[1] * receptiveField, shape[0] * receptiveField);
  }

  /** The average of the fans, {@code (fanIn + fanOut) / 2}, as Keras {@code mode="fan_avg"}. */
  public double fanAvg() {
    return (fanIn + fanOut) / 2.0;
  }
}

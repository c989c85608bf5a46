package dev.lamina.initializers;

import java.util.Arrays;

/**
 * The fan-in and fan-out of a parameter shape, as computed by Keras {@code compute_fans}.
 *
 * <ul>
 *   <li>0-D shape {@code []}: fanIn = fanOut = 1;
 *   <li>1-D shape {@code [n]}: fanIn = fanOut = n;
 *   <li>2-D shape {@code [in, out]}: fanIn = in, fanOut = out;
 *   <li>rank &gt; 2 (convolution kernels, {@code [...spatial, in, out]}): with receptive field
 *       rf = product of all but the last two dimensions, fanIn = shape[-2] * rf and
 *       fanOut = shape[-1] * rf.
 * </ul>
 *
 * <p>Source: Keras 3, {@code keras/src/initializers/random_initializers.py}, {@code compute_fans}.
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
   * The Keras fans of {@code shape}.
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
    long receptiveField = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptiveField *= shape[i];
    }
    return new Fans(shape[rank - 2] * receptiveField, shape[rank - 1] * receptiveField);
  }

  /** The average of the fans, {@code (fanIn + fanOut) / 2}, as Keras {@code mode="fan_avg"}. */
  public double fanAvg() {
    return (fanIn + fanOut) / 2.0;
  }
}

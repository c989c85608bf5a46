// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Dropout of whole channels (Tompson et al., 2015, https://arxiv.org/abs/1411.4280), as Keras'
 * {@code SpatialDropout2D} on channels-first data and PyTorch's {@code Dropout2d}: in training each
 * channel of each {@code [channels, height, width]} sample is dropped (set to 0) with probability
 * {@code rate}, and the kept ones are scaled by 1 / (1 − rate); the identity in inference. Adjacent
 * pixels of a feature map are strongly correlated, so dropping single pixels ({@link Dropout})
 * regularises little. Drops in {@link Mode#TRAIN} and {@link Mode#MONTE_CARLO}.
 *
 * <p>The masks come from the frame's generator (one draw per sample and channel, in order),
 * reseeded by the model at every epoch, so runs are reproducible.
 *
 * <pre>{@code
 * Layers.conv2d(32, 3).activation(RELU), Layers.spatialDropout2d(0.2)
 * }</pre>
 */
public final class SpatialDropout2D extends Layer implements Stochastic {
  private final double rate;
  private final float scale;
  private int channels;
  private int area;

  private SpatialDropout2D(@Nullable String name, double rate) {
    super(name);
    this.rate = rate;
    this.scale = (float) (1 / (1 - rate));
  }

  /** The probability of dropping each channel, in [0, 1). */
  public double rate() {
    return rate;
  }

  @Override
  public String type() {
    return "SpatialDropout2D";
  }

  @Override
  public Spec spec() {
    return new Spec(rate, name());
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects [channels, height, width] samples, but got shape "
          + Arrays.toString(inputShape));
    }
    channels = inputShape[0];
    area = inputShape[1] * inputShape[2];
    return inputShape;
  }

  /** The gain of each channel of each sample in the latest forward pass (1/(1 − rate) or 0), and whether it dropped. */
  private static final class Mask {
    float[] gain = new float[0];
    boolean dropping;
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Mask mask = f.state(Mask::new);
    mask.dropping = mode.dropsUnits() && rate > 0;
    if (!mask.dropping) {
      return x;
    }
    int planes = x.rows() * channels;
    if (mask.gain.length < planes) {
      mask.gain = new float[planes]; // grows with the batch, then is reused
    }
    RandomGenerator random = f.random();
    for (int p = 0; p < planes; p++) {
      mask.gain[p] = random.nextDouble() >= rate ? scale : 0f;
    }
    Matrix y = f.output(x.rows(), x.cols());
    scalePlanes(x.data(), mask.gain, planes, y.data());
    return y;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    Mask mask = f.state(Mask::new);
    if (!mask.dropping) {
      f.passInputGradient(0, dy);
    } else if (f.needsInputGradient()) {
      scalePlanes(dy.data(), mask.gain, dy.rows() * channels, f.inputGradient().data());
    }
  }

  /** {@code out = in · gain[p]} over each plane p. */
  private void scalePlanes(float[] in, float[] gain, int planes, float[] out) {
    for (int p = 0, k = 0; p < planes; p++) {
      float g = gain[p];
      for (int end = k + area; k < end; k++) {
        out[k] = in[k] * g;
      }
    }
  }

  /**
   * The configuration of a {@link SpatialDropout2D} layer.
   *
   * @param rate the probability of dropping each channel, in [0, 1)
   */
  public record Spec(double rate, @Nullable String name) implements LayerSpec {
    public Spec rate(double rate) {
      return new Spec(rate, name);
    }

    public Spec name(String name) {
      return new Spec(rate, Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "spatial_dropout2d";
    }

    @Override
    public SpatialDropout2D create() {
      DropoutBase.checkRate("SpatialDropout2D", Layer.label(name), rate);
      return new SpatialDropout2D(name, rate);
    }
  }
}

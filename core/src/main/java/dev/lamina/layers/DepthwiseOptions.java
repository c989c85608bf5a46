// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import java.util.Objects;

/**
 * {@link Conv2DOptions} plus a depthwise step's options: the depth multiplier and the depthwise
 * kernel's initializer, regularizer and constraint; the builders of {@link DepthwiseConv2D} and
 * {@link SeparableConv2D}. Defaults as Keras: multiplier 1, kernel Glorot-uniform, applied to
 * Keras' view of the kernel ({@link #addDepthwiseKernel}).
 *
 * @param <B> the concrete builder
 */
abstract class DepthwiseOptions<B extends DepthwiseOptions<B>> extends Conv2DOptions<B> {
  int depthMultiplier = 1;
  WeightOptions depthwise = WeightOptions.of(Initializers.glorotUniform());

  DepthwiseOptions(String type) {
    super(type);
  }

  /** The depthwise step's output channels per input channel, > 0; default 1. */
  public final B depthMultiplier(int depthMultiplier) {
    this.depthMultiplier = depthMultiplier;
    return self();
  }

  /** Default Glorot uniform (Keras), applied to Keras' view of the depthwise kernel (see {@link DepthwiseConv2D}). */
  public final B depthwiseInitializer(Initializer initializer) {
    depthwise = depthwise.withInitializer(Objects.requireNonNull(initializer, "depthwiseInitializer"));
    return self();
  }

  /** A penalty on the depthwise kernel added to the training loss; default none. */
  public final B depthwiseRegularizer(Regularizer regularizer) {
    depthwise = depthwise.withRegularizer(Objects.requireNonNull(regularizer, "depthwiseRegularizer"));
    return self();
  }

  /** Applied to the depthwise kernel after each optimizer update; default none. */
  public final B depthwiseConstraint(Constraint constraint) {
    depthwise = depthwise.withConstraint(Objects.requireNonNull(constraint, "depthwiseConstraint"));
    return self();
  }

  @Override
  B copyFrom(B from) {
    depthMultiplier = from.depthMultiplier;
    depthwise = from.depthwise;
    return super.copyFrom(from);
  }

  /**
   * Adds the depthwise kernel [channels·multiplier, 1, kh, kw] named {@code weight} to {@code layer}.
   * Its initializer fills Keras' view of a depthwise kernel, a kernel of {@code channels} inputs and
   * {@code multiplier} outputs ([multiplier, channels, kh, kw] in Lamina's layout), which is then
   * stored so that output channel c·multiplier + m gets what Keras' {@code [kh, kw, c, m]} gets.
   */
  final Parameter addDepthwiseKernel(Layer layer, String weight, int channels) {
    int multiplier = depthMultiplier;
    Initializer keras = depthwise.initializer();
    Initializer stored = (values, shape, random) -> {
      int taps = shape[2] * shape[3];
      float[] drawn = new float[values.length];
      keras.initialize(drawn, new int[] {multiplier, channels, shape[2], shape[3]}, random);
      for (int m = 0; m < multiplier; m++) {
        for (int c = 0; c < channels; c++) {
          System.arraycopy(drawn, (m * channels + c) * taps, values, (c * multiplier + m) * taps, taps);
        }
      }
    };
    return depthwise.addTo(layer, weight, new int[] {channels * multiplier, 1, kernelSize[0], kernelSize[1]}, stored);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * 2-D convolution (Keras {@code Conv2D}, PyTorch {@code nn.Conv2d}, ONNX {@code Conv}) of images
 * [channels, height, width] (channels first, as ONNX and PyTorch) into [filters, outHeight,
 * outWidth]:
 *
 * <pre>
 * y[o, i, j] = activation(bias[o] + Σ_{c in o's group, a, b} kernel[o, c − first(o), a, b]
 *                                    · x[c, i·sh − top + a·dh, j·sw − left + b·dw])
 * </pre>
 *
 * with zeros outside the image. Kernel [filters, channels / groups, kh, kw] (ONNX and PyTorch's
 * {@code weight}; Keras stores [kh, kw, channels / groups, filters], its transpose (2, 3, 1, 0)),
 * bias [filters]. With g groups, the channels and filters are split into g equal parts and part k
 * of the filters reads part k of the channels only.
 *
 * <p>Defaults as Keras: stride 1, {@link Padding#VALID}, dilation 1, 1 group, linear activation,
 * bias on, kernel Glorot-uniform (fans of the receptive field, see
 * {@link dev.lamina.initializers.Fans}), bias zeros, no regularizers or constraints.
 * {@link Padding#SAME} is Keras' (ceil(in / stride) outputs, the extra zero of an odd total at the
 * bottom and right); explicit zeros per side, {@link Padding#of(int, int, int, int)}, are
 * PyTorch's {@code padding} and ONNX's {@code pads} ({@link Padding} has the details).
 * Unlike Keras, strides and dilation above 1 may be combined (PyTorch and ONNX allow it).
 * PyTorch's defaults differ: kernel and bias uniform with a bound from fanIn (Kaiming with
 * a = √5), and its {@code padding='same'} refuses strides above 1.
 *
 * <pre>{@code
 * Layers.conv2d(32, 3).padding(Padding.SAME).activation(RELU).kernelInitializer(heNormal())
 * }</pre>
 *
 * <p>Computed as matrix products on Lamina's kernels ({@link Convolution}), split over the
 * threads of {@code fit} and {@code predict} with results bit-identical for every thread count.
 */
public final class Conv2D extends Layer implements Activated {
  private final Builder config;
  private final Activation activation;
  private @Nullable Parameter kernel;
  private @Nullable Parameter bias;
  private @Nullable ConvolutionPasses<?> convolution;

  private Conv2D(Builder config) {
    super(config.name, config.trainable);
    this.config = config.copy();
    this.activation = config.activation;
  }

  /** A builder for a layer of {@code filters} filters of {@code kernelSize} × {@code kernelSize}. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder().filters(filters).kernelSize(kernelSize);
  }

  public int filters() {
    return config.filters;
  }

  /** {kh, kw}. */
  public int[] kernelSize() {
    return config.kernelSize.clone();
  }

  /** {sh, sw}. */
  public int[] strides() {
    return config.strides.clone();
  }

  /** {dh, dw}. */
  public int[] dilationRate() {
    return config.dilationRate.clone();
  }

  public int groups() {
    return config.groups;
  }

  /** The padding as given: {@link Padding#VALID}, {@link Padding#SAME} or zeros per side; {@link #pads()} resolves it. */
  public Padding padding() {
    return config.padding;
  }

  /** The zeros added on each side, {top, bottom, left, right} (after build). */
  public int[] pads() {
    return built(convolution).geometry().pads();
  }

  @Override
  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return config.useBias;
  }

  /** The kernel [filters, channels / groups, kh, kw]. */
  public Parameter kernel() {
    return built(kernel);
  }

  /** The bias [filters], or null when {@code useBias} is false. */
  public @Nullable Parameter bias() {
    return bias;
  }

  @Override
  public String type() {
    return "Conv2D";
  }

  @Override
  public Builder spec() {
    return config.specOf(this);
  }

  @Override
  protected int[] build(int[] inputShape) {
    int channels = Conv2DOptions.channels(this, inputShape);
    ConvChecks.channelGroups(this, channels, config.groups);
    ConvGeometry g = config.geometry(this, inputShape, config.filters, config.groups);
    convolution = new ConvolutionPasses<>(Convolution.of(g, config.algorithm));
    kernel = config.kernel.addTo(this, "kernel", config.filters, channels / config.groups, config.kernelSize[0],
        config.kernelSize[1]);
    bias = config.addBias(this, config.filters);
    return new int[] {config.filters, g.outHeight, g.outWidth};
  }

  /** z = conv(x; kernel) + bias, then the activation ({@link ConvolutionPasses}). */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    return built(convolution).forward(f, mode, kernel(), bias, activation);
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    backwardFromPreActivation(f, built(convolution).preActivationGradient(f, dy, activation));
  }

  @Override
  public Matrix preActivation(Frame f) {
    return built(convolution).preActivation(f, this);
  }

  @Override
  public void backwardFromPreActivation(Frame f, Matrix g) {
    built(convolution).backward(f, g, kernel(), bias);
  }

  /** The configuration of a {@link Conv2D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder extends Conv2DOptions<Builder> {
    private int filters;
    private int groups = 1;
    private WeightOptions kernel = WeightOptions.of(Initializers.glorotUniform());
    private ConvolutionAlgorithm algorithm = ConvolutionAlgorithm.FASTEST;

    private Builder() {
      super("Conv2D");
    }

    /**
     * How the convolution is computed: {@link ConvolutionAlgorithm#FASTEST} (default; Winograd for
     * 3×3 stride-1 layers, where it applies) or {@link ConvolutionAlgorithm#DIRECT}. The model and
     * its gradients are the same up to rounding.
     */
    public Builder algorithm(ConvolutionAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** The number of filters (output channels), > 0 and divisible by {@code groups}. */
    public Builder filters(int filters) {
      this.filters = filters;
      return this;
    }

    /** The number of groups, > 0, dividing the filters and the input channels; default 1. */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    /** Default Glorot uniform (Keras). */
    public Builder kernelInitializer(Initializer initializer) {
      kernel = kernel.withInitializer(Objects.requireNonNull(initializer, "kernelInitializer"));
      return this;
    }

    /** A penalty on the kernel added to the training loss, e.g. {@code Regularizers.l2(0.01)}; default none. */
    public Builder kernelRegularizer(Regularizer regularizer) {
      kernel = kernel.withRegularizer(Objects.requireNonNull(regularizer, "kernelRegularizer"));
      return this;
    }

    /** Applied to the kernel after each optimizer update, e.g. {@code Constraints.maxNorm(2)}; default none. */
    public Builder kernelConstraint(Constraint constraint) {
      kernel = kernel.withConstraint(Objects.requireNonNull(constraint, "kernelConstraint"));
      return this;
    }

    @Override
    public Conv2D create() {
      String where = where();
      ConvChecks.positive(where, "filters", filters);
      checkSizes(where);
      ConvChecks.groups(where, filters, groups);
      padding.checkRank(where, 2);
      return new Conv2D(this);
    }

    @Override
    Builder copy() {
      Builder b = new Builder().copyFrom(this);
      b.filters = filters;
      b.groups = groups;
      b.kernel = kernel;
      b.algorithm = algorithm;
      return b;
    }
  }
}

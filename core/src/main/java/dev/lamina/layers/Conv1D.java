// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * 1-D convolution (Keras {@code Conv1D}, PyTorch {@code nn.Conv1d}, ONNX {@code Conv}) of sequences
 * [channels, length] (channels first, as ONNX and PyTorch; Keras' default is [length, channels])
 * into [filters, outLength]:
 *
 * <pre>
 * y[o, t] = activation(bias[o] + Σ_{c in o's group, a} kernel[o, c − first(o), a] · x[c, t·s − left + a·d])
 * </pre>
 *
 * with zeros outside the sequence. Kernel [filters, channels / groups, k] (ONNX and PyTorch's
 * {@code weight}; Keras stores [k, channels / groups, filters], its transpose (2, 1, 0)), bias
 * [filters].
 *
 * <p>Defaults as Keras: stride 1, {@link Padding#VALID}, dilation 1, 1 group, linear activation,
 * bias on, kernel Glorot-uniform (fans of the receptive field), bias zeros.
 * {@link Padding#SAME} is Keras' (an odd total's extra zero on the right), allowed with strides
 * above 1; {@link Padding#CAUSAL} puts all (k − 1)·d zeros on the left, so output t depends on
 * inputs up to t only (Keras {@code "causal"}; PyTorch has no such mode: pad the left yourself);
 * explicit zeros per side, {@link Padding#of1d(int, int)}, as PyTorch's {@code padding} and ONNX's
 * {@code pads} ({@link Padding} has the details).
 *
 * <pre>{@code
 * Layers.conv1d(16, 3).padding(Padding.CAUSAL).dilationRate(2).activation(RELU)
 * }</pre>
 *
 * <p>Computed as the 2-D convolution of height 1 ({@link Convolution}).
 */
public final class Conv1D extends Layer implements Activated {
  private final Builder config;
  private final Activation activation;
  private @Nullable Parameter kernel;
  private @Nullable Parameter bias;
  private @Nullable ConvolutionPasses<?> convolution;

  private Conv1D(Builder config) {
    super(config.name, config.trainable);
    this.config = config.copy();
    this.activation = config.activation;
  }

  /** A builder for a layer of {@code filters} filters of width {@code kernelSize}. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder().filters(filters).kernelSize(kernelSize);
  }

  public int filters() {
    return config.filters;
  }

  public int kernelSize() {
    return config.kernelSize;
  }

  public int strides() {
    return config.strides;
  }

  public int dilationRate() {
    return config.dilationRate;
  }

  public int groups() {
    return config.groups;
  }

  /**
   * The padding as given: {@link Padding#VALID}, {@link Padding#SAME}, {@link Padding#CAUSAL} or
   * zeros per side; {@link #pads()} resolves it.
   */
  public Padding padding() {
    return config.padding;
  }

  /** The zeros added on each side, {left, right} (after build). */
  public int[] pads() {
    ConvGeometry g = built(convolution).geometry();
    return new int[] {g.padLeft, g.padRight};
  }

  @Override
  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return config.useBias;
  }

  /** The kernel [filters, channels / groups, k]. */
  public Parameter kernel() {
    return built(kernel);
  }

  /** The bias [filters], or null when {@code useBias} is false. */
  public @Nullable Parameter bias() {
    return bias;
  }

  @Override
  public String type() {
    return "Conv1D";
  }

  @Override
  public Builder spec() {
    return config.specOf(this);
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 2) {
      throw new IllegalArgumentException(where() + ": expects sequences [channels, length] per sample, but got shape "
          + Arrays.toString(inputShape) + " (channels first, as ONNX and PyTorch)");
    }
    int channels = inputShape[0];
    int length = inputShape[1];
    ConvChecks.channelGroups(this, channels, config.groups);
    int[] pads = config.padding.resolve(new int[] {length}, new int[] {config.kernelSize}, new int[] {config.strides},
        new int[] {config.dilationRate});
    ConvGeometry g;
    try {
      g = new ConvGeometry(channels, 1, length, config.filters, config.groups, new int[] {1, config.kernelSize},
          new int[] {1, config.strides}, new int[] {1, config.dilationRate}, new int[] {0, 0, pads[0], pads[1]});
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": the input " + Arrays.toString(inputShape) + " with pads (left, right) "
          + Arrays.toString(pads) + " is shorter than the kernel " + config.kernelSize + " dilated by "
          + config.dilationRate + ", so the output would be empty", e);
    }
    convolution = new ConvolutionPasses<>(Convolution.of(g));
    kernel = config.kernel.addTo(this, "kernel", config.filters, channels / config.groups, config.kernelSize);
    bias = config.addBias(this, config.filters);
    return new int[] {config.filters, g.outWidth};
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

  /** The configuration of a {@link Conv1D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder extends KernelOptions<Builder> {
    private int filters;
    private int kernelSize = 1;
    private int strides = 1;
    private Padding padding = Padding.VALID;
    private int dilationRate = 1;
    private int groups = 1;

    private Builder() {
      super("Conv1D");
    }

    /** The number of filters (output channels), > 0 and divisible by {@code groups}. */
    public Builder filters(int filters) {
      this.filters = filters;
      return this;
    }

    /** The kernel's width, > 0. */
    public Builder kernelSize(int size) {
      this.kernelSize = size;
      return this;
    }

    /** The stride, > 0; default 1. */
    public Builder strides(int stride) {
      this.strides = stride;
      return this;
    }

    /**
     * {@link Padding#VALID} (default), {@link Padding#SAME}, {@link Padding#CAUSAL}, or zeros per
     * side: {@link Padding#of1d(int, int)}; checked by {@link #create()} (1-D sizes only).
     */
    public Builder padding(Padding padding) {
      this.padding = Objects.requireNonNull(padding, "padding");
      return this;
    }

    /** The same number of zeros, ≥ 0, on both sides (PyTorch's {@code padding=p}): {@code Padding.of1d(pad, pad)}. */
    public Builder padding(int pad) {
      return padding(Padding.of1d(pad, pad));
    }

    /** Zeros on each side, each ≥ 0: {@code padding(Padding.of1d(left, right))}. */
    public Builder padding(int left, int right) {
      return padding(Padding.of1d(left, right));
    }

    /** The dilation, > 0; default 1 (PyTorch's {@code dilation}). */
    public Builder dilationRate(int rate) {
      this.dilationRate = rate;
      return this;
    }

    /** The number of groups, > 0, dividing the filters and the input channels; default 1. */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    @Override
    public Conv1D create() {
      String where = where();
      ConvChecks.positive(where, "filters", filters);
      ConvChecks.positive(where, "kernelSize", kernelSize);
      ConvChecks.positive(where, "strides", strides);
      ConvChecks.positive(where, "dilationRate", dilationRate);
      ConvChecks.groups(where, filters, groups);
      padding.checkRank(where, 1);
      return new Conv1D(this);
    }

    @Override
    Builder copy() {
      Builder b = new Builder().copyFrom(this);
      b.filters = filters;
      b.kernelSize = kernelSize;
      b.strides = strides;
      b.padding = padding;
      b.dilationRate = dilationRate;
      b.groups = groups;
      return b;
    }
  }
}

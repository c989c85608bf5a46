// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Depthwise 2-D convolution (Keras {@code DepthwiseConv2D}; PyTorch {@code nn.Conv2d} with
 * {@code groups = in_channels}; ONNX {@code Conv} with {@code group} = channels): each input
 * channel c is convolved with {@code depthMultiplier} filters of its own, giving output channels
 * c·multiplier + m:
 *
 * <pre>
 * y[c·M + m, i, j] = activation(bias[c·M + m] + Σ_{a, b} kernel[c·M + m, 0, a, b] · x[c, i·sh − top + a·dh, j·sw − left + b·dw])
 * </pre>
 *
 * Kernel [channels·M, 1, kh, kw] (PyTorch's and ONNX's weight; Keras stores [kh, kw, channels, M]
 * with {@code keras[a, b, c, m] = kernel[c·M + m, 0, a, b]}), bias [channels·M].
 *
 * <p>Defaults as Keras: multiplier 1, stride 1, {@link Padding#VALID}, dilation 1, linear
 * activation, bias on, kernel Glorot-uniform, bias zeros. Initializers see the kernel as Keras
 * does, a kernel of {@code channels} inputs and M outputs: they fill a [M, channels, kh, kw]
 * array (fans: fanIn = channels·kh·kw, fanOut = M·kh·kw) that is then stored as
 * [channels·M, 1, kh, kw]. PyTorch's fans for its [channels·M, 1, kh, kw] weight are fanIn = kh·kw,
 * fanOut = channels·M·kh·kw, so its He or Glorot scales differ. Padding as {@link Conv2D}.
 *
 * <pre>{@code
 * Layers.depthwiseConv2d(3).padding(Padding.SAME).depthMultiplier(2)
 * }</pre>
 *
 * <p>Computed by direct per-plane loops ({@link DepthwiseConvolution}), split over the threads
 * with results bit-identical for every thread count.
 */
public final class DepthwiseConv2D extends Layer implements Activated {
  private final Builder config;
  private final Activation activation;
  private @Nullable Parameter kernel;
  private @Nullable Parameter bias;
  private @Nullable ConvolutionPasses<?> convolution;

  private DepthwiseConv2D(Builder config) {
    super(config.name, config.trainable);
    this.config = config.copy();
    this.activation = config.activation;
  }

  /** A builder for a layer of {@code kernelSize} × {@code kernelSize} filters, one per channel. */
  public static Builder builder(int kernelSize) {
    return new Builder().kernelSize(kernelSize);
  }

  public int depthMultiplier() {
    return config.depthMultiplier;
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

  /** The kernel [channels·multiplier, 1, kh, kw]. */
  public Parameter kernel() {
    return built(kernel);
  }

  /** The bias [channels·multiplier], or null when {@code useBias} is false. */
  public @Nullable Parameter bias() {
    return bias;
  }

  @Override
  public String type() {
    return "DepthwiseConv2D";
  }

  @Override
  public Builder spec() {
    return config.specOf(this);
  }

  @Override
  protected int[] build(int[] inputShape) {
    int channels = Conv2DOptions.channels(this, inputShape);
    int outputs = channels * config.depthMultiplier;
    ConvGeometry g = config.geometry(this, inputShape, outputs, channels);
    convolution = new ConvolutionPasses<>(new DepthwiseConvolution(g));
    kernel = config.addDepthwiseKernel(this, "kernel", channels);
    bias = config.addBias(this, outputs);
    return new int[] {outputs, g.outHeight, g.outWidth};
  }

  /** z = depthwise(x; kernel) + bias, then the activation ({@link ConvolutionPasses}). */
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

  /** The configuration of a {@link DepthwiseConv2D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder extends DepthwiseOptions<Builder> {
    private Builder() {
      super("DepthwiseConv2D");
    }

    @Override
    public DepthwiseConv2D create() {
      String where = where();
      ConvChecks.positive(where, "depthMultiplier", depthMultiplier);
      checkSizes(where);
      padding.checkRank(where, 2);
      return new DepthwiseConv2D(this);
    }

    @Override
    Builder copy() {
      return new Builder().copyFrom(this);
    }
  }
}

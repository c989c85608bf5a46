// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Depthwise separable 2-D convolution (Keras {@code SeparableConv2D}): a depthwise convolution
 * (each channel with {@code depthMultiplier} filters of its own, no bias; see
 * {@link DepthwiseConv2D}) followed by a 1×1 convolution that mixes the channels, then the bias
 * and the activation:
 *
 * <pre>
 * t = depthwise(x; depthwise_kernel),   y = activation(pointwise_kernel · t + bias)
 * </pre>
 *
 * The strides, padding and dilation apply to the depthwise step. Kernels:
 * {@code depthwise_kernel} [channels·M, 1, kh, kw] and {@code pointwise_kernel}
 * [filters, channels·M, 1, 1] (ONNX and PyTorch layouts: in PyTorch a depthwise {@code Conv2d}
 * with {@code groups = channels} followed by a 1×1 {@code Conv2d}, no bias in the first; Keras
 * stores [kh, kw, channels, M] and [1, 1, channels·M, filters]), bias [filters].
 *
 * <p>Defaults as Keras: multiplier 1, stride 1, {@link Padding#VALID}, dilation 1, linear
 * activation, bias on, both kernels Glorot-uniform (the depthwise one seen as Keras sees it, see
 * {@link DepthwiseConv2D}), bias zeros.
 *
 * <pre>{@code
 * Layers.separableConv2d(64, 3).padding(Padding.SAME).activation(RELU)
 * }</pre>
 */
public final class SeparableConv2D extends Layer implements Activated {
  private final Builder config;
  private final Activation activation;
  private @Nullable Parameter depthwiseKernel;
  private @Nullable Parameter pointwiseKernel;
  private @Nullable Parameter bias;
  private @Nullable DepthwiseConvolution depthwise;
  private @Nullable Convolution pointwise;

  private SeparableConv2D(Builder config) {
    super(config.name, config.trainable);
    this.config = config.copy();
    this.activation = config.activation;
  }

  /** A builder for a layer of {@code filters} outputs and a {@code kernelSize} × {@code kernelSize} depthwise step. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder().filters(filters).kernelSize(kernelSize);
  }

  public int filters() {
    return config.filters;
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
    return built(depthwise).geometry().pads();
  }

  @Override
  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return config.useBias;
  }

  /** The depthwise kernel [channels·multiplier, 1, kh, kw]. */
  public Parameter depthwiseKernel() {
    return built(depthwiseKernel);
  }

  /** The pointwise kernel [filters, channels·multiplier, 1, 1]. */
  public Parameter pointwiseKernel() {
    return built(pointwiseKernel);
  }

  /** The bias [filters], or null when {@code useBias} is false. */
  public @Nullable Parameter bias() {
    return bias;
  }

  @Override
  public String type() {
    return "SeparableConv2D";
  }

  @Override
  public Builder spec() {
    return config.specOf(this);
  }

  @Override
  protected int[] build(int[] inputShape) {
    int channels = Conv2DOptions.channels(this, inputShape);
    int middle = channels * config.depthMultiplier;
    ConvGeometry d = config.geometry(this, inputShape, middle, channels);
    depthwise = new DepthwiseConvolution(d);
    int[] one = {1, 1};
    pointwise = new Convolution(new ConvGeometry(middle, d.outHeight, d.outWidth, config.filters, 1, one, one, one,
        new int[4]));
    depthwiseKernel = config.addDepthwiseKernel(this, "depthwise_kernel", channels);
    pointwiseKernel = config.pointwise.addTo(this, "pointwise_kernel", config.filters, middle, 1, 1);
    bias = config.addBias(this, config.filters);
    return new int[] {config.filters, d.outHeight, d.outWidth};
  }

  /** What a frame keeps for backward: the depthwise output t and its gradient, the pre-activation z (and dz), the buffers. */
  private final class Scratch {
    final Matrix t = new Matrix(0, 0);
    final Matrix dt = new Matrix(0, 0);
    final BiasActivation pre = new BiasActivation();
    final DepthwiseConvolution.Work depthwiseWork = built(depthwise).work();
    final Convolution.Work pointwiseWork = built(pointwise).work();
  }

  /** Made once, so that asking a frame for its scratch allocates nothing. */
  private final Supplier<Scratch> newScratch = Scratch::new;

  /** t = depthwise(x), z = pointwise(t) + bias, then the activation. */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    int n = x.rows();
    Scratch s = f.state(newScratch);
    DepthwiseConvolution d = built(depthwise);
    Convolution p = built(pointwise);
    Matrix t = s.t.reshape(n, d.geometry().outFeatures);
    d.forward(s.depthwiseWork, x.data(), n, depthwiseKernel().value(), null, t.data(),
        mode == Mode.TRAIN && depthwiseKernel().isTrainable());
    Matrix z = s.pre.z(n, p.geometry().outFeatures);
    p.forward(s.pointwiseWork, t.data(), n, pointwiseKernel().value(), bias != null ? bias.value() : null, z.data(),
        mode == Mode.TRAIN && pointwiseKernel().isTrainable());
    return s.pre.forward(activation, null, f);
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    backwardFromPreActivation(f, f.state(newScratch).pre.backward(activation, f, dy, null));
  }

  @Override
  public Matrix preActivation(Frame f) {
    return f.state(newScratch).pre.z();
  }

  @Override
  public void backwardFromPreActivation(Frame f, Matrix g) {
    Scratch s = f.state(newScratch);
    int n = g.rows();
    Parameter dw = depthwiseKernel();
    Matrix dt = s.dt.reshape(n, s.t.cols());
    boolean throughDepthwise = dw.isTrainable() || f.needsInputGradient();
    built(pointwise).backward(s.pointwiseWork, s.t.data(), g.data(), n, pointwiseKernel().value(),
        f.gradientIfTrainable(pointwiseKernel), f.gradientIfTrainable(bias), throughDepthwise ? dt.data() : null);
    if (throughDepthwise) {
      built(depthwise).backward(s.depthwiseWork, f.input().data(), dt.data(), n, dw.value(), f.gradientIfTrainable(dw),
          null, f.inputGradientIfNeeded());
    }
  }

  /** The configuration of a {@link SeparableConv2D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder extends DepthwiseOptions<Builder> {
    private int filters;
    private WeightOptions pointwise = WeightOptions.of(Initializers.glorotUniform());

    private Builder() {
      super("SeparableConv2D");
    }

    /** The number of output channels, > 0. */
    public Builder filters(int filters) {
      this.filters = filters;
      return this;
    }

    /** Default Glorot uniform (Keras). */
    public Builder pointwiseInitializer(Initializer initializer) {
      pointwise = pointwise.withInitializer(Objects.requireNonNull(initializer, "pointwiseInitializer"));
      return this;
    }

    /** A penalty on the pointwise kernel added to the training loss; default none. */
    public Builder pointwiseRegularizer(Regularizer regularizer) {
      pointwise = pointwise.withRegularizer(Objects.requireNonNull(regularizer, "pointwiseRegularizer"));
      return this;
    }

    /** Applied to the pointwise kernel after each optimizer update; default none. */
    public Builder pointwiseConstraint(Constraint constraint) {
      pointwise = pointwise.withConstraint(Objects.requireNonNull(constraint, "pointwiseConstraint"));
      return this;
    }

    @Override
    public SeparableConv2D create() {
      String where = where();
      ConvChecks.positive(where, "filters", filters);
      ConvChecks.positive(where, "depthMultiplier", depthMultiplier);
      checkSizes(where);
      padding.checkRank(where, 2);
      return new SeparableConv2D(this);
    }

    @Override
    Builder copy() {
      Builder b = new Builder().copyFrom(this);
      b.filters = filters;
      b.pointwise = pointwise;
      return b;
    }
  }
}

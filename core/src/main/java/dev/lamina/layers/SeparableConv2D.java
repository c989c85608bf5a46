package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
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
    ConvGeometry g = built(depthwise).geometry();
    return new int[] {g.padTop, g.padBottom, g.padLeft, g.padRight};
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
    return config.copy().name(name()).trainable(isTrainable());
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects images [channels, height, width] per sample, but got shape "
          + Arrays.toString(inputShape) + " (channels first, as ONNX and PyTorch)");
    }
    int channels = inputShape[0];
    int middle = channels * config.depthMultiplier;
    int[] pads = config.padding.resolve(new int[] {inputShape[1], inputShape[2]}, config.kernelSize, config.strides,
        config.dilationRate);
    ConvGeometry d;
    try {
      d = new ConvGeometry(channels, inputShape[1], inputShape[2], middle, channels, config.kernelSize, config.strides,
          config.dilationRate, pads);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
    }
    depthwise = new DepthwiseConvolution(d);
    int[] one = {1, 1};
    pointwise = new Convolution(new ConvGeometry(middle, d.outHeight, d.outWidth, config.filters, 1, one, one, one,
        new int[4]));
    depthwiseKernel = addWeight("depthwise_kernel", new int[] {middle, 1, config.kernelSize[0], config.kernelSize[1]},
        DepthwiseConv2D.kerasLayout(config.depthwiseInitializer, channels, config.depthMultiplier));
    depthwiseKernel.setRegularizer(config.depthwiseRegularizer);
    depthwiseKernel.setConstraint(config.depthwiseConstraint);
    pointwiseKernel = addWeight("pointwise_kernel", new int[] {config.filters, middle, 1, 1}, config.pointwiseInitializer);
    pointwiseKernel.setRegularizer(config.pointwiseRegularizer);
    pointwiseKernel.setConstraint(config.pointwiseConstraint);
    if (config.useBias) {
      bias = addWeight("bias", new int[] {config.filters}, config.biasInitializer);
      bias.setRegularizer(config.biasRegularizer);
      bias.setConstraint(config.biasConstraint);
    }
    return new int[] {config.filters, d.outHeight, d.outWidth};
  }

  /** What a forward pass keeps for backward: the depthwise output t, the pre-activation z, and their gradients. */
  private final class Scratch {
    final Matrix t = new Matrix(0, 0);
    final Matrix dt = new Matrix(0, 0);
    final Matrix z = new Matrix(0, 0);
    final Matrix dz = new Matrix(0, 0);
    final DepthwiseConvolution.Work depthwiseWork = built(depthwise).work();
    final Convolution.Work pointwiseWork = built(pointwise).work();
  }

  /** Made once, so that asking a frame for its scratch allocates nothing. */
  private final Supplier<Scratch> newScratch = Scratch::new;

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    int n = x.rows();
    Scratch s = f.state(newScratch);
    DepthwiseConvolution d = built(depthwise);
    Convolution p = built(pointwise);
    Matrix t = s.t.reshape(n, d.geometry().outFeatures);
    d.forward(s.depthwiseWork, x.data(), n, depthwiseKernel().value(), null, t.data());
    Matrix z = s.z.reshape(n, p.geometry().outFeatures);
    p.forward(s.pointwiseWork, t.data(), n, pointwiseKernel().value(), bias != null ? bias.value() : null, z.data());
    return Convolution.activate(activation, f, z);
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    Scratch s = f.state(newScratch);
    backwardFromPreActivation(f, Convolution.deactivate(activation, f, s.z, dy, s.dz));
  }

  @Override
  public Matrix preActivation(Frame f) {
    return f.state(newScratch).z;
  }

  @Override
  public void backwardFromPreActivation(Frame f, Matrix g) {
    Scratch s = f.state(newScratch);
    int n = g.rows();
    Parameter dw = depthwiseKernel();
    Parameter pw = pointwiseKernel();
    Parameter b = bias;
    Matrix dt = s.dt.reshape(n, s.t.cols());
    boolean throughDepthwise = dw.isTrainable() || f.needsInputGradient();
    built(pointwise).backward(s.pointwiseWork, s.t.data(), g.data(), n, pw.value(), pw.isTrainable() ? f.gradient(pw) : null,
        b != null && b.isTrainable() ? f.gradient(b) : null, throughDepthwise ? dt.data() : null);
    if (throughDepthwise) {
      built(depthwise).backward(s.depthwiseWork, f.input().data(), dt.data(), n, dw.value(),
          dw.isTrainable() ? f.gradient(dw) : null, null, f.needsInputGradient() ? f.inputGradient().data() : null);
    }
  }

  /** The configuration of a {@link SeparableConv2D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder implements LayerSpec {
    private int filters;
    private int depthMultiplier = 1;
    private int[] kernelSize = {1, 1};
    private int[] strides = {1, 1};
    private Padding padding = Padding.VALID;
    private int[] dilationRate = {1, 1};
    private Activation activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer depthwiseInitializer = Initializers.glorotUniform();
    private Initializer pointwiseInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private @Nullable Regularizer depthwiseRegularizer;
    private @Nullable Regularizer pointwiseRegularizer;
    private @Nullable Regularizer biasRegularizer;
    private @Nullable Constraint depthwiseConstraint;
    private @Nullable Constraint pointwiseConstraint;
    private @Nullable Constraint biasConstraint;
    private @Nullable String name;
    private boolean trainable = true;

    private Builder() {}

    /** The number of output channels, > 0. */
    public Builder filters(int filters) {
      this.filters = filters;
      return this;
    }

    /** The depthwise step's output channels per input channel, > 0; default 1. */
    public Builder depthMultiplier(int depthMultiplier) {
      this.depthMultiplier = depthMultiplier;
      return this;
    }

    /** A square depthwise kernel, size > 0. */
    public Builder kernelSize(int size) {
      return kernelSize(size, size);
    }

    /** A depthwise kernel of {@code height} × {@code width}, each > 0. */
    public Builder kernelSize(int height, int width) {
      this.kernelSize = new int[] {height, width};
      return this;
    }

    /** The same stride along both axes, > 0; default 1. */
    public Builder strides(int stride) {
      return strides(stride, stride);
    }

    /** The strides along the height and the width, each > 0; default 1. */
    public Builder strides(int height, int width) {
      this.strides = new int[] {height, width};
      return this;
    }

    /**
     * {@link Padding#VALID} (default), {@link Padding#SAME}, or zeros per side:
     * {@link Padding#of(int, int, int, int)}, {@link Padding#of(int, int)}; checked by {@link #create()}
     * (2-D sizes only, no CAUSAL).
     */
    public Builder padding(Padding padding) {
      this.padding = Objects.requireNonNull(padding, "padding");
      return this;
    }

    /** The same number of zeros, ≥ 0, on every side (PyTorch's {@code padding=p}): {@code Padding.of(pad, pad)}. */
    public Builder padding(int pad) {
      return padding(Padding.of(pad, pad));
    }

    /** Zeros on each side, each ≥ 0: {@code padding(Padding.of(top, bottom, left, right))}. */
    public Builder padding(int top, int bottom, int left, int right) {
      return padding(Padding.of(top, bottom, left, right));
    }

    /** The same dilation along both axes, > 0; default 1. */
    public Builder dilationRate(int rate) {
      return dilationRate(rate, rate);
    }

    /** The dilation along the height and the width, each > 0; default 1. */
    public Builder dilationRate(int height, int width) {
      this.dilationRate = new int[] {height, width};
      return this;
    }

    /** Applied to the pointwise convolution plus bias; default linear. */
    public Builder activation(Activation activation) {
      this.activation = Objects.requireNonNull(activation, "activation");
      return this;
    }

    /** Whether the layer adds a bias; default true. */
    public Builder useBias(boolean useBias) {
      this.useBias = useBias;
      return this;
    }

    /** Default Glorot uniform (Keras), applied to Keras' view of the depthwise kernel. */
    public Builder depthwiseInitializer(Initializer initializer) {
      this.depthwiseInitializer = Objects.requireNonNull(initializer, "depthwiseInitializer");
      return this;
    }

    /** Default Glorot uniform (Keras). */
    public Builder pointwiseInitializer(Initializer initializer) {
      this.pointwiseInitializer = Objects.requireNonNull(initializer, "pointwiseInitializer");
      return this;
    }

    /** Default zeros (Keras). */
    public Builder biasInitializer(Initializer initializer) {
      this.biasInitializer = Objects.requireNonNull(initializer, "biasInitializer");
      return this;
    }

    /** A penalty on the depthwise kernel added to the training loss; default none. */
    public Builder depthwiseRegularizer(Regularizer regularizer) {
      this.depthwiseRegularizer = Objects.requireNonNull(regularizer, "depthwiseRegularizer");
      return this;
    }

    /** A penalty on the pointwise kernel added to the training loss; default none. */
    public Builder pointwiseRegularizer(Regularizer regularizer) {
      this.pointwiseRegularizer = Objects.requireNonNull(regularizer, "pointwiseRegularizer");
      return this;
    }

    /** A penalty on the bias added to the training loss; default none. */
    public Builder biasRegularizer(Regularizer regularizer) {
      this.biasRegularizer = Objects.requireNonNull(regularizer, "biasRegularizer");
      return this;
    }

    /** Applied to the depthwise kernel after each optimizer update; default none. */
    public Builder depthwiseConstraint(Constraint constraint) {
      this.depthwiseConstraint = Objects.requireNonNull(constraint, "depthwiseConstraint");
      return this;
    }

    /** Applied to the pointwise kernel after each optimizer update; default none. */
    public Builder pointwiseConstraint(Constraint constraint) {
      this.pointwiseConstraint = Objects.requireNonNull(constraint, "pointwiseConstraint");
      return this;
    }

    /** Applied to the bias after each optimizer update; default none. */
    public Builder biasConstraint(Constraint constraint) {
      this.biasConstraint = Objects.requireNonNull(constraint, "biasConstraint");
      return this;
    }

    /** A name unique in the model; generated ({@code separable_conv2d}, …) when not given. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Whether training updates the layer; default true. */
    public Builder trainable(boolean trainable) {
      this.trainable = trainable;
      return this;
    }

    @Override
    public @Nullable String name() {
      return name;
    }

    @Override
    public String baseName() {
      return "separable_conv2d";
    }

    @Override
    public SeparableConv2D create() {
      String where = "SeparableConv2D(name=" + Layer.label(name) + "): ";
      ConvChecks.positive(where, "filters", filters);
      ConvChecks.positive(where, "depthMultiplier", depthMultiplier);
      ConvChecks.positive(where, "kernelSize", kernelSize);
      ConvChecks.positive(where, "strides", strides);
      ConvChecks.positive(where, "dilationRate", dilationRate);
      padding.checkRank(where, 2);
      return new SeparableConv2D(this);
    }

    Builder copy() {
      Builder b = new Builder();
      b.filters = filters;
      b.depthMultiplier = depthMultiplier;
      b.kernelSize = kernelSize.clone();
      b.strides = strides.clone();
      b.padding = padding;
      b.dilationRate = dilationRate.clone();
      b.activation = activation;
      b.useBias = useBias;
      b.depthwiseInitializer = depthwiseInitializer;
      b.pointwiseInitializer = pointwiseInitializer;
      b.biasInitializer = biasInitializer;
      b.depthwiseRegularizer = depthwiseRegularizer;
      b.pointwiseRegularizer = pointwiseRegularizer;
      b.biasRegularizer = biasRegularizer;
      b.depthwiseConstraint = depthwiseConstraint;
      b.pointwiseConstraint = pointwiseConstraint;
      b.biasConstraint = biasConstraint;
      b.name = name;
      b.trainable = trainable;
      return b;
    }
  }
}

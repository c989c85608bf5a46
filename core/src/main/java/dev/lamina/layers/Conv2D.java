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
  private @Nullable Convolution convolution;

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
    ConvGeometry g = built(convolution).geometry();
    return new int[] {g.padTop, g.padBottom, g.padLeft, g.padRight};
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
    return config.copy().name(name()).trainable(isTrainable());
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects images [channels, height, width] per sample, but got shape "
          + Arrays.toString(inputShape) + " (channels first, as ONNX and PyTorch)");
    }
    int channels = inputShape[0];
    if (channels % config.groups != 0) {
      throw new IllegalArgumentException(where() + ": the input channels must be divisible by groups, but "
          + channels + " channels are not divisible by " + config.groups + " groups");
    }
    int[] pads = config.padding.resolve(new int[] {inputShape[1], inputShape[2]}, config.kernelSize, config.strides,
        config.dilationRate);
    ConvGeometry g;
    try {
      g = new ConvGeometry(channels, inputShape[1], inputShape[2], config.filters, config.groups, config.kernelSize,
          config.strides, config.dilationRate, pads);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
    }
    convolution = new Convolution(g);
    kernel = addWeight("kernel", new int[] {config.filters, channels / config.groups, config.kernelSize[0],
        config.kernelSize[1]}, config.kernelInitializer);
    kernel.setRegularizer(config.kernelRegularizer);
    kernel.setConstraint(config.kernelConstraint);
    if (config.useBias) {
      bias = addWeight("bias", new int[] {config.filters}, config.biasInitializer);
      bias.setRegularizer(config.biasRegularizer);
      bias.setConstraint(config.biasConstraint);
    }
    return new int[] {config.filters, g.outHeight, g.outWidth};
  }

  /** What a forward pass keeps for backward: the pre-activation z, dz, and the packing buffers. */
  private final class Scratch {
    final Matrix z = new Matrix(0, 0);
    final Matrix dz = new Matrix(0, 0);
    final Convolution.Work work = built(convolution).work();
  }

  /** Made once, so that asking a frame for its scratch allocates nothing. */
  private final Supplier<Scratch> newScratch = Scratch::new;

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Convolution conv = built(convolution);
    Scratch s = f.state(newScratch);
    Matrix z = s.z.reshape(x.rows(), conv.geometry().outFeatures);
    conv.forward(s.work, x.data(), x.rows(), kernel().value(), bias != null ? bias.value() : null, z.data());
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
    Parameter w = kernel();
    Parameter b = bias;
    built(convolution).backward(s.work, f.input().data(), g.data(), g.rows(), w.value(),
        w.isTrainable() ? f.gradient(w) : null, b != null && b.isTrainable() ? f.gradient(b) : null,
        f.needsInputGradient() ? f.inputGradient().data() : null);
  }

  /** The configuration of a {@link Conv2D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder implements LayerSpec {
    private int filters;
    private int[] kernelSize = {1, 1};
    private int[] strides = {1, 1};
    private Padding padding = Padding.VALID;
    private int[] dilationRate = {1, 1};
    private int groups = 1;
    private Activation activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private @Nullable Regularizer kernelRegularizer;
    private @Nullable Regularizer biasRegularizer;
    private @Nullable Constraint kernelConstraint;
    private @Nullable Constraint biasConstraint;
    private @Nullable String name;
    private boolean trainable = true;

    private Builder() {}

    /** The number of filters (output channels), > 0 and divisible by {@code groups}. */
    public Builder filters(int filters) {
      this.filters = filters;
      return this;
    }

    /** A square kernel, size > 0. */
    public Builder kernelSize(int size) {
      return kernelSize(size, size);
    }

    /** A kernel of {@code height} × {@code width}, each > 0. */
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

    /** The same dilation along both axes, > 0; default 1 (PyTorch's {@code dilation}). */
    public Builder dilationRate(int rate) {
      return dilationRate(rate, rate);
    }

    /** The dilation along the height and the width, each > 0; default 1. */
    public Builder dilationRate(int height, int width) {
      this.dilationRate = new int[] {height, width};
      return this;
    }

    /** The number of groups, > 0, dividing the filters and the input channels; default 1. */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    /** Applied to the convolution plus bias; default linear. */
    public Builder activation(Activation activation) {
      this.activation = Objects.requireNonNull(activation, "activation");
      return this;
    }

    /** Whether the layer adds a bias; default true. */
    public Builder useBias(boolean useBias) {
      this.useBias = useBias;
      return this;
    }

    /** Default Glorot uniform (Keras). */
    public Builder kernelInitializer(Initializer initializer) {
      this.kernelInitializer = Objects.requireNonNull(initializer, "kernelInitializer");
      return this;
    }

    /** Default zeros (Keras). */
    public Builder biasInitializer(Initializer initializer) {
      this.biasInitializer = Objects.requireNonNull(initializer, "biasInitializer");
      return this;
    }

    /** A penalty on the kernel added to the training loss, e.g. {@code Regularizers.l2(0.01)}; default none. */
    public Builder kernelRegularizer(Regularizer regularizer) {
      this.kernelRegularizer = Objects.requireNonNull(regularizer, "kernelRegularizer");
      return this;
    }

    /** A penalty on the bias added to the training loss; default none. */
    public Builder biasRegularizer(Regularizer regularizer) {
      this.biasRegularizer = Objects.requireNonNull(regularizer, "biasRegularizer");
      return this;
    }

    /** Applied to the kernel after each optimizer update, e.g. {@code Constraints.maxNorm(2)}; default none. */
    public Builder kernelConstraint(Constraint constraint) {
      this.kernelConstraint = Objects.requireNonNull(constraint, "kernelConstraint");
      return this;
    }

    /** Applied to the bias after each optimizer update; default none. */
    public Builder biasConstraint(Constraint constraint) {
      this.biasConstraint = Objects.requireNonNull(constraint, "biasConstraint");
      return this;
    }

    /** A name unique in the model; generated ({@code conv2d}, {@code conv2d_1}, …) when not given. */
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
      return "conv2d";
    }

    @Override
    public Conv2D create() {
      String where = "Conv2D(name=" + Layer.label(name) + "): ";
      ConvChecks.positive(where, "filters", filters);
      ConvChecks.positive(where, "kernelSize", kernelSize);
      ConvChecks.positive(where, "strides", strides);
      ConvChecks.positive(where, "dilationRate", dilationRate);
      ConvChecks.groups(where, filters, groups);
      padding.checkRank(where, 2);
      return new Conv2D(this);
    }

    Builder copy() {
      Builder b = new Builder();
      b.filters = filters;
      b.kernelSize = kernelSize.clone();
      b.strides = strides.clone();
      b.padding = padding;
      b.dilationRate = dilationRate.clone();
      b.groups = groups;
      b.activation = activation;
      b.useBias = useBias;
      b.kernelInitializer = kernelInitializer;
      b.biasInitializer = biasInitializer;
      b.kernelRegularizer = kernelRegularizer;
      b.biasRegularizer = biasRegularizer;
      b.kernelConstraint = kernelConstraint;
      b.biasConstraint = biasConstraint;
      b.name = name;
      b.trainable = trainable;
      return b;
    }
  }
}

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
  private @Nullable DepthwiseConvolution convolution;

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
    return config.copy().name(name()).trainable(isTrainable());
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects images [channels, height, width] per sample, but got shape "
          + Arrays.toString(inputShape) + " (channels first, as ONNX and PyTorch)");
    }
    int channels = inputShape[0];
    int outputs = channels * config.depthMultiplier;
    int[] pads = config.padding.resolve(new int[] {inputShape[1], inputShape[2]}, config.kernelSize, config.strides,
        config.dilationRate);
    ConvGeometry g;
    try {
      g = new ConvGeometry(channels, inputShape[1], inputShape[2], outputs, channels, config.kernelSize, config.strides,
          config.dilationRate, pads);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
    }
    convolution = new DepthwiseConvolution(g);
    kernel = addWeight("kernel", new int[] {outputs, 1, config.kernelSize[0], config.kernelSize[1]},
        kerasLayout(config.depthwiseInitializer, channels, config.depthMultiplier));
    kernel.setRegularizer(config.depthwiseRegularizer);
    kernel.setConstraint(config.depthwiseConstraint);
    if (config.useBias) {
      bias = addWeight("bias", new int[] {outputs}, config.biasInitializer);
      bias.setRegularizer(config.biasRegularizer);
      bias.setConstraint(config.biasConstraint);
    }
    return new int[] {outputs, g.outHeight, g.outWidth};
  }

  /**
   * {@code initializer} applied to Keras' view of a depthwise kernel, a kernel of {@code channels}
   * inputs and {@code multiplier} outputs ([multiplier, channels, kh, kw] in Lamina's layout), then
   * stored as [channels·multiplier, 1, kh, kw]: output channel c·multiplier + m gets what Keras'
   * {@code [kh, kw, c, m]} gets.
   */
  static Initializer kerasLayout(Initializer initializer, int channels, int multiplier) {
    return (values, shape, random) -> {
      int taps = shape[2] * shape[3];
      float[] drawn = new float[values.length];
      initializer.initialize(drawn, new int[] {multiplier, channels, shape[2], shape[3]}, random);
      for (int m = 0; m < multiplier; m++) {
        for (int c = 0; c < channels; c++) {
          System.arraycopy(drawn, (m * channels + c) * taps, values, (c * multiplier + m) * taps, taps);
        }
      }
    };
  }

  /** What a forward pass keeps for backward: the pre-activation z and dz. */
  private final class Scratch {
    final Matrix z = new Matrix(0, 0);
    final Matrix dz = new Matrix(0, 0);
    final DepthwiseConvolution.Work work = built(convolution).work();
  }

  /** Made once, so that asking a frame for its scratch allocates nothing. */
  private final Supplier<Scratch> newScratch = Scratch::new;

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    DepthwiseConvolution conv = built(convolution);
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

  /** The configuration of a {@link DepthwiseConv2D} layer; methods are named after the properties (Keras' names). */
  public static final class Builder implements LayerSpec {
    private int depthMultiplier = 1;
    private int[] kernelSize = {1, 1};
    private int[] strides = {1, 1};
    private Padding padding = Padding.VALID;
    private int[] dilationRate = {1, 1};
    private Activation activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer depthwiseInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private @Nullable Regularizer depthwiseRegularizer;
    private @Nullable Regularizer biasRegularizer;
    private @Nullable Constraint depthwiseConstraint;
    private @Nullable Constraint biasConstraint;
    private @Nullable String name;
    private boolean trainable = true;

    private Builder() {}

    /** The number of output channels per input channel, > 0; default 1. */
    public Builder depthMultiplier(int depthMultiplier) {
      this.depthMultiplier = depthMultiplier;
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

    /** The same dilation along both axes, > 0; default 1. */
    public Builder dilationRate(int rate) {
      return dilationRate(rate, rate);
    }

    /** The dilation along the height and the width, each > 0; default 1. */
    public Builder dilationRate(int height, int width) {
      this.dilationRate = new int[] {height, width};
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

    /** Default Glorot uniform (Keras), applied to Keras' view of the kernel (see the class documentation). */
    public Builder depthwiseInitializer(Initializer initializer) {
      this.depthwiseInitializer = Objects.requireNonNull(initializer, "depthwiseInitializer");
      return this;
    }

    /** Default zeros (Keras). */
    public Builder biasInitializer(Initializer initializer) {
      this.biasInitializer = Objects.requireNonNull(initializer, "biasInitializer");
      return this;
    }

    /** A penalty on the kernel added to the training loss; default none. */
    public Builder depthwiseRegularizer(Regularizer regularizer) {
      this.depthwiseRegularizer = Objects.requireNonNull(regularizer, "depthwiseRegularizer");
      return this;
    }

    /** A penalty on the bias added to the training loss; default none. */
    public Builder biasRegularizer(Regularizer regularizer) {
      this.biasRegularizer = Objects.requireNonNull(regularizer, "biasRegularizer");
      return this;
    }

    /** Applied to the kernel after each optimizer update; default none. */
    public Builder depthwiseConstraint(Constraint constraint) {
      this.depthwiseConstraint = Objects.requireNonNull(constraint, "depthwiseConstraint");
      return this;
    }

    /** Applied to the bias after each optimizer update; default none. */
    public Builder biasConstraint(Constraint constraint) {
      this.biasConstraint = Objects.requireNonNull(constraint, "biasConstraint");
      return this;
    }

    /** A name unique in the model; generated ({@code depthwise_conv2d}, …) when not given. */
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
      return "depthwise_conv2d";
    }

    @Override
    public DepthwiseConv2D create() {
      String where = "DepthwiseConv2D(name=" + Layer.label(name) + "): ";
      ConvChecks.positive(where, "depthMultiplier", depthMultiplier);
      ConvChecks.positive(where, "kernelSize", kernelSize);
      ConvChecks.positive(where, "strides", strides);
      ConvChecks.positive(where, "dilationRate", dilationRate);
      padding.checkRank(where, 2);
      return new DepthwiseConv2D(this);
    }

    Builder copy() {
      Builder b = new Builder();
      b.depthMultiplier = depthMultiplier;
      b.kernelSize = kernelSize.clone();
      b.strides = strides.clone();
      b.padding = padding;
      b.dilationRate = dilationRate.clone();
      b.activation = activation;
      b.useBias = useBias;
      b.depthwiseInitializer = depthwiseInitializer;
      b.biasInitializer = biasInitializer;
      b.depthwiseRegularizer = depthwiseRegularizer;
      b.biasRegularizer = biasRegularizer;
      b.depthwiseConstraint = depthwiseConstraint;
      b.biasConstraint = biasConstraint;
      b.name = name;
      b.trainable = trainable;
      return b;
    }
  }
}

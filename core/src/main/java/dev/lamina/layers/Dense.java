package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.math.MatMul;
import dev.lamina.math.MatMuls;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Densely connected layer: {@code y = activation(x · kernel + bias)} with kernel [in, out] (the
 * Keras layout; PyTorch's {@code Linear.weight} is its transpose) and bias [out].
 *
 * <p>Defaults as Keras: linear activation, bias on, kernel Glorot-uniform, bias zeros, no
 * regularizers, no constraints.
 *
 * <pre>{@code
 * Layers.dense(300).activation(Activations.ELU).kernelInitializer(Initializers.heNormal())
 * }</pre>
 */
public final class Dense extends Layer implements Activated {
  private static final MatMul MATMUL = MatMuls.best();

  private final Builder config;
  private final int units;
  private final Activation activation;
  private @Nullable Parameter kernel;
  private @Nullable Parameter bias;
  private int inputs;

  private Dense(Builder config) {
    super(config.name, config.trainable);
    this.config = config.copy();
    this.units = config.units;
    this.activation = config.activation;
  }

  /** A builder for a layer of {@code units} outputs. */
  public static Builder builder(int units) {
    return new Builder().units(units);
  }

  public int units() {
    return units;
  }

  @Override
  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return config.useBias;
  }

  /** The kernel [in, out]. */
  public Parameter kernel() {
    return built(kernel);
  }

  /** The bias [out], or null when {@code useBias} is false. */
  public @Nullable Parameter bias() {
    return bias;
  }

  @Override
  public String type() {
    return "Dense";
  }

  @Override
  public Builder spec() {
    return config.copy().name(name()).trainable(isTrainable());
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException(where() + ": expects inputs of rank 1 per sample, but got shape "
          + java.util.Arrays.toString(inputShape) + "; add Layers.flatten() before it");
    }
    inputs = inputShape[0];
    kernel = addWeight("kernel", new int[] {inputs, units}, config.kernelInitializer);
    kernel.setRegularizer(config.kernelRegularizer);
    kernel.setConstraint(config.kernelConstraint);
    if (config.useBias) {
      bias = addWeight("bias", new int[] {units}, config.biasInitializer);
      bias.setRegularizer(config.biasRegularizer);
      bias.setConstraint(config.biasConstraint);
    }
    return new int[] {units};
  }

  /** What a forward pass keeps for backward: the pre-activation z = x · kernel + bias, and dz. */
  private static final class Scratch {
    final Matrix z = new Matrix(0, 0);
    final Matrix dz = new Matrix(0, 0);
  }

  /** The product x · kernel, then one pass that adds the bias and applies the activation. */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    int batch = x.rows();
    Matrix z = f.state(Scratch::new).z.reshape(batch, units);
    MATMUL.nn(batch, units, inputs, x.data(), kernel().value(), z.data(), false);
    Matrix out = linear() ? z : f.output(batch, units);
    BiasActivation.forward(activation, bias != null ? bias.value() : null, z, out);
    return out;
  }

  private boolean linear() {
    return activation instanceof dev.lamina.activations.Linear;
  }

  /** One pass for the activation's gradient and the bias gradient, then the two products. */
  @Override
  public void backward(Frame f, Matrix dy) {
    if (linear()) {
      backwardFromPreActivation(f, dy);
      return;
    }
    Scratch s = f.state(Scratch::new);
    Matrix z = s.z;
    BiasActivation.backward(activation, z, f.output(z.rows(), units), dy, s.dz.reshape(dy.rows(), units),
        biasGradient(f));
    productGradients(f, s.dz);
  }

  @Override
  public Matrix preActivation(Frame f) {
    return f.state(Scratch::new).z;
  }

  @Override
  public void backwardFromPreActivation(Frame f, Matrix g) {
    BiasActivation.biasGradient(g, biasGradient(f));
    productGradients(f, g);
  }

  /** The bias gradient to fill in this backward pass, or null when there is none to compute. */
  private float @Nullable [] biasGradient(Frame f) {
    return bias != null && bias.isTrainable() ? f.gradient(bias) : null;
  }

  /** The kernel gradient xᵀ · g (when trainable) and, when asked, the input gradient g · kernelᵀ. */
  private void productGradients(Frame f, Matrix g) {
    int batch = g.rows();
    Parameter w = kernel();
    if (w.isTrainable()) {
      MATMUL.tn(inputs, units, batch, f.input().data(), g.data(), f.gradient(w), false);
    }
    if (f.needsInputGradient()) {
      MATMUL.nt(batch, inputs, units, g.data(), w.value(), f.inputGradient().data(), false);
    }
  }

  /** The configuration of a {@link Dense} layer; methods are named after the properties. */
  public static final class Builder implements LayerSpec {
    private int units;
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

    /** The number of outputs, > 0. */
    public Builder units(int units) {
      this.units = units;
      return this;
    }

    /** Applied to {@code x · kernel + bias}; default linear. */
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

    /** A name unique in the model; generated ({@code dense}, {@code dense_1}, …) when not given. */
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
      return "dense";
    }

    @Override
    public Dense create() {
      if (units <= 0) {
        throw new IllegalArgumentException("Dense(name=" + Layer.label(name) + "): units must be > 0, but was "
            + units);
      }
      return new Dense(this);
    }

    Builder copy() {
      Builder b = new Builder();
      b.units = units;
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

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.math.MatMul;
import dev.lamina.math.MatMuls;
import dev.lamina.tensor.Matrix;
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
    return config.specOf(this);
  }

  @Override
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException(where() + ": expects inputs of rank 1 per sample, but got shape "
          + java.util.Arrays.toString(inputShape) + "; add Layers.flatten() before it");
    }
    inputs = inputShape[0];
    kernel = config.kernel.addTo(this, "kernel", inputs, units);
    bias = config.addBias(this, units);
    return new int[] {units};
  }

  /** The product z = x · kernel, then one pass that adds the bias and applies the activation. */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    BiasActivation s = f.state(BiasActivation::new);
    Matrix z = s.z(x.rows(), units);
    MATMUL.nn(x.rows(), units, inputs, x.data(), kernel().value(), z.data(), false);
    return s.forward(activation, bias != null ? bias.value() : null, f);
  }

  /** One pass for the activation's gradient and the bias gradient, then the two products. */
  @Override
  public void backward(Frame f, Matrix dy) {
    productGradients(f, f.state(BiasActivation::new).backward(activation, f, dy, f.gradientIfTrainable(bias)));
  }

  @Override
  public Matrix preActivation(Frame f) {
    return f.state(BiasActivation::new).z();
  }

  @Override
  public void backwardFromPreActivation(Frame f, Matrix g) {
    BiasActivation.biasGradient(g, f.gradientIfTrainable(bias));
    productGradients(f, g);
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
  public static final class Builder extends KernelOptions<Builder> {
    private int units;

    private Builder() {
      super("Dense");
    }

    /** The number of outputs, > 0. */
    public Builder units(int units) {
      this.units = units;
      return this;
    }

    @Override
    public Dense create() {
      if (units <= 0) {
        throw new IllegalArgumentException(where() + "units must be > 0, but was " + units);
      }
      return new Dense(this);
    }

    @Override
    Builder copy() {
      Builder b = new Builder().copyFrom(this);
      b.units = units;
      return b;
    }
  }
}

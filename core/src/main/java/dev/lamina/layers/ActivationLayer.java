// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies an {@link Activation} as a layer of its own (Keras {@code Activation}), for example after
 * batch normalisation: {@code Dense(useBias=false) → BatchNormalization → Activation}.
 */
public final class ActivationLayer extends Layer implements Activated {
  private final Activation activation;

  private ActivationLayer(@Nullable String name, Activation activation) {
    super(name);
    this.activation = activation;
  }

  @Override
  public Activation activation() {
    return activation;
  }

  @Override
  public String type() {
    return "Activation";
  }

  @Override
  public Spec spec() {
    return new Spec(activation, name());
  }

  @Override
  protected int[] build(int[] inputShape) {
    return inputShape;
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Matrix out = f.output(x.rows(), x.cols());
    activation.forward(x, out);
    return out;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      Matrix x = f.input();
      activation.backward(x, f.output(x.rows(), x.cols()), dy, f.inputGradient());
    }
  }

  @Override
  public Matrix preActivation(Frame f) {
    return f.input();
  }

  @Override
  public void backwardFromPreActivation(Frame f, Matrix preActivationGradient) {
    f.passInputGradient(0, preActivationGradient);
  }

  /**
   * The configuration of an {@link ActivationLayer}.
   *
   * @param activation the function to apply
   * @param name a unique name, or null to generate one ({@code activation}, {@code activation_1}, …)
   */
  public record Spec(Activation activation, @Nullable String name) implements LayerSpec {
    public Spec {
      Objects.requireNonNull(activation, "activation");
    }

    @Override
    public String baseName() {
      return "activation";
    }

    @Override
    public ActivationLayer create() {
      return new ActivationLayer(name, activation);
    }
  }
}

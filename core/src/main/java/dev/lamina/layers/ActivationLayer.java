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

  /** The input itself when the layer before applied this ReLU ({@link Executor} fuses them). */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    if (f.passesThrough()) {
      return x;
    }
    Matrix out = f.output(x.rows(), x.cols());
    activation.forward(x, out);
    return out;
  }

  /** The output gradient handed through when the layer before applies this ReLU (and its gradient mask). */
  @Override
  public void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      if (f.passesThrough()) {
        f.passInputGradient(0, dy);
        return;
      }
      Matrix x = f.input();
      activation.backward(x, f.output(x.rows(), x.cols()), dy, f.inputGradient());
    }
  }

  /**
   * The input; for a ReLU that the layer before applies ({@link Executor}) it is already
   * max(z, 0), which has the same zeros and positive values as z.
   */
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

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Applies an {@link Activation} as a layer of its own (Keras {@code Activation}), for example after
 * batch normalisation: {@code Dense(useBias=false) → BatchNormalization → Activation}.
 */
public final class ActivationLayer extends BaseLayer implements Layer, Activated {
  private final Activation activation;
  private Matrix input = new Matrix(0, 0);
  private final Matrix out = new Matrix(0, 0);
  private final Matrix dx = new Matrix(0, 0);

  private ActivationLayer(String name, Activation activation) {
    super(name, true);
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
  public int[] build(int[] inputShape, RandomGenerator random) {
    return built(inputShape);
  }

  @Override
  public Matrix forward(Matrix x, Mode mode) {
    input = x;
    activation.forward(x, out.reshape(x.rows(), x.cols()));
    return out;
  }

  @Override
  public Matrix backward(Matrix dy, boolean inputGradient) {
    if (inputGradient) {
      activation.backward(input, out, dy, dx.reshape(dy.rows(), dy.cols()));
    }
    return dx;
  }

  @Override
  public Matrix preActivation() {
    return input;
  }

  @Override
  public Matrix backwardFromPreActivation(Matrix preActivationGradient, boolean inputGradient) {
    return preActivationGradient;
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
    public ActivationLayer create(String name) {
      return new ActivationLayer(name, activation);
    }
  }
}

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Flattens each sample to one axis: [28, 28] becomes [784]. Batches are already stored as
 * [batch, features], so the forward and backward passes hand their argument through unchanged.
 */
public final class Flatten extends BaseLayer implements Layer {

  private Flatten(String name, boolean trainable) {
    super(name, trainable);
  }

  /** A specification with a generated name. */
  public static Spec spec(@Nullable String name) {
    return new Spec(name);
  }

  @Override
  public String type() {
    return "Flatten";
  }

  @Override
  public Spec spec() {
    return new Spec(name());
  }

  @Override
  public int[] build(int[] inputShape, RandomGenerator random) {
    return built(new int[] {features(inputShape)});
  }

  @Override
  public Matrix forward(Matrix input, Mode mode) {
    return input;
  }

  @Override
  public Matrix backward(Matrix outputGradient, boolean inputGradient) {
    return outputGradient;
  }

  /** The configuration of a {@link Flatten} layer. */
  public record Spec(@Nullable String name) implements LayerSpec {
    @Override
    public String baseName() {
      return "flatten";
    }

    @Override
    public Flatten create(String name) {
      return new Flatten(Objects.requireNonNull(name), true);
    }
  }
}

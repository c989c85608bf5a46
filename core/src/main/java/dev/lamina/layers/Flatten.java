// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * Flattens each sample to one axis: [28, 28] becomes [784]. Batches are already stored as
 * [batch, features], so the forward and backward passes hand their argument through unchanged.
 */
public final class Flatten extends Layer {

  private Flatten(@Nullable String name) {
    super(name);
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
  protected int[] build(int[] inputShape) {
    return new int[] {features(inputShape)};
  }

  /** The input itself: a batch is already stored as [batch, features]. */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    return f.input();
  }

  @Override
  public void backward(Frame f, Matrix outputGradient) {
    f.passInputGradient(0, outputGradient);
  }

  /** The configuration of a {@link Flatten} layer. */
  public record Spec(@Nullable String name) implements LayerSpec {
    @Override
    public String baseName() {
      return "flatten";
    }

    @Override
    public Flatten create() {
      return new Flatten(name);
    }
  }
}

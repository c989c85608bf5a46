// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise sum of two or more inputs of the same shape (or broadcasting, see {@link Merge}) (Keras {@code Add}, ONNX {@code Add}):
 * the join of a residual connection, {@code y = x + f(x)}. Each input's gradient is the output's.
 *
 * <pre>{@code
 * SymbolicTensor y = Layers.add().apply(x, dense(64).apply(x));
 * }</pre>
 */
public final class Add extends Merge {

  private Add(@Nullable String name) {
    super(name);
  }

  @Override
  public Spec spec() {
    return new Spec(name());
  }

  /** The first two inputs in one pass, then each further one added: (x0 + x1) + x2 + …, in input order. */
  @Override
  protected void combine(Frame f, float[] y, int n) {
    float[] x0 = in(f, 0);
    float[] x1 = in(f, 1);
    for (int k = 0; k < n; k++) {
      y[k] = x0[k] + x1[k];
    }
    for (int i = 2; i < f.inputCount(); i++) {
      float[] x = in(f, i);
      for (int k = 0; k < n; k++) {
        y[k] += x[k];
      }
    }
  }

  @Override
  protected void gradients(Frame f, Matrix dy) {
    for (int i = 0; i < f.inputCount(); i++) {
      passGradient(f, i, dy);
    }
  }

  /** The configuration of an {@link Add} layer: only its name. */
  public record Spec(@Nullable String name) implements LayerSpec {
    public Spec name(String name) {
      return new Spec(name);
    }

    @Override
    public String baseName() {
      return "add";
    }

    @Override
    public Add create() {
      return new Add(name);
    }
  }
}

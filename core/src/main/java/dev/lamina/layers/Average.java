// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise mean of two or more inputs of the same shape (or broadcasting, see {@link Merge}) (Keras {@code Average}, ONNX
 * {@code Mean}): {@code y = Σ x_i / k}, {@code dx_i = dy / k}.
 */
public final class Average extends Merge {

  private Average(@Nullable String name) {
    super(name);
  }

  @Override
  public Spec spec() {
    return new Spec(name());
  }

  @Override
  protected void combine(Frame f, float[] y, int n) {
    System.arraycopy(in(f, 0), 0, y, 0, n);
    for (int i = 1; i < f.inputCount(); i++) {
      float[] x = in(f, i);
      for (int k = 0; k < n; k++) {
        y[k] += x[k];
      }
    }
    float inverse = 1f / f.inputCount();
    for (int k = 0; k < n; k++) {
      y[k] *= inverse;
    }
  }

  @Override
  protected void gradients(Frame f, Matrix dy) {
    float inverse = 1f / f.inputCount();
    float[] g = dy.data();
    for (int i = 0; i < f.inputCount(); i++) {
      if (f.needsInputGradient(i)) {
        float[] d = gradientOf(f, i);
        for (int k = 0, n = dy.size(); k < n; k++) {
          d[k] = g[k] * inverse;
        }
      }
    }
  }

  /** The configuration of an {@link Average} layer: only its name. */
  public record Spec(@Nullable String name) implements LayerSpec {
    public Spec name(String name) {
      return new Spec(name);
    }

    @Override
    public String baseName() {
      return "average";
    }

    @Override
    public Average create() {
      return new Average(name);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise difference of exactly two inputs of the same shape (or broadcasting, see {@link Merge}), {@code y = x0 − x1} (Keras
 * {@code Subtract}, ONNX {@code Sub}); {@code dx0 = dy}, {@code dx1 = −dy}.
 */
public final class Subtract extends Merge {

  private Subtract(@Nullable String name) {
    super(name);
  }

  @Override
  public Spec spec() {
    return new Spec(name());
  }

  @Override
  protected int maximumInputs() {
    return 2;
  }

  @Override
  protected void combine(Frame f, float[] y, int n) {
    float[] a = in(f, 0);
    float[] b = in(f, 1);
    for (int k = 0; k < n; k++) {
      y[k] = a[k] - b[k];
    }
  }

  @Override
  protected void gradients(Frame f, Matrix dy) {
    passGradient(f, 0, dy);
    if (f.needsInputGradient(1)) {
      float[] g = dy.data();
      float[] d = gradientOf(f, 1);
      for (int k = 0, n = dy.size(); k < n; k++) {
        d[k] = -g[k];
      }
    }
  }

  /** The configuration of a {@link Subtract} layer: only its name. */
  public record Spec(@Nullable String name) implements LayerSpec {
    public Spec name(String name) {
      return new Spec(name);
    }

    @Override
    public String baseName() {
      return "subtract";
    }

    @Override
    public Subtract create() {
      return new Subtract(name);
    }
  }
}

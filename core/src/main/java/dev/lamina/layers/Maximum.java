// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise maximum of two or more inputs of the same shape (or broadcasting, see {@link Merge}) (Keras {@code Maximum}, ONNX
 * {@code Max}). The gradient of each element goes to the input that holds the maximum; on a tie,
 * to the first of them (Keras, which folds {@code maximum} pairwise with {@code x >= y}; PyTorch's
 * {@code torch.maximum} splits it evenly between the tied inputs).
 */
public final class Maximum extends Merge {

  private Maximum(@Nullable String name) {
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
        if (x[k] > y[k]) {
          y[k] = x[k];
        }
      }
    }
  }

  @Override
  protected void gradients(Frame f, Matrix dy) {
    float[] g = dy.data();
    int n = dy.size();
    int inputs = f.inputCount();
    float[] y = f.output(dy.rows(), dy.cols()).data();
    for (int i = 0; i < inputs; i++) {
      if (!f.needsInputGradient(i)) {
        continue;
      }
      float[] d = gradientOf(f, i);
      float[] x = in(f, i);
      for (int k = 0; k < n; k++) {
        d[k] = x[k] == y[k] && firstHolder(f, i, k, y[k]) ? g[k] : 0f;
      }
    }
  }

  /** Whether no input before {@code i} also holds the maximum at {@code k}. */
  private boolean firstHolder(Frame f, int i, int k, float max) {
    for (int j = 0; j < i; j++) {
      if (in(f, j)[k] == max) {
        return false;
      }
    }
    return true;
  }

  /** The configuration of a {@link Maximum} layer: only its name. */
  public record Spec(@Nullable String name) implements LayerSpec {
    public Spec name(String name) {
      return new Spec(name);
    }

    @Override
    public String baseName() {
      return "maximum";
    }

    @Override
    public Maximum create() {
      return new Maximum(name);
    }
  }
}

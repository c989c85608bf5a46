// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise product of two or more inputs (Keras {@code Multiply}, ONNX {@code Mul}):
 * gating, as in squeeze-and-excitation. {@code dx_i = dy · Π_{j≠i} x_j}, summed over the axes
 * along which x_i was stretched.
 *
 * <p>The inputs have the same shape, or broadcast as NumPy's, PyTorch's {@code *} and ONNX's
 * {@code Mul} do ({@link Merge}: the same rank, each size equal or 1): a gate of shape
 * {@code [C, 1, 1]} scales each channel of a feature map {@code [C, H, W]}. Keras' {@code Multiply}
 * needs equal shapes there (one would write {@code x * gate} with a Keras op instead).
 *
 * <pre>{@code
 * SymbolicTensor gate = conv2d(c, 1).activation(HARD_SIGMOID).apply(globalAveragePooling2d().keepdims(true).apply(x));
 * SymbolicTensor y = Layers.multiply().apply(x, gate);     // [C, H, W] × [C, 1, 1]
 * }</pre>
 */
public final class Multiply extends Merge {

  private Multiply(@Nullable String name) {
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
        y[k] *= x[k];
      }
    }
  }

  @Override
  protected void gradients(Frame f, Matrix dy) {
    float[] g = dy.data();
    int inputs = f.inputCount();
    for (int i = 0; i < inputs; i++) {
      if (!f.needsInputGradient(i)) {
        continue;
      }
      float[] d = gradientOf(f, i);
      System.arraycopy(g, 0, d, 0, dy.size());
      for (int j = 0; j < inputs; j++) {
        if (j != i) {
          float[] x = in(f, j);
          for (int k = 0, n = dy.size(); k < n; k++) {
            d[k] *= x[k];
          }
        }
      }
    }
  }

  /** The configuration of a {@link Multiply} layer: only its name. */
  public record Spec(@Nullable String name) implements LayerSpec {
    public Spec name(String name) {
      return new Spec(name);
    }

    @Override
    public String baseName() {
      return "multiply";
    }

    @Override
    public Multiply create() {
      return new Multiply(name);
    }
  }
}

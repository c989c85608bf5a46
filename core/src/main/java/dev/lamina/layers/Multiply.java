package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise product of two or more inputs of the same shape (Keras {@code Multiply}, ONNX
 * {@code Mul}): gating, as in squeeze-and-excitation. {@code dx_i = dy · Π_{j≠i} x_j}.
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
    System.arraycopy(f.input(0).data(), 0, y, 0, n);
    for (int i = 1; i < f.inputCount(); i++) {
      float[] x = f.input(i).data();
      for (int k = 0; k < n; k++) {
        y[k] *= x[k];
      }
    }
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    float[] g = dy.data();
    int inputs = f.inputCount();
    for (int i = 0; i < inputs; i++) {
      if (!f.needsInputGradient(i)) {
        continue;
      }
      float[] d = f.inputGradient(i).data();
      System.arraycopy(g, 0, d, 0, dy.size());
      for (int j = 0; j < inputs; j++) {
        if (j != i) {
          float[] x = f.input(j).data();
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

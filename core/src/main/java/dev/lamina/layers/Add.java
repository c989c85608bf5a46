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

  /**
   * Without broadcasting, the add can apply the ReLU that alone reads its output (the join of a
   * residual block, {@code relu(x + f(x))}) in its own pass; see {@link Executor}.
   */
  @Override
  boolean absorbsRelu() {
    return !stretches();
  }

  /**
   * The first two inputs in one pass, then each further one added: (x0 + x1) + x2 + …, in input
   * order; a fused ReLU ({@link Frame#appliesRelu()}) is applied in the last of these passes.
   */
  @Override
  protected void combine(Frame f, float[] y, int n) {
    boolean relu = f.appliesRelu();
    int inputs = f.inputCount();
    float[] x0 = in(f, 0);
    float[] x1 = in(f, 1);
    ElementwisePass.sum(x0, x1, y, n, relu && inputs == 2);
    for (int i = 2; i < inputs; i++) {
      ElementwisePass.sum(y, in(f, i), y, n, relu && i == inputs - 1);
    }
  }

  /**
   * Each input's gradient is the output's; with a fused ReLU, the output's masked where the output
   * is not > 0 (the ReLU's gradient, the same kernel), computed once into input 0's buffer.
   */
  @Override
  protected void gradients(Frame f, Matrix dy) {
    Matrix g = dy;
    if (f.appliesRelu()) {
      g = f.inputGradient(0);
      ElementwisePass.reluGradient(f.output(dy.rows(), dy.cols()).data(), dy.data(), g.data(), dy.size());
    }
    for (int i = 0; i < f.inputCount(); i++) {
      passGradient(f, i, g);
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

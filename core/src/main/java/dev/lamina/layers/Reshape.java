// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gives each sample a new shape with the same number of values, read in row-major order (Keras
 * {@code Reshape}, ONNX {@code Reshape}; PyTorch's {@code view} of a contiguous tensor). The
 * target shape leaves out the batch axis; one dimension may be −1, inferred from the others, as
 * in Keras. A batch is already stored as [batch, features], so the passes hand their argument
 * through unchanged.
 *
 * <pre>{@code
 * Layers.reshape(1, 28, 28)     // [784] → [1, 28, 28]: flat pixels as a one-channel image
 * Layers.reshape(-1, 7, 7)      // [C·49] → [C, 7, 7]
 * }</pre>
 */
public final class Reshape extends Layer {
  private final int[] targetShape;

  private Reshape(@Nullable String name, int[] targetShape) {
    super(name);
    this.targetShape = targetShape;
  }

  /** The target shape as given (−1 for the inferred dimension), a copy. */
  public int[] targetShape() {
    return targetShape.clone();
  }

  @Override
  public String type() {
    return "Reshape";
  }

  @Override
  public Spec spec() {
    return new Spec(targetShape, name());
  }

  @Override
  protected int[] build(int[] inputShape) {
    int values = features(inputShape);
    int[] out = targetShape.clone();
    int known = 1;
    int inferred = -1;
    for (int d = 0; d < out.length; d++) {
      if (out[d] == -1) {
        inferred = d;
      } else {
        known = Math.multiplyExact(known, out[d]);
      }
    }
    if (inferred >= 0 && values % known == 0) {
      out[inferred] = values / known;
    }
    if (inferred >= 0 ? values % known != 0 : known != values) {
      throw new IllegalArgumentException(where() + ": cannot reshape samples of shape " + Arrays.toString(inputShape)
          + " (" + values + " values) to " + Arrays.toString(targetShape));
    }
    return out;
  }

  /** The input itself: the values and their order do not change. */
  @Override
  public Matrix forward(Frame f, Mode mode) {
    return f.input();
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    f.passInputGradient(0, dy);
  }

  /**
   * The configuration of a {@link Reshape} layer.
   *
   * @param targetShape the per-sample output shape, without the batch axis: dimensions > 0 and at
   *     most one −1 (inferred)
   */
  public record Spec(int[] targetShape, @Nullable String name) implements LayerSpec {
    public Spec {
      targetShape = Objects.requireNonNull(targetShape, "targetShape").clone();
    }

    @Override
    public int[] targetShape() {
      return targetShape.clone();
    }

    public Spec name(String name) {
      return new Spec(targetShape, Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "reshape";
    }

    @Override
    public Reshape create() {
      String where = "Reshape(name=" + Layer.label(name) + "): ";
      if (targetShape.length == 0) {
        throw new IllegalArgumentException(where + "the target shape needs at least one dimension, but was []");
      }
      long inferred = Arrays.stream(targetShape).filter(d -> d == -1).count();
      if (inferred > 1 || Arrays.stream(targetShape).anyMatch(d -> d <= 0 && d != -1)) {
        throw new IllegalArgumentException(where + "the target shape's dimensions must be > 0, with at most one -1, but was "
            + Arrays.toString(targetShape));
      }
      return new Reshape(name, targetShape.clone());
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Joins two or more inputs along one axis (Keras {@code Concatenate}, ONNX {@code Concat}): the
 * inputs agree in every other dimension. The axis counts the batch axis, as in Keras and ONNX:
 * −1 (the default) is the last axis, 1 the first axis of a sample (the channels of
 * {@code [channels, height, width]} images). The gradient of each input is its slice of the
 * output's.
 *
 * <pre>{@code
 * SymbolicTensor joined = Layers.concatenate().apply(numeric, embedded);   // [5] and [3] give [8]
 * }</pre>
 */
public final class Concatenate extends Layer {
  /** −1: the last axis (Keras' default). */
  public static final int DEFAULT_AXIS = -1;

  private final int axis;
  /** Per input, the values it contributes per outer index (its size along the axis × inner size). */
  private int[] chunks = new int[0];
  private int outer;
  /** The values per sample of the output. */
  private int width;

  private Concatenate(@Nullable String name, int axis) {
    super(name);
    this.axis = axis;
  }

  /** The axis as given (counting the batch axis; negative counts from the end). */
  public int axis() {
    return axis;
  }

  @Override
  public Spec spec() {
    return new Spec(axis, name());
  }

  @Override
  protected int[] build(List<int[]> inputShapes) {
    if (inputShapes.size() < 2) {
      throw new IllegalArgumentException(where() + ": needs at least 2 inputs, but was applied to " + inputShapes.size());
    }
    int[] first = inputShapes.get(0);
    int rank = first.length + 1; // with the batch axis
    int a = axis < 0 ? axis + rank : axis;
    if (a < 1 || a >= rank) {
      throw new IllegalArgumentException(where() + ": axis " + axis + " is not an axis of the samples of inputs "
          + describe(inputShapes) + " (the batch axis 0 cannot be joined)");
    }
    int sampleAxis = a - 1;
    int[] out = first.clone();
    out[sampleAxis] = 0;
    chunks = new int[inputShapes.size()];
    int inner = 1;
    for (int d = sampleAxis + 1; d < first.length; d++) {
      inner *= first[d];
    }
    outer = 1;
    for (int d = 0; d < sampleAxis; d++) {
      outer *= first[d];
    }
    for (int i = 0; i < inputShapes.size(); i++) {
      int[] s = inputShapes.get(i);
      if (s.length != first.length) {
        throw new IllegalArgumentException(where() + ": inputs must have the same rank, but had " + describe(inputShapes));
      }
      for (int d = 0; d < s.length; d++) {
        if (d != sampleAxis && s[d] != first[d]) {
          throw new IllegalArgumentException(where() + ": inputs must agree except along axis " + axis + ", but had "
              + describe(inputShapes));
        }
      }
      out[sampleAxis] += s[sampleAxis];
      chunks[i] = s[sampleAxis] * inner;
    }
    width = features(out);
    return out;
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    int rows = f.input(0).rows();
    Matrix out = f.output(rows, width);
    float[] y = out.data();
    for (int r = 0; r < rows; r++) {
      int at = r * width;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < chunks.length; i++) {
          int c = chunks[i];
          System.arraycopy(f.input(i).data(), (r * outer + o) * c, y, at, c);
          at += c;
        }
      }
    }
    return out;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    int rows = dy.rows();
    int width = dy.cols();
    float[] g = dy.data();
    for (int i = 0; i < chunks.length; i++) {
      if (!f.needsInputGradient(i)) {
        continue;
      }
      float[] d = f.inputGradient(i).data();
      int c = chunks[i];
      int before = 0;
      for (int j = 0; j < i; j++) {
        before += chunks[j];
      }
      int stride = width / outer;
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < outer; o++) {
          System.arraycopy(g, r * width + o * stride + before, d, (r * outer + o) * c, c);
        }
      }
    }
  }

  /**
   * The configuration of a {@link Concatenate} layer.
   *
   * @param axis the axis to join along, counting the batch axis; −1 the last (Keras' default)
   */
  public record Spec(int axis, @Nullable String name) implements LayerSpec {
    /** Along the last axis. */
    public Spec() {
      this(DEFAULT_AXIS, null);
    }

    public Spec axis(int axis) {
      return new Spec(axis, name);
    }

    public Spec name(String name) {
      return new Spec(axis, name);
    }

    @Override
    public String baseName() {
      return "concatenate";
    }

    @Override
    public Concatenate create() {
      if (axis == 0) {
        throw new IllegalArgumentException("Concatenate(name=" + Layer.label(name) + "): axis 0 is the batch axis");
      }
      return new Concatenate(name, axis);
    }
  }
}

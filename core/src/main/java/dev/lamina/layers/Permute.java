// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reorders the axes of each sample (Keras {@code Permute}, ONNX {@code Transpose} with the batch
 * axis kept first, PyTorch {@code permute}). {@code dims} numbers the sample axes from 1, as in
 * Keras (the batch axis 0 stays in place): output axis i is input axis {@code dims[i]}. The input
 * gradient is the output gradient permuted back.
 *
 * <p>Channels-last images ([height, width, channels], Keras' default layout and most image
 * loaders') become Lamina's channels-first [channels, height, width] with {@code Permute(3, 1, 2)}
 * as the first layer; {@code Permute(2, 3, 1)} goes back.
 *
 * <pre>{@code
 * Network.sequential(seed, input(32, 32, 3), permute(3, 1, 2), conv2d(16, 3), ...)
 * }</pre>
 */
public final class Permute extends Layer {
  private final int[] dims;
  /** For each value of an output sample, the index of the input value it copies. */
  private int[] source = {};

  private Permute(@Nullable String name, int[] dims) {
    super(name);
    this.dims = dims;
  }

  /** The permutation as given (1-based sample axes), a copy. */
  public int[] dims() {
    return dims.clone();
  }

  @Override
  public String type() {
    return "Permute";
  }

  @Override
  public Spec spec() {
    return new Spec(dims, name());
  }

  @Override
  protected int[] build(int[] inputShape) {
    int rank = inputShape.length;
    if (dims.length != rank) {
      throw new IllegalArgumentException(where() + ": dims " + Arrays.toString(dims) + " must list every one of the "
          + rank + " axes of samples of shape " + Arrays.toString(inputShape));
    }
    int[] out = new int[rank];
    int[] inputStrides = new int[rank];
    for (int d = rank - 1, stride = 1; d >= 0; d--) {
      inputStrides[d] = stride;
      stride *= inputShape[d];
    }
    for (int i = 0; i < rank; i++) {
      out[i] = inputShape[dims[i] - 1];
    }
    source = new int[features(inputShape)];
    int[] at = new int[rank]; // the output index, counted in row-major order
    for (int k = 0; k < source.length; k++) {
      int s = 0;
      for (int i = 0; i < rank; i++) {
        s += at[i] * inputStrides[dims[i] - 1];
      }
      source[k] = s;
      for (int i = rank - 1; i >= 0 && ++at[i] == out[i]; i--) {
        at[i] = 0;
      }
    }
    return out;
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    int n = source.length;
    Matrix y = f.output(x.rows(), n);
    float[] in = x.data();
    float[] out = y.data();
    for (int r = 0, o = 0; r < x.rows(); r++, o += n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = in[o + source[k]];
      }
    }
    return y;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    if (!f.needsInputGradient()) {
      return;
    }
    int n = source.length;
    float[] g = dy.data();
    float[] dx = f.inputGradient().data();
    for (int r = 0, o = 0; r < dy.rows(); r++, o += n) {
      for (int k = 0; k < n; k++) {
        dx[o + source[k]] = g[o + k];
      }
    }
  }

  /**
   * The configuration of a {@link Permute} layer.
   *
   * @param dims a permutation of 1 … rank: output axis i is input sample axis {@code dims[i]} (Keras)
   */
  public record Spec(int[] dims, @Nullable String name) implements LayerSpec {
    public Spec {
      dims = Objects.requireNonNull(dims, "dims").clone();
    }

    @Override
    public int[] dims() {
      return dims.clone();
    }

    public Spec name(String name) {
      return new Spec(dims, Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "permute";
    }

    @Override
    public Permute create() {
      int[] sorted = dims.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        if (sorted[i] != i + 1) {
          throw new IllegalArgumentException("Permute(name=" + Layer.label(name) + "): dims must be a permutation of 1.."
              + dims.length + " (sample axes, counted from 1 as in Keras), but was " + Arrays.toString(dims));
        }
      }
      if (dims.length == 0) {
        throw new IllegalArgumentException("Permute(name=" + Layer.label(name) + "): dims must name at least one axis, but was []");
      }
      return new Permute(name, dims.clone());
    }
  }
}

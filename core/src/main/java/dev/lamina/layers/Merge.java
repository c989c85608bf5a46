// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the element-wise merge layers share ({@link Add}, {@link Subtract}, {@link Multiply},
 * {@link Average}, {@link Maximum}; Keras' {@code keras.layers.merging}): two or more inputs
 * combined element by element into one output.
 *
 * <p>Shapes. The per-sample shapes must have the same rank; along each axis the sizes must be
 * equal, or 1, which is stretched to the others' size (NumPy broadcasting, as PyTorch's {@code *}
 * and ONNX's {@code Mul} do with the batch axis in front): a squeeze-and-excitation gate
 * {@code [C, 1, 1]} multiplies a feature map {@code [C, H, W]} channel by channel. The gradient of
 * a stretched input is summed over the axes it was stretched along. Keras' merge layers do not
 * broadcast like this (they need equal shapes, reshaping only inputs of different ranks); Lamina
 * refuses inputs of different ranks, which ONNX would align from the right, across the batch axis.
 *
 * <p>Subclasses write the element-wise function in {@link #combine} and its gradients in
 * {@link #gradients}, both at the output's shape, reading inputs with {@link #in} and writing
 * input gradients to {@link #gradientOf} or handing the output gradient through with
 * {@link #passGradient}; the base stretches the inputs and sums the gradients back.
 */
public abstract class Merge extends Layer {
  /**
   * For each input: null when it has the output's shape, else for each output feature of a sample
   * the input feature it reads. Set by build.
   */
  private int @Nullable [][] sources;
  private int outputFeatures;

  protected Merge(@Nullable String name) {
    super(name);
  }

  /** Whether an input is stretched to the output's shape (broadcasting); known after build. */
  final boolean stretches() {
    return sources != null;
  }

  /** The smallest number of inputs: 2 (Keras). */
  protected int minimumInputs() {
    return 2;
  }

  /** The largest number of inputs (unbounded by default). */
  protected int maximumInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  protected final int[] build(List<int[]> inputShapes) {
    int n = inputShapes.size();
    if (n < minimumInputs() || n > maximumInputs()) {
      throw new IllegalArgumentException(where() + ": needs " + (minimumInputs() == maximumInputs() ? "exactly "
          + minimumInputs() : "at least " + minimumInputs()) + " inputs, but was applied to " + n);
    }
    int[] out = inputShapes.get(0).clone();
    for (int i = 1; i < n; i++) {
      int[] s = inputShapes.get(i);
      boolean fits = s.length == out.length;
      for (int a = 0; fits && a < s.length; a++) {
        fits = s[a] == out[a] || s[a] == 1 || out[a] == 1;
        out[a] = Math.max(out[a], s[a]);
      }
      if (!fits) {
        throw new IllegalArgumentException(where() + ": inputs must have the same shape, or broadcast (the same rank, "
            + "each size equal or 1), but input 0 has " + Arrays.toString(inputShapes.get(0)) + " and input " + i
            + " has " + Arrays.toString(s));
      }
    }
    int[][] map = new int[n][];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(out, inputShapes.get(i))) {
        map[i] = sourceIndices(inputShapes.get(i), out);
        any = true;
      }
    }
    sources = any ? map : null;
    outputFeatures = features(out);
    return out;
  }

  /** For each element of a sample of shape {@code out}, the element of a sample of shape {@code in} it reads. */
  private static int[] sourceIndices(int[] in, int[] out) {
    int[] src = new int[features(out)];
    int[] index = new int[out.length];
    for (int k = 0; k < src.length; k++) {
      int s = 0;
      for (int a = 0; a < out.length; a++) {
        s = s * in[a] + (in[a] == 1 ? 0 : index[a]);
      }
      src[k] = s;
      for (int a = out.length - 1; a >= 0 && ++index[a] == out[a]; a--) {
        index[a] = 0;
      }
    }
    return src;
  }

  @Override
  public final Matrix forward(Frame f, Mode mode) {
    int rows = f.input(0).rows();
    Matrix out = f.output(rows, outputFeatures);
    int[][] map = sources;
    if (map != null) {
      Stretched s = f.state(Stretched::new);
      for (int i = 0; i < map.length; i++) {
        if (map[i] != null) {
          s.inputs = grow(s.inputs, i, map.length, rows * outputFeatures);
          stretch(f.input(i), map[i], s.inputs[i], rows);
        }
      }
    }
    combine(f, out.data(), out.size());
    return out;
  }

  @Override
  public final void backward(Frame f, Matrix dy) {
    int[][] map = sources;
    Stretched s = map == null ? null : f.state(Stretched::new);
    if (s != null) {
      if (s.passed.length != map.length) {
        s.passed = new boolean[map.length];
      }
      Arrays.fill(s.passed, false);
    }
    gradients(f, dy);
    if (map == null || s == null) {
      return;
    }
    int rows = dy.rows();
    for (int i = 0; i < map.length; i++) {
      if (map[i] != null && f.needsInputGradient(i)) {
        float[] full = s.passed[i] ? dy.data() : s.gradients[i];
        Matrix d = f.inputGradient(i);
        float[] dx = d.data();
        int in = d.cols();
        Arrays.fill(dx, 0, rows * in, 0f);
        int[] src = map[i];
        for (int r = 0; r < rows; r++) {
          int o = r * outputFeatures;
          int x = r * in;
          for (int k = 0; k < outputFeatures; k++) {
            dx[x + src[k]] += full[o + k];
          }
        }
      }
    }
  }

  /**
   * The values of input {@code i} at the output's shape, [batch × output features] row-major:
   * the input itself, or its stretched copy when it broadcasts. Not to be modified.
   */
  protected final float[] in(Frame f, int i) {
    int[][] map = sources;
    return map == null || map[i] == null ? f.input(i).data() : f.state(Stretched::new).inputs[i];
  }

  /**
   * Where {@link #gradients} writes the gradient of input {@code i} at the output's shape: the
   * input's gradient buffer, or a scratch buffer that the base sums back over the stretched axes.
   */
  protected final float[] gradientOf(Frame f, int i) {
    int[][] map = sources;
    if (map == null || map[i] == null) {
      return f.inputGradient(i).data();
    }
    Stretched s = f.state(Stretched::new);
    s.gradients = grow(s.gradients, i, map.length, f.input(0).rows() * outputFeatures);
    return s.gradients[i];
  }

  /** Makes the output gradient {@code dy} the gradient of input {@code i} (summed back when it broadcasts). */
  protected final void passGradient(Frame f, int i, Matrix dy) {
    int[][] map = sources;
    if (map == null || map[i] == null) {
      f.passInputGradient(i, dy);
    } else {
      f.state(Stretched::new).passed[i] = true; // backward sized it
    }
  }

  /** Writes the merged values of the inputs ({@link #in}) into {@code y}, {@code n} values at the output's shape. */
  protected abstract void combine(Frame f, float[] y, int n);

  /**
   * Computes the gradient of each input whose {@link Frame#needsInputGradient(int)} is true, at the
   * output's shape, into {@link #gradientOf} or by {@link #passGradient}.
   */
  protected abstract void gradients(Frame f, Matrix dy);

  private static void stretch(Matrix x, int[] src, float[] into, int rows) {
    float[] v = x.data();
    int in = x.cols();
    int out = src.length;
    for (int r = 0; r < rows; r++) {
      int o = r * out;
      int b = r * in;
      for (int k = 0; k < out; k++) {
        into[o + k] = v[b + src[k]];
      }
    }
  }

  /** {@code arrays} with slot {@code i} holding at least {@code size} floats (grown only when the batch grows). */
  private static float[][] grow(float[][] arrays, int i, int count, int size) {
    float[][] a = arrays.length == count ? arrays : new float[count][];
    if (a[i] == null || a[i].length < size) {
      a[i] = new float[size];
    }
    return a;
  }

  /** A frame's stretched inputs and the gradients at the output's shape, kept from batch to batch. */
  private static final class Stretched {
    float[][] inputs = new float[0][];
    float[][] gradients = new float[0][];
    boolean[] passed = new boolean[0];
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Average pooling over each channel of {@code [channels, height, width]} samples (Keras
 * {@code AveragePooling2D}, PyTorch {@code AvgPool2d}, ONNX {@code AveragePool}): each output is
 * the sum of the input cells of its window divided by a divisor,
 *
 * <pre>
 * y[c, i, j]  = Σ x[c, h, w] over the input cells (h, w) of window (i, j) / divisor(i, j)
 * dx[c, h, w] = Σ dy[c, i, j] / divisor(i, j) over the windows (i, j) that cover (h, w)
 * </pre>
 *
 * Padded cells add nothing to the sum; whether they count in the divisor is
 * {@code countIncludePad}:
 * <ul>
 *   <li>false (the default): the divisor is the number of input cells in the window. Keras'
 *       {@code "same"} pooling (TensorFlow's {@code avg_pool}) and ONNX's default
 *       ({@code count_include_pad=0}) do this.
 *   <li>true: padded cells count as zeros: the divisor is the window size, clipped (in ceil mode)
 *       to the padded image, as PyTorch, whose {@code count_include_pad} defaults to True, so
 *       importing {@code AvgPool2d(3, 2, padding=1)} needs {@code countIncludePad(true)}.
 * </ul>
 * The two agree when there is no padding (and no ceil-mode overhang). Output sizes, padding and
 * {@code ceilMode} as {@link Pooling2D} says. Defaults as Keras: strides equal to the pool size,
 * {@link Padding#VALID}, no ceil mode.
 *
 * <pre>{@code
 * Layers.averagePooling2d(2)                                                     // Keras AveragePooling2D(2)
 * Layers.averagePooling2d(3).strides(2).padding(Padding.of(1, 1)).countIncludePad(true)   // torch AvgPool2d(3, 2, 1)
 * }</pre>
 */
public final class AveragePooling2D extends Pooling2D {
  private final boolean countIncludePad;
  /** The divisor of each output position [outHeight · outWidth], the same for every plane, and its inverse. */
  private float[] divisors = {};
  private float[] inverseDivisors = {};

  private AveragePooling2D(Spec s) {
    super(s.name, s.poolHeight, s.poolWidth, s.strideHeight, s.strideWidth, s.padding, s.ceilMode);
    this.countIncludePad = s.countIncludePad;
  }

  /** Whether padded cells count in the divisor (ONNX and PyTorch {@code count_include_pad}). */
  public boolean countIncludePad() {
    return countIncludePad;
  }

  @Override
  public String type() {
    return "AveragePooling2D";
  }

  @Override
  public Spec spec() {
    return new Spec(poolHeight(), poolWidth(), strideHeight(), strideWidth(), padding(), ceilMode(), countIncludePad,
        name());
  }

  @Override
  void geometryReady() {
    divisors = new float[outHeight * outWidth];
    inverseDivisors = new float[outHeight * outWidth];
    for (int i = 0; i < outHeight; i++) {
      int top = i * strideHeight() - pads[0];
      int rows = countIncludePad ? Math.min(top + poolHeight(), height + pads[1]) - top : rowTo[i] - rowFrom[i];
      for (int j = 0; j < outWidth; j++) {
        int left = j * strideWidth() - pads[2];
        int cols = countIncludePad ? Math.min(left + poolWidth(), width + pads[3]) - left : colTo[j] - colFrom[j];
        divisors[i * outWidth + j] = rows * cols;
        inverseDivisors[i * outWidth + j] = 1f / (rows * cols);
      }
    }
  }

  @Override
  boolean keepsArgmax() {
    return false;
  }

  /** Sums along output rows (long inner loops), window cells row by row, then divides. */
  @Override
  void forwardPlane(float[] x, int xo, float[] y, int yo, int @Nullable [] argmax) {
    int stride = strideWidth();
    for (int i = 0; i < outHeight; i++) {
      int row = yo + i * outWidth;
      Arrays.fill(y, row, row + outWidth, 0f);
      for (int r = rowFrom[i]; r < rowTo[i]; r++) {
        for (int b = 0; b < poolWidth(); b++) {
          int offset = xo + r * width + b - pads[2]; // window j's cell in this row and column: offset + j·stride
          for (int j = firstOutput[b], end = endOutput[b]; j < end; j++) {
            y[row + j] += x[offset + j * stride];
          }
        }
      }
      for (int j = 0; j < outWidth; j++) {
        y[row + j] /= divisors[i * outWidth + j];
      }
    }
  }

  @Override
  void backwardPlane(float[] dy, int yo, float[] dx, int xo, int[] argmax) {
    int stride = strideWidth();
    for (int i = 0; i < outHeight; i++) {
      int row = yo + i * outWidth;
      int k = i * outWidth;
      for (int r = rowFrom[i]; r < rowTo[i]; r++) {
        for (int b = 0; b < poolWidth(); b++) {
          int offset = xo + r * width + b - pads[2];
          for (int j = firstOutput[b], end = endOutput[b]; j < end; j++) {
            dx[offset + j * stride] += dy[row + j] * inverseDivisors[k + j];
          }
        }
      }
    }
  }

  /**
   * The configuration of an {@link AveragePooling2D} layer; {@link #Spec(int, int)} gives Keras'
   * defaults and each method named after a property returns a changed copy.
   *
   * @param poolHeight the window's height, > 0
   * @param poolWidth the window's width, > 0
   * @param strideHeight the step between windows down the image, > 0; Keras' default: the pool height
   * @param strideWidth the step across, > 0; Keras' default: the pool width
   * @param padding {@link Padding#VALID} (default), {@link Padding#SAME} or cells per side,
   *     {@link Padding#of(int, int, int, int)}; not CAUSAL
   * @param ceilMode whether output sizes round up (PyTorch and ONNX {@code ceil_mode}); default false
   * @param countIncludePad whether padded cells count in the divisor; default false (Keras
   *     {@code "same"}, ONNX); PyTorch's default is true
   */
  public record Spec(int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding,
      boolean ceilMode, boolean countIncludePad, @Nullable String name) implements LayerSpec {

    /** A {@code poolHeight × poolWidth} window moved by its own size (Keras: strides default to the pool size), valid padding. */
    public Spec(int poolHeight, int poolWidth) {
      this(poolHeight, poolWidth, poolHeight, poolWidth, Padding.VALID, false, false, null);
    }

    /** The same stride along both axes. */
    public Spec strides(int stride) {
      return strides(stride, stride);
    }

    public Spec strides(int strideHeight, int strideWidth) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode, countIncludePad, name);
    }

    public Spec padding(Padding padding) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, Objects.requireNonNull(padding, "padding"),
          ceilMode, countIncludePad, name);
    }

    public Spec ceilMode(boolean ceilMode) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode, countIncludePad, name);
    }

    public Spec countIncludePad(boolean countIncludePad) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode, countIncludePad, name);
    }

    public Spec name(String name) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode, countIncludePad,
          Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "average_pooling2d";
    }

    @Override
    public AveragePooling2D create() {
      checkConfig("AveragePooling2D", name, poolHeight, poolWidth, strideHeight, strideWidth, padding);
      return new AveragePooling2D(this);
    }
  }
}

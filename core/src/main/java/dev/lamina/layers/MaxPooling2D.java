// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.MaxPoolKernels;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Max pooling over each channel of {@code [channels, height, width]} samples (Keras
 * {@code MaxPooling2D}, PyTorch {@code MaxPool2d}, ONNX {@code MaxPool}): each output is the
 * largest value of its window,
 *
 * <pre>
 * y[c, i, j] = max over a &lt; poolHeight, b &lt; poolWidth of xpad[c, i·strideHeight + a, j·strideWidth + b]
 * dx[c, h, w] = Σ dy[c, i, j] over the outputs whose argmax is (h, w)
 * </pre>
 *
 * where padded cells are −∞, so they never win (PyTorch, ONNX; zero padding would differ for
 * negative inputs). The training forward pass keeps the argmax of every output in the frame (an
 * inference pass does not, and a backward pass after one finds it again); ties go to the first cell
 * in window order (row by row), as PyTorch, and a NaN wins, as there (the window's first NaN gets
 * the gradient; PyTorch's last). Output sizes, padding and {@code ceilMode} as
 * {@link Pooling2D} says.
 *
 * <p>Defaults as Keras: strides equal to the pool size, {@link Padding#VALID}, no ceil mode.
 *
 * <pre>{@code
 * Layers.maxPooling2d(2)                                                // Keras MaxPooling2D(2)
 * Layers.maxPooling2d(3).strides(2).padding(Padding.of(1, 1))          // torch MaxPool2d(3, 2, 1) (ResNet stem)
 * Layers.maxPooling2d(3).strides(2).ceilMode(true)                     // torch MaxPool2d(3, 2, ceil_mode=True)
 * }</pre>
 */
public final class MaxPooling2D extends Pooling2D {
  private static final MaxPoolKernels KERNELS = MaxPoolKernels.best();

  private MaxPooling2D(Spec s) {
    super(s.name, s.poolHeight, s.poolWidth, s.strideHeight, s.strideWidth, s.padding, s.ceilMode);
  }

  @Override
  public String type() {
    return "MaxPooling2D";
  }

  @Override
  public Spec spec() {
    return new Spec(poolHeight(), poolWidth(), strideHeight(), strideWidth(), padding(), ceilMode(), name());
  }

  @Override
  boolean keepsArgmax() {
    return true;
  }

  /**
   * Per output, the cells of its window in window order, {@code cells[w · outputs + o]}, offsets
   * in the plane; a padded cell is listed as the window's first input cell, which it then ties and
   * never displaces. Set when the geometry is known.
   */
  private int[] cells = {};
  /** Whether every window is 2×2, stride 2, inside the plane: {@link MaxPoolKernels#forward2x2}'s case. */
  private boolean plain2x2;

  @Override
  void geometryReady() {
    plain2x2 = poolHeight() == 2 && poolWidth() == 2 && strideHeight() == 2 && strideWidth() == 2 && pads[0] == 0
        && pads[2] == 0 && 2 * outHeight <= height && 2 * outWidth <= width;
    int outputs = outHeight * outWidth;
    int window = poolHeight() * poolWidth();
    cells = new int[window * outputs];
    for (int i = 0; i < outHeight; i++) {
      for (int j = 0; j < outWidth; j++) {
        int o = i * outWidth + j;
        int first = rowFrom[i] * width + colFrom[j]; // the window's first input cell (every window has one)
        for (int a = 0; a < poolHeight(); a++) {
          int r = i * strideHeight() - pads[0] + a;
          for (int b = 0; b < poolWidth(); b++) {
            int c = j * strideWidth() - pads[2] + b;
            boolean inside = r >= 0 && r < height && c >= 0 && c < width;
            cells[(a * poolWidth() + b) * outputs + o] = inside ? r * width + c : first;
          }
        }
      }
    }
  }

  /**
   * The window cells through the table ({@link MaxPoolKernels}: gathered a vector of outputs at a
   * time); in inference, 2×2 windows of stride 2 without it where the kernels can (about half the
   * time of the gathers).
   */
  @Override
  void forwardPlane(float[] x, int xo, float[] y, int yo, int @Nullable [] argmax) {
    if (argmax == null && plain2x2 && KERNELS.forward2x2(x, xo, width, outHeight, outWidth, y, yo)) {
      return;
    }
    if (argmax == null) {
      KERNELS.forward(x, xo, cells, poolHeight() * poolWidth(), outHeight * outWidth, y, yo);
    } else {
      KERNELS.forward(x, xo, cells, poolHeight() * poolWidth(), outHeight * outWidth, y, yo, argmax);
    }
  }

  /** Windows that do not overlap have different argmax cells: a scatter; others add up. */
  @Override
  void backwardPlane(float[] dy, int yo, float[] dx, int xo, int[] argmax) {
    if (strideHeight() >= poolHeight() && strideWidth() >= poolWidth()) {
      KERNELS.scatter(dy, yo, outHeight * outWidth, argmax, dx, xo);
      return;
    }
    for (int k = yo, end = yo + outHeight * outWidth; k < end; k++) {
      dx[xo + argmax[k]] += dy[k];
    }
  }

  /**
   * The configuration of a {@link MaxPooling2D} layer; {@link #Spec(int, int)} gives Keras'
   * defaults and each method named after a property returns a changed copy.
   *
   * @param poolHeight the window's height, > 0
   * @param poolWidth the window's width, > 0
   * @param strideHeight the step between windows down the image, > 0; Keras' default: the pool height
   * @param strideWidth the step across, > 0; Keras' default: the pool width
   * @param padding {@link Padding#VALID} (default), {@link Padding#SAME} or cells per side,
   *     {@link Padding#of(int, int, int, int)}; not CAUSAL
   * @param ceilMode whether output sizes round up (PyTorch and ONNX {@code ceil_mode}); default false
   */
  public record Spec(int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding,
      boolean ceilMode, @Nullable String name) implements LayerSpec {

    /** A {@code poolHeight × poolWidth} window moved by its own size (Keras: strides default to the pool size), valid padding. */
    public Spec(int poolHeight, int poolWidth) {
      this(poolHeight, poolWidth, poolHeight, poolWidth, Padding.VALID, false, null);
    }

    /** The same stride along both axes. */
    public Spec strides(int stride) {
      return strides(stride, stride);
    }

    public Spec strides(int strideHeight, int strideWidth) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode, name);
    }

    public Spec padding(Padding padding) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, Objects.requireNonNull(padding, "padding"),
          ceilMode, name);
    }

    public Spec ceilMode(boolean ceilMode) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode, name);
    }

    public Spec name(String name) {
      return new Spec(poolHeight, poolWidth, strideHeight, strideWidth, padding, ceilMode,
          Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "max_pooling2d";
    }

    @Override
    public MaxPooling2D create() {
      checkConfig("MaxPooling2D", name, poolHeight, poolWidth, strideHeight, strideWidth, padding);
      return new MaxPooling2D(this);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MaxPooling2D} and {@link AveragePooling2D} share: a window of pool size moved by the
 * strides over each channel of {@code [channels, height, width]} samples, the padding, and the
 * output size. Per axis, with padding {@code before}/{@code after} (resolved from the
 * {@link Padding}: VALID, SAME or cells per side; not CAUSAL), the output size is PyTorch's and
 * ONNX's
 *
 * <pre>
 * out = floor((size + before + after − pool) / stride) + 1            ceilMode false (default)
 * out = ceil((size + before + after − pool) / stride) + 1              ceilMode true, except that a
 *       last window starting in the padding after the image is dropped (PyTorch ceil_mode)
 * </pre>
 *
 * and window i covers cells {@code i·stride − before … i·stride − before + pool − 1}. Each padding
 * must be smaller than the pool size, so that every window covers an input cell. The planes (one
 * channel of one sample) are shared among the worker pool's threads, each computed by one thread,
 * so results are bit-identical for any thread count.
 */
abstract sealed class Pooling2D extends Layer permits MaxPooling2D, AveragePooling2D {
  private final int poolHeight;
  private final int poolWidth;
  private final int strideHeight;
  private final int strideWidth;
  private final Padding padding;
  private final boolean ceilMode;
  int height;
  int width;
  int outHeight;
  int outWidth;
  private int channels;
  /** The cells added [top, bottom, left, right]. */
  int[] pads = new int[4];
  /** Per output row (column): the first and one-past-last input row (column) of its window, clipped to the image. */
  int[] rowFrom = {};
  int[] rowTo = {};
  int[] colFrom = {};
  int[] colTo = {};
  /**
   * Per column b of the window: the outputs j (from, to) whose window has its column b inside the
   * image, at input column {@code j·strideWidth − left + b}. The passes run along these, so their
   * inner loops are as long as an output row, not as a window.
   */
  int[] firstOutput = {};
  int[] endOutput = {};

  Pooling2D(@Nullable String name, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding,
      boolean ceilMode) {
    super(name);
    this.poolHeight = poolHeight;
    this.poolWidth = poolWidth;
    this.strideHeight = strideHeight;
    this.strideWidth = strideWidth;
    this.padding = padding;
    this.ceilMode = ceilMode;
  }

  public final int poolHeight() {
    return poolHeight;
  }

  public final int poolWidth() {
    return poolWidth;
  }

  public final int strideHeight() {
    return strideHeight;
  }

  public final int strideWidth() {
    return strideWidth;
  }

  /** The padding as given: {@link Padding#VALID}, {@link Padding#SAME} or cells per side; {@link #pads()} resolves it. */
  public final Padding padding() {
    return padding;
  }

  /** Whether the output size rounds up (PyTorch and ONNX {@code ceil_mode}). */
  public final boolean ceilMode() {
    return ceilMode;
  }

  /** The cells added {@code [top, bottom, left, right]}, resolved for the input size (after build). */
  public final int[] pads() {
    if (!isBuilt()) {
      throw new IllegalStateException(where() + ": not built yet");
    }
    return pads.clone();
  }

  @Override
  protected final int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects [channels, height, width] samples, but got shape "
          + Arrays.toString(inputShape) + "; channels-last [height, width, channels] data needs Layers.permute(3, 1, 2) first");
    }
    channels = inputShape[0];
    height = inputShape[1];
    width = inputShape[2];
    pads = padding.resolve(new int[] {height, width}, new int[] {poolHeight, poolWidth},
        new int[] {strideHeight, strideWidth}, new int[] {1, 1});
    outHeight = outputSize("height", height, poolHeight, strideHeight, pads[0], pads[1]);
    outWidth = outputSize("width", width, poolWidth, strideWidth, pads[2], pads[3]);
    rowFrom = new int[outHeight];
    rowTo = new int[outHeight];
    windows(rowFrom, rowTo, strideHeight, pads[0], poolHeight, height);
    colFrom = new int[outWidth];
    colTo = new int[outWidth];
    windows(colFrom, colTo, strideWidth, pads[2], poolWidth, width);
    firstOutput = new int[poolWidth];
    endOutput = new int[poolWidth];
    for (int b = 0; b < poolWidth; b++) {
      firstOutput[b] = outWidth;
      for (int j = outWidth - 1; j >= 0; j--) {
        int column = j * strideWidth - pads[2] + b;
        if (column >= 0 && column < width) {
          firstOutput[b] = j;
          endOutput[b] = Math.max(endOutput[b], j + 1);
        }
      }
      endOutput[b] = Math.max(endOutput[b], firstOutput[b]);
    }
    geometryReady();
    return new int[] {channels, outHeight, outWidth};
  }

  /** Called at the end of build, once the padding and the window bounds are set: for tables of the layer's own. */
  void geometryReady() {}

  private int outputSize(String axis, int size, int window, int stride, int before, int after) {
    if (before >= window || after >= window) {
      throw new IllegalArgumentException(where() + ": padding must be smaller than the pool size, so that every window "
          + "covers an input cell, but the " + axis + " has pool size " + window + " and padding " + before + " before, "
          + after + " after");
    }
    int span = size + before + after - window;
    if (span < 0) {
      throw new IllegalArgumentException(where() + ": the pool size " + window + " must fit the " + axis + " " + size
          + " plus padding " + (before + after) + ", but does not");
    }
    int out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceilMode && (out - 1) * stride >= size + before) {
      out--; // the last window would start in the padding after the image (PyTorch)
    }
    return out;
  }

  private static void windows(int[] from, int[] to, int stride, int before, int window, int size) {
    for (int i = 0; i < from.length; i++) {
      int start = i * stride - before;
      from[i] = Math.max(start, 0);
      to[i] = Math.min(start + window, size);
    }
  }

  /** What a frame keeps: the arrays of the current pass and, for max pooling, the argmax of each output. */
  final class Scratch extends PlaneTask {
    private static final float[] NONE = {};
    float[] in = NONE;
    float[] out = NONE;
    int[] argmax = new int[0];
    boolean backward;
    /** Whether the forward pass records the argmax; and whether the latest one did. */
    boolean keep;
    boolean argmaxCurrent;

    void pass(boolean backward, float[] in, float[] out, int samples, boolean keep) {
      int planes = samples * channels;
      if (keep && argmax.length < planes * outHeight * outWidth) {
        argmax = new int[planes * outHeight * outWidth]; // grows with the batch, then is reused
      }
      this.backward = backward;
      this.keep = keep;
      this.in = in;
      this.out = out;
      runPlanes(planes, (long) planes * (height * width + outHeight * outWidth));
      this.in = this.out = NONE;
    }

    @Override
    void plane(int p, int part) {
      int x = p * height * width;
      int y = p * outHeight * outWidth;
      if (backward) {
        Arrays.fill(out, x, x + height * width, 0f);
        backwardPlane(in, y, out, x, argmax);
      } else {
        forwardPlane(in, x, out, y, keep ? argmax : null);
      }
    }
  }

  private final Supplier<Scratch> newScratch = Scratch::new;

  /** Max pooling records its argmax in training only; after an inference pass, backward finds it again. */
  @Override
  public final Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Matrix y = f.output(x.rows(), channels * outHeight * outWidth);
    Scratch s = f.state(newScratch);
    s.argmaxCurrent = keepsArgmax() && mode == Mode.TRAIN;
    s.pass(false, x.data(), y.data(), x.rows(), s.argmaxCurrent);
    return y;
  }

  @Override
  public final void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      Scratch s = f.state(newScratch);
      if (keepsArgmax() && !s.argmaxCurrent) { // after an inference pass (saliency maps): the same outputs again
        Matrix x = f.input();
        s.pass(false, x.data(), f.output(x.rows(), channels * outHeight * outWidth).data(), x.rows(), true);
        s.argmaxCurrent = true;
      }
      s.pass(true, dy.data(), f.inputGradient().data(), dy.rows(), false);
    }
  }

  /** Whether the layer records the argmax of every output for backward. */
  abstract boolean keepsArgmax();

  /**
   * The outputs of the plane of x starting at {@code xo} into y from {@code yo}, and their argmax
   * (same offsets as y) unless null.
   */
  abstract void forwardPlane(float[] x, int xo, float[] y, int yo, int @Nullable [] argmax);

  /** Adds the plane of dy starting at {@code yo} into the zeroed plane of dx starting at {@code xo}. */
  abstract void backwardPlane(float[] dy, int yo, float[] dx, int xo, int[] argmax);

  /**
   * @throws IllegalArgumentException naming the layer, unless the pool sizes and strides are > 0
   *     and the padding is given and fits 2-D layers (not CAUSAL, not 1-D cells)
   */
  static void checkConfig(String type, @Nullable String name, int poolHeight, int poolWidth, int strideHeight,
      int strideWidth, @Nullable Padding padding) {
    String where = type + "(name=" + label(name) + "): ";
    if (poolHeight <= 0 || poolWidth <= 0) {
      throw new IllegalArgumentException(where + "pool size must be > 0, but was " + poolHeight + "x" + poolWidth);
    }
    if (strideHeight <= 0 || strideWidth <= 0) {
      throw new IllegalArgumentException(where + "strides must be > 0, but were " + strideHeight + "x" + strideWidth);
    }
    if (padding == null) {
      throw new IllegalArgumentException(where + "padding must be given (Padding.VALID, SAME or of(...)), but was null");
    }
    padding.checkRank(where, 2);
  }
}

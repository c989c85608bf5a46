package dev.lamina.layers;

import java.util.Objects;

/**
 * How a layer that slides a window over {@code [channels, height, width]} images pads them:
 * Keras' {@code "valid"} (no padding) and {@code "same"}, or explicit cells per side (PyTorch's
 * {@code padding}, ONNX's {@code pads}).
 *
 * <ul>
 *   <li>{@link #VALID}: windows lie inside the image.
 *   <li>{@link #SAME}: Keras and TensorFlow's {@code "same"}: ceil(size / stride) outputs per axis,
 *       with {@code max((out − 1)·stride + window − size, 0)} cells added, half before and the odd
 *       one after (bottom, right), as ONNX {@code auto_pad=SAME_UPPER}. PyTorch's symmetric
 *       padding cannot always express it.
 *   <li>{@link #of(int, int, int, int)}: explicit cells per side; {@link #of(int, int)} the same on
 *       both sides of an axis, as PyTorch's {@code padding=(h, w)}.
 * </ul>
 *
 * <pre>{@code
 * Layers.maxPooling2d(3).strides(2).padding(Padding2D.of(1, 1))   // torch MaxPool2d(3, 2, padding=1)
 * Layers.averagePooling2d(2).padding(Padding2D.SAME)               // Keras AveragePooling2D(2, padding="same")
 * }</pre>
 *
 * @param kind valid, same or explicit
 * @param top cells added above (explicit padding only, else 0)
 * @param bottom cells added below
 * @param left cells added on the left
 * @param right cells added on the right
 */
public record Padding2D(Kind kind, int top, int bottom, int left, int right) {
  /** No padding (Keras {@code "valid"}). */
  public static final Padding2D VALID = new Padding2D(Kind.VALID, 0, 0, 0, 0);
  /** Keras' {@code "same"}: ceil(size / stride) outputs, the odd padded cell after. */
  public static final Padding2D SAME = new Padding2D(Kind.SAME, 0, 0, 0, 0);

  /** The three ways to pad. */
  public enum Kind {
    VALID, SAME, EXPLICIT
  }

  /**
   * @throws IllegalArgumentException if a side is negative, or sizes are given for VALID or SAME
   */
  public Padding2D {
    Objects.requireNonNull(kind, "kind");
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("Padding2D: padding must be >= 0 on every side, but was top=" + top
          + ", bottom=" + bottom + ", left=" + left + ", right=" + right);
    }
    if (kind != Kind.EXPLICIT && (top != 0 || bottom != 0 || left != 0 || right != 0)) {
      throw new IllegalArgumentException("Padding2D: " + kind + " padding takes no sizes, but was given top=" + top
          + ", bottom=" + bottom + ", left=" + left + ", right=" + right + "; use Padding2D.of(top, bottom, left, right)");
    }
  }

  /** Explicit cells per side (ONNX {@code pads} = [top, left, bottom, right]). */
  public static Padding2D of(int top, int bottom, int left, int right) {
    return new Padding2D(Kind.EXPLICIT, top, bottom, left, right);
  }

  /** {@code height} cells above and below, {@code width} left and right (PyTorch {@code padding=(h, w)}). */
  public static Padding2D of(int height, int width) {
    return of(height, height, width, width);
  }

  /**
   * The cells {@code [top, bottom, left, right]} for an image of {@code height × width} and a
   * window of {@code windowHeight × windowWidth} cells moved by the strides.
   */
  int[] resolve(int height, int width, int windowHeight, int windowWidth, int strideHeight, int strideWidth) {
    return switch (kind) {
      case VALID -> new int[4];
      case EXPLICIT -> new int[] {top, bottom, left, right};
      case SAME -> {
        int[] h = same(height, windowHeight, strideHeight);
        int[] w = same(width, windowWidth, strideWidth);
        yield new int[] {h[0], h[1], w[0], w[1]};
      }
    };
  }

  /** Keras' same padding along one axis: {@code [before, after]}, the odd cell after. */
  private static int[] same(int size, int window, int stride) {
    int out = (size + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + window - size, 0);
    return new int[] {total / 2, total - total / 2};
  }

  @Override
  public String toString() {
    return switch (kind) {
      case VALID -> "valid";
      case SAME -> "same";
      case EXPLICIT -> "(top=" + top + ", bottom=" + bottom + ", left=" + left + ", right=" + right + ")";
    };
  }
}

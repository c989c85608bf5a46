// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a layer that slides a window over its input pads that input: the one padding value of every
 * windowed layer ({@link Conv1D}, {@link Conv2D}, {@link DepthwiseConv2D}, {@link SeparableConv2D},
 * {@link MaxPooling2D}, {@link AveragePooling2D}). Keras' {@code padding="valid"}, {@code "same"}
 * and {@code "causal"}, or cells given per side, as PyTorch's {@code padding} and ONNX's
 * {@code pads}. Convolutions pad with zeros; what a padded cell means to a pooling layer its class
 * says (−∞ for max pooling, nothing added for average pooling).
 *
 * <p>Per spatial axis of input size {@code in}, window size k (the kernel or the pool), stride s
 * and dilation d (1 for pooling), the dilated window spans {@code (k − 1)·d + 1} cells:
 *
 * <ul>
 *   <li>{@link #VALID}: no padding, windows lie inside the input;
 *       {@code out = floor((in − (k − 1)·d − 1) / s) + 1}. Keras' default.
 *   <li>{@link #SAME}: Keras' (and TensorFlow's) {@code "same"}: {@code out = ceil(in / s)}, with
 *       {@code total = max((out − 1)·s + (k − 1)·d + 1 − in, 0)} cells, {@code total / 2} before
 *       and the rest after, so an odd total puts the extra cell at the bottom or right (ONNX
 *       {@code auto_pad=SAME_UPPER}; {@code SAME_LOWER} would put it first). Allowed with strides
 *       above 1 and with dilation. PyTorch's {@code padding='same'} refuses strides above 1 and
 *       puts the extra cell on the right too; its symmetric integer padding cannot express an odd
 *       total, so importing one needs {@link #of(int, int, int, int)}.
 *   <li>{@link #CAUSAL}: Keras' {@code "causal"}, 1-D only ({@link Conv1D}): {@code (k − 1)·d}
 *       cells before, none after, so output t sees inputs up to t only. PyTorch and ONNX have no
 *       such mode: they pad the left explicitly, {@code of1d((k − 1)·d, 0)}.
 *   <li>explicit cells per side ({@link Kind#EXPLICIT}), as PyTorch's {@code padding} and ONNX's
 *       {@code pads} (with {@code auto_pad=NOTSET}): {@link #of(int, int, int, int)} for 2-D layers
 *       (ONNX {@code pads} = [top, left, bottom, right]; Keras {@code ZeroPadding2D(((top, bottom),
 *       (left, right)))}; PyTorch's {@code F.pad} takes (left, right, top, bottom)),
 *       {@link #of(int, int)} for the same on both sides of each axis (PyTorch's
 *       {@code padding=(h, w)}), {@link #of1d(int, int)} for 1-D layers (ONNX {@code pads} =
 *       [left, right]). Explicit sizes are for one rank: a layer of another rank rejects them when
 *       it is created.
 * </ul>
 *
 * <pre>{@code
 * Layers.conv2d(32, 3).padding(Padding.SAME)                          // Keras Conv2D(32, 3, padding="same")
 * Layers.conv1d(16, 3).padding(Padding.CAUSAL).dilationRate(2)        // Keras Conv1D(16, 3, padding="causal", dilation_rate=2)
 * Layers.maxPooling2d(3).strides(2).padding(Padding.of(1, 1))         // torch MaxPool2d(3, 2, padding=1)
 * Layers.conv2d(8, 3).strides(2).padding(Padding.of(0, 1, 0, 1))      // TF "same" on 8×8 as explicit pads
 * }</pre>
 *
 * @param kind valid, same, causal or explicit
 * @param rank the number of spatial axes the explicit sizes are for: 1 ({@code left, right}) or 2
 *     ({@code top, bottom, left, right}); 0 for the other kinds, which fit any rank
 * @param top cells added above (2-D explicit padding only, else 0)
 * @param bottom cells added below (2-D explicit padding only, else 0)
 * @param left cells added on the left, or before a 1-D sequence (explicit padding only, else 0)
 * @param right cells added on the right, or after a 1-D sequence (explicit padding only, else 0)
 */
public record Padding(Kind kind, int rank, int top, int bottom, int left, int right) {
  /** No padding (Keras {@code "valid"}, the default of every windowed layer). */
  public static final Padding VALID = new Padding(Kind.VALID, 0, 0, 0, 0, 0);
  /** Keras' {@code "same"}: ceil(in / stride) outputs, an odd total's extra cell after (ONNX SAME_UPPER). */
  public static final Padding SAME = new Padding(Kind.SAME, 0, 0, 0, 0, 0);
  /** Keras' {@code "causal"} (1-D only): all (k − 1)·d cells before the input. */
  public static final Padding CAUSAL = new Padding(Kind.CAUSAL, 0, 0, 0, 0, 0);

  /** The ways to pad: computed from the window ({@code VALID}, {@code SAME}, {@code CAUSAL}) or given per side. */
  public enum Kind {
    VALID, SAME, CAUSAL, EXPLICIT
  }

  /**
   * @throws IllegalArgumentException if a size is negative, if sizes are given for VALID, SAME or
   *     CAUSAL, if explicit sizes are not for rank 1 or 2, or if 1-D sizes have a top or bottom
   */
  public Padding {
    Objects.requireNonNull(kind, "kind");
    nonNegative("top", top);
    nonNegative("bottom", bottom);
    nonNegative("left", left);
    nonNegative("right", right);
    if (kind != Kind.EXPLICIT && (rank != 0 || top != 0 || bottom != 0 || left != 0 || right != 0)) {
      throw new IllegalArgumentException("Padding: " + kind + " padding takes no sizes, but was given rank=" + rank
          + ", top=" + top + ", bottom=" + bottom + ", left=" + left + ", right=" + right
          + "; use Padding.of(top, bottom, left, right) or Padding.of1d(left, right)");
    }
    if (kind == Kind.EXPLICIT && rank != 1 && rank != 2) {
      throw new IllegalArgumentException("Padding: explicit padding is for rank 1 (left, right) or 2 (top, bottom, left,"
          + " right), but rank was " + rank);
    }
    if (rank == 1 && (top != 0 || bottom != 0)) {
      throw new IllegalArgumentException("Padding: 1-D padding has only left and right, but was given top=" + top
          + ", bottom=" + bottom + "; use Padding.of(top, bottom, left, right) for 2-D layers");
    }
  }

  private static void nonNegative(String side, int cells) {
    if (cells < 0) {
      throw new IllegalArgumentException("Padding: " + side + " must be >= 0, but was " + cells);
    }
  }

  /**
   * Explicit cells per side of a 2-D layer, each ≥ 0 (ONNX {@code pads} = [top, left, bottom, right]).
   *
   * @throws IllegalArgumentException naming the side, if one is negative
   */
  public static Padding of(int top, int bottom, int left, int right) {
    return new Padding(Kind.EXPLICIT, 2, top, bottom, left, right);
  }

  /**
   * {@code height} cells above and below, {@code width} left and right, each ≥ 0 (PyTorch's
   * {@code padding=(h, w)}; {@code padding=p} is {@code of(p, p)}).
   *
   * @throws IllegalArgumentException naming the side, if one is negative
   */
  public static Padding of(int height, int width) {
    return of(height, height, width, width);
  }

  /**
   * Explicit cells before ({@code left}) and after ({@code right}) the sequence of a 1-D layer, each
   * ≥ 0 (ONNX {@code pads} = [left, right]; PyTorch's {@code padding=p} is {@code of1d(p, p)}).
   *
   * @throws IllegalArgumentException naming the side, if one is negative
   */
  public static Padding of1d(int left, int right) {
    return new Padding(Kind.EXPLICIT, 1, 0, 0, left, right);
  }

  /**
   * The cells added before and after each spatial axis of an input of {@code size}, for a window of
   * {@code window} cells moved by {@code strides} with {@code dilation} (all four of the layer's
   * rank, 1 or 2): {@code {left, right}} for 1-D, {@code {top, bottom, left, right}} for 2-D. An
   * explicit padding gives its sizes; the others compute them as the class documentation says.
   *
   * <pre>{@code
   * Padding.SAME.resolve(new int[] {8, 8}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1})   // {0, 1, 0, 1}
   * }</pre>
   *
   * @param size the input's spatial sizes, {@code {length}} or {@code {height, width}}
   * @param window the kernel's or the pool's sizes
   * @param strides the steps between windows, each > 0
   * @param dilation the spacing of the window's taps, each > 0 (1 for pooling)
   * @return a new array of 2 · rank sizes, each ≥ 0
   * @throws IllegalArgumentException if the four arrays are not all of length 1 or all of length 2,
   *     or this padding does not fit that rank (CAUSAL in 2-D, explicit sizes of the other rank)
   */
  public int[] resolve(int[] size, int[] window, int[] strides, int[] dilation) {
    int axes = size.length;
    if (axes < 1 || axes > 2 || window.length != axes || strides.length != axes || dilation.length != axes) {
      throw new IllegalArgumentException("Padding.resolve: size, window, strides and dilation must all have 1 or all 2"
          + " axes, but had " + Arrays.toString(new int[] {axes, window.length, strides.length, dilation.length}));
    }
    checkRank("Padding.resolve: ", axes);
    if (kind == Kind.EXPLICIT) {
      return axes == 1 ? new int[] {left, right} : new int[] {top, bottom, left, right};
    }
    int[] pads = new int[2 * axes];
    for (int i = 0; i < axes; i++) {
      int span = (window[i] - 1) * dilation[i] + 1;
      if (kind == Kind.SAME) {
        int out = (size[i] + strides[i] - 1) / strides[i];
        int total = Math.max((out - 1) * strides[i] + span - size[i], 0);
        pads[2 * i] = total / 2;
        pads[2 * i + 1] = total - total / 2;
      } else if (kind == Kind.CAUSAL) {
        pads[2 * i] = span - 1;
      }
    }
    return pads;
  }

  /**
   * Checks that this padding fits a layer of {@code rank} spatial axes: CAUSAL for 1-D only,
   * explicit sizes of that rank.
   *
   * @param where the message's prefix naming the layer, {@code "Conv2D(name=c): "}
   * @throws IllegalArgumentException starting with {@code where} if it does not
   */
  void checkRank(String where, int rank) {
    if (kind == Kind.CAUSAL && rank != 1) {
      throw new IllegalArgumentException(where + "padding CAUSAL is for 1-D convolutions (Conv1D) only");
    }
    if (kind == Kind.EXPLICIT && this.rank != rank) {
      throw new IllegalArgumentException(where + "padding must be " + rank + "-D "
          + (rank == 1 ? "(left, right)" : "(top, bottom, left, right)") + ", but was " + this.rank + "-D " + this
          + "; use " + (rank == 1 ? "Padding.of1d(left, right)" : "Padding.of(top, bottom, left, right)"));
    }
  }

  /** {@code valid}, {@code same}, {@code causal}, {@code (top=…, bottom=…, left=…, right=…)} or {@code (left=…, right=…)}. */
  @Override
  public String toString() {
    return switch (kind) {
      case VALID -> "valid";
      case SAME -> "same";
      case CAUSAL -> "causal";
      case EXPLICIT -> rank == 1 ? "(left=" + left + ", right=" + right + ")"
          : "(top=" + top + ", bottom=" + bottom + ", left=" + left + ", right=" + right + ")";
    };
  }
}

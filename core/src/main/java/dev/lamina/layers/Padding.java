package dev.lamina.layers;

/**
 * How a convolution pads its input with zeros (Keras {@code padding}), per spatial axis of input
 * size {@code in}, kernel size k, stride s and dilation d (the dilated kernel spans
 * {@code (k − 1)·d + 1} cells):
 *
 * <ul>
 *   <li>{@link #VALID}: no padding; {@code out = floor((in − (k − 1)·d − 1) / s) + 1}.
 *   <li>{@link #SAME}: Keras' (and TensorFlow's) {@code "same"}: {@code out = ceil(in / s)}, with
 *       {@code total = max((out − 1)·s + (k − 1)·d + 1 − in, 0)} zeros, {@code total / 2} before
 *       and the rest after, so an odd total puts the extra zero at the bottom or right (ONNX
 *       {@code auto_pad=SAME_UPPER}). Allowed with strides above 1 and with dilation. PyTorch's
 *       {@code padding='same'} refuses strides above 1 and puts the extra zero on the right too;
 *       its symmetric integer padding cannot express an odd total.
 *   <li>{@link #CAUSAL}: 1-D only ({@code Conv1D}): {@code (k − 1)·d} zeros before, none after,
 *       so output t sees inputs up to t only.
 *   <li>{@link #EXPLICIT}: zeros given per side, as PyTorch's {@code padding} and ONNX's
 *       {@code pads}; reported by layers made with {@code padding(top, bottom, left, right)} and
 *       never given by itself.
 * </ul>
 */
public enum Padding {
  /** No padding (Keras {@code "valid"}, the default). */
  VALID,
  /** Keras {@code "same"}: ceil(in / stride) outputs, an odd total's extra zero at the end. */
  SAME,
  /** Keras {@code "causal"} (1-D only): all zeros before the input. */
  CAUSAL,
  /** Zeros given per side. */
  EXPLICIT;

  /**
   * The zeros before and after an axis of size {@code in} for this padding (not EXPLICIT).
   *
   * @return {@code {before, after}}
   */
  int[] pads(int in, int kernel, int stride, int dilation) {
    int span = (kernel - 1) * dilation + 1;
    return switch (this) {
      case VALID -> new int[] {0, 0};
      case SAME -> {
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + span - in, 0);
        yield new int[] {total / 2, total - total / 2};
      }
      case CAUSAL -> new int[] {span - 1, 0};
      case EXPLICIT -> throw new IllegalStateException("explicit pads are given, not computed");
    };
  }

  /**
   * The zeros {top, bottom, left, right} of a 2-D convolution: {@code explicit} when given, else
   * this padding's per axis for an input of height × width.
   */
  int[] pads(int @org.jspecify.annotations.Nullable [] explicit, int height, int width, int[] kernel, int[] strides,
      int[] dilation) {
    if (explicit != null) {
      return explicit.clone();
    }
    int[] vertical = pads(height, kernel[0], strides[0], dilation[0]);
    int[] horizontal = pads(width, kernel[1], strides[1], dilation[1]);
    return new int[] {vertical[0], vertical[1], horizontal[0], horizontal[1]};
  }
}

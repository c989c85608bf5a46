// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.Padding;
import dev.lamina.layers.SeparableConv2D;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The padding of windowed layers (convolutions and pooling) between ONNX and Lamina: ONNX
 * {@code pads} ([all begins, all ends]: {@code [top, left, bottom, right]} in 2-D,
 * {@code [left, right]} in 1-D) and {@code auto_pad}, Lamina's cells per side ({@code {top,
 * bottom, left, right}}, {@code {left, right}}) and its padding kinds (Keras' {@code same} and
 * {@code causal}, which an export keeps in metadata_props so that Lamina's import gives them back).
 * Every use of Lamina's padding types by the ONNX mappings is here.
 */
final class WindowPads {
  /** The metadata key of a layer's padding kind, written when it is not explicit or valid. */
  static final String KEY = "padding";

  private WindowPads() {}

  /** ONNX {@code pads} [top, left, bottom, right] from Lamina's {top, bottom, left, right}, or [left, right] from {left, right}. */
  static long[] onnx(int[] pads) {
    if (pads.length == 2) {
      return new long[] {pads[0], pads[1]};
    }
    return new long[] {pads[0], pads[2], pads[1], pads[3]};
  }

  /** Lamina's {top, bottom, left, right} (or {left, right}) from ONNX {@code pads} of {@code axes} spatial axes. */
  static int[] lamina(long[] onnx, int axes) {
    return axes == 1 ? new int[] {(int) onnx[0], (int) onnx[1]}
        : new int[] {(int) onnx[0], (int) onnx[2], (int) onnx[1], (int) onnx[3]};
  }

  /** The metadata value of a layer's padding: "same" or "causal", or null (valid or explicit). */
  static @Nullable String kind(Padding p) {
    return p.kind() == Padding.Kind.SAME ? "same" : p.kind() == Padding.Kind.CAUSAL ? "causal" : null;
  }

  /**
   * The cells {before, after} that Keras' {@code same} (ONNX {@code SAME_UPPER}; {@code upper}
   * false: {@code SAME_LOWER}, the odd cell first) adds to an axis of {@code in} cells.
   */
  static int[] same(int in, int kernel, int stride, int dilation, boolean upper) {
    int span = (kernel - 1) * dilation + 1;
    int out = (in + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + span - in, 0);
    return upper ? new int[] {total / 2, total - total / 2} : new int[] {total - total / 2, total / 2};
  }

  /** Keras' {@code same} cells per side ({top, bottom, left, right} or {left, right}) for these spatial sizes. */
  static int[] same(int[] size, int[] kernel, int[] strides, int[] dilations) {
    if (size.length == 1) {
      return same(size[0], kernel[0], strides[0], dilations[0], true);
    }
    int[] v = same(size[0], kernel[0], strides[0], dilations[0], true);
    int[] h = same(size[1], kernel[1], strides[1], dilations[1], true);
    return new int[] {v[0], v[1], h[0], h[1]};
  }

  /** The causal cells {(k − 1)·d, 0} of a 1-D convolution. */
  static int[] causal(int kernel, int dilation) {
    return new int[] {(kernel - 1) * dilation, 0};
  }

  /**
   * How an imported window pads: Keras' same (from {@code auto_pad=SAME_UPPER}, or Lamina's
   * metadata when the pads agree), causal (metadata), or cells per side (none: valid).
   *
   * @param cells {top, bottom, left, right} or {left, right}
   */
  record Pads(int[] cells, boolean same, boolean causal) {
    boolean none() {
      return Arrays.stream(cells).allMatch(p -> p == 0);
    }

    /** These pads with {@code extra} (a folded Pad node) added: explicit. */
    Pads plus(int[] extra) {
      int[] sum = cells.clone();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += extra[i];
      }
      return new Pads(sum, false, false);
    }
  }

  static Conv2D.Builder apply(Conv2D.Builder b, Pads p) {
    return p.same ? b.padding(Padding.SAME) : p.none() ? b.padding(Padding.VALID)
        : b.padding(p.cells[0], p.cells[1], p.cells[2], p.cells[3]);
  }

  static DepthwiseConv2D.Builder apply(DepthwiseConv2D.Builder b, Pads p) {
    return p.same ? b.padding(Padding.SAME) : p.none() ? b.padding(Padding.VALID)
        : b.padding(p.cells[0], p.cells[1], p.cells[2], p.cells[3]);
  }

  static SeparableConv2D.Builder apply(SeparableConv2D.Builder b, Pads p) {
    return p.same ? b.padding(Padding.SAME) : p.none() ? b.padding(Padding.VALID)
        : b.padding(p.cells[0], p.cells[1], p.cells[2], p.cells[3]);
  }

  static Conv1D.Builder apply(Conv1D.Builder b, Pads p) {
    return p.same ? b.padding(Padding.SAME) : p.causal ? b.padding(Padding.CAUSAL) : p.none() ? b.padding(Padding.VALID)
        : b.padding(p.cells[0], p.cells[1]);
  }

  /** A pooling layer's padding. */
  static Padding pooling(Pads p) {
    return p.same ? Padding.SAME : p.none() ? Padding.VALID : Padding.of(p.cells[0], p.cells[1], p.cells[2],
        p.cells[3]);
  }

  /**
   * The padding of a Conv, MaxPool or AveragePool node over an input of {@code size} spatial cells:
   * {@code auto_pad} NOTSET (the {@code pads} attribute, zeros by default), VALID, SAME_UPPER
   * (Keras' same) or SAME_LOWER (the odd cell first, as explicit cells). Lamina's own export of a
   * same or causal layer ({@code metadata} {@value #KEY}) gets that kind back when the pads agree.
   *
   * @throws OnnxImportException for another auto_pad, pads of the wrong length or negative pads
   */
  static Pads read(NodeProto n, ImportContext c, int[] size, int[] kernel, int[] strides, int[] dilations) {
    int axes = size.length;
    String auto = Attributes.stringOr(n, "auto_pad", "NOTSET");
    switch (auto) {
      case "VALID" -> {
        return new Pads(new int[2 * axes], false, false);
      }
      case "SAME_UPPER" -> {
        return new Pads(same(size, kernel, strides, dilations), true, false);
      }
      case "SAME_LOWER" -> {
        int[] cells = new int[2 * axes];
        for (int a = 0; a < axes; a++) {
          int[] lower = same(size[a], kernel[a], strides[a], dilations[a], false);
          cells[2 * a] = lower[0];
          cells[2 * a + 1] = lower[1];
        }
        return new Pads(cells, false, false);
      }
      case "NOTSET", "" -> {
        long[] pads = Attributes.intsOr(n, "pads", new long[2 * axes]);
        if (pads.length != 2 * axes) {
          throw c.error(n, "pads " + Arrays.toString(pads) + " must hold " + 2 * axes + " values (begins, then ends) for "
              + axes + " spatial axes");
        }
        for (long p : pads) {
          if (p < 0 || p > Integer.MAX_VALUE / 4) {
            throw c.error(n, "pads " + Arrays.toString(pads) + ": Lamina pads with 0 or more cells per side (negative "
                + "pads crop, which it does not support)");
          }
        }
        int[] cells = lamina(pads, axes);
        String kind = c.metadata.layer(n.getName()).get(KEY);
        boolean same = "same".equals(kind) && Arrays.equals(cells, same(size, kernel, strides, dilations));
        boolean causal = "causal".equals(kind) && axes == 1 && Arrays.equals(cells, causal(kernel[0], dilations[0]));
        return new Pads(cells, same, causal);
      }
      default -> throw c.error(n, "auto_pad '" + auto + "'; Lamina supports NOTSET (explicit pads), VALID, SAME_UPPER "
          + "and SAME_LOWER");
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The largest value of each channel of {@code [channels, height, width]} samples (Keras
 * {@code GlobalMaxPooling2D}, PyTorch {@code AdaptiveMaxPool2d(1)}, ONNX {@code GlobalMaxPool}):
 *
 * <pre>
 * y[c] = max over h, w of x[c, h, w],      dx[c, h, w] = dy[c] at the argmax of channel c, 0 elsewhere
 * </pre>
 *
 * The forward pass keeps each plane's argmax in the frame; ties go to the first cell (row by row)
 * and a NaN wins, as in {@link MaxPooling2D}. Output {@code [channels]}, or
 * {@code [channels, 1, 1]} with {@code keepdims}.
 *
 * <pre>{@code
 * Layers.globalMaxPooling2d()
 * }</pre>
 */
public final class GlobalMaxPooling2D extends GlobalPooling2D {

  private GlobalMaxPooling2D(@Nullable String name, boolean keepdims) {
    super(name, keepdims);
  }

  @Override
  public String type() {
    return "GlobalMaxPooling2D";
  }

  @Override
  public Spec spec() {
    return new Spec(keepdims(), name());
  }

  @Override
  int forwardPlane(float[] x, int from, float[] y, int p) {
    float best = Float.NEGATIVE_INFINITY;
    int at = 0;
    for (int k = 0; k < area; k++) {
      float v = x[from + k];
      if (v > best || v != v) { // the first maximum; NaN wins (PyTorch)
        best = v;
        at = k;
      }
    }
    y[p] = best;
    return at;
  }

  @Override
  void backwardPlane(float g, float[] dx, int from, int argmax) {
    Arrays.fill(dx, from, from + area, 0f);
    dx[from + argmax] = g;
  }

  /**
   * The configuration of a {@link GlobalMaxPooling2D} layer.
   *
   * @param keepdims whether the output is {@code [channels, 1, 1]} instead of {@code [channels]}; default false (Keras)
   */
  public record Spec(boolean keepdims, @Nullable String name) implements LayerSpec {
    /** Keras' default: output {@code [channels]}. */
    public Spec() {
      this(false, null);
    }

    public Spec keepdims(boolean keepdims) {
      return new Spec(keepdims, name);
    }

    public Spec name(String name) {
      return new Spec(keepdims, Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "global_max_pooling2d";
    }

    @Override
    public GlobalMaxPooling2D create() {
      return new GlobalMaxPooling2D(name, keepdims);
    }
  }
}

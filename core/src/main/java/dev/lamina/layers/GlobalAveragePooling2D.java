// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The mean of each channel of {@code [channels, height, width]} samples (Keras
 * {@code GlobalAveragePooling2D}, PyTorch {@code AdaptiveAvgPool2d(1)}, ONNX
 * {@code GlobalAveragePool}):
 *
 * <pre>
 * y[c] = Σ x[c, h, w] / (height · width),      dx[c, h, w] = dy[c] / (height · width)
 * </pre>
 *
 * summed in double. Output {@code [channels]}, or {@code [channels, 1, 1]} with {@code keepdims}
 * (Keras {@code keepdims=True}; ONNX's shape), as squeeze-and-excitation needs.
 *
 * <pre>{@code
 * Layers.globalAveragePooling2d()                        // [C, H, W] → [C], before the classifier
 * Layers.globalAveragePooling2d().keepdims(true)         // [C, H, W] → [C, 1, 1]
 * }</pre>
 */
public final class GlobalAveragePooling2D extends GlobalPooling2D {

  private GlobalAveragePooling2D(@Nullable String name, boolean keepdims) {
    super(name, keepdims);
  }

  @Override
  public String type() {
    return "GlobalAveragePooling2D";
  }

  @Override
  public Spec spec() {
    return new Spec(keepdims(), name());
  }

  @Override
  int forwardPlane(float[] x, int from, float[] y, int p) {
    double sum = 0;
    for (int k = from, end = from + area; k < end; k++) {
      sum += x[k];
    }
    y[p] = (float) (sum / area);
    return 0;
  }

  @Override
  void backwardPlane(float g, float[] dx, int from, int argmax) {
    Arrays.fill(dx, from, from + area, g / area);
  }

  /**
   * The configuration of a {@link GlobalAveragePooling2D} layer.
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
      return "global_average_pooling2d";
    }

    @Override
    public GlobalAveragePooling2D create() {
      return new GlobalAveragePooling2D(name, keepdims);
    }
  }
}

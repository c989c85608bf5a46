// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Adds rows and columns of zeros around each channel of {@code [channels, height, width]} samples
 * (Keras {@code ZeroPadding2D}, PyTorch {@code ZeroPad2d}, ONNX {@code Pad} in constant mode): the
 * output is {@code [channels, top + height + bottom, left + width + right]}, and the input
 * gradient is the output gradient without the padded border.
 *
 * <pre>{@code
 * Layers.zeroPadding2d(1)               // one cell on every side (Keras ZeroPadding2D(1))
 * Layers.zeroPadding2d(0, 1, 0, 1)      // top, bottom, left, right: Keras ((0, 1), (0, 1))
 * }</pre>
 */
public final class ZeroPadding2D extends PlaneMapping {
  private final Spec config;

  private ZeroPadding2D(Spec config) {
    super(config.name);
    this.config = config;
  }

  public int top() {
    return config.top;
  }

  public int bottom() {
    return config.bottom;
  }

  public int left() {
    return config.left;
  }

  public int right() {
    return config.right;
  }

  @Override
  public String type() {
    return "ZeroPadding2D";
  }

  @Override
  public Spec spec() {
    return config.name(name());
  }

  @Override
  int[] outputPlane(int height, int width) {
    return new int[] {config.top + height + config.bottom, config.left + width + config.right};
  }

  /** Forward, the zeroed plane with the input's rows copied in; backward, those rows copied out. */
  @Override
  void plane(int p, float[] in, float[] out, boolean backward) {
    int x = p * height * width;
    int y = p * outHeight * outWidth + config.top * outWidth + config.left;
    if (!backward) {
      Arrays.fill(out, p * outHeight * outWidth, (p + 1) * outHeight * outWidth, 0f);
    }
    for (int r = 0; r < height; r++, x += width, y += outWidth) {
      if (backward) {
        System.arraycopy(in, y, out, x, width);
      } else {
        System.arraycopy(in, x, out, y, width);
      }
    }
  }

  /**
   * The configuration of a {@link ZeroPadding2D} layer: the rows and columns of zeros added on each side, each ≥ 0.
   */
  public record Spec(int top, int bottom, int left, int right, @Nullable String name) implements LayerSpec {
    /** {@code padding} cells on every side (Keras {@code ZeroPadding2D(padding)}). */
    public Spec(int padding) {
      this(padding, padding, padding, padding, null);
    }

    public Spec name(String name) {
      return new Spec(top, bottom, left, right, Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "zero_padding2d";
    }

    @Override
    public ZeroPadding2D create() {
      if (top < 0 || bottom < 0 || left < 0 || right < 0) {
        throw new IllegalArgumentException("ZeroPadding2D(name=" + Layer.label(name) + "): padding must be >= 0 on every "
            + "side, but was top=" + top + ", bottom=" + bottom + ", left=" + left + ", right=" + right);
      }
      return new ZeroPadding2D(this);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Repeats the rows and columns of each channel of {@code [channels, height, width]} samples
 * (Keras {@code UpSampling2D} with its default {@code interpolation="nearest"}, PyTorch
 * {@code Upsample(scale_factor, mode="nearest")}, ONNX {@code Resize} in nearest mode): the output
 * is {@code [channels, height · sizeHeight, width · sizeWidth]},
 *
 * <pre>
 * y[c, i, j]  = x[c, i / sizeHeight, j / sizeWidth]                      (integer division)
 * dx[c, h, w] = Σ dy[c, h · sizeHeight + a, w · sizeWidth + b] over a &lt; sizeHeight, b &lt; sizeWidth
 * </pre>
 *
 * Only nearest-neighbour interpolation with integer factors.
 *
 * <pre>{@code
 * Layers.upSampling2d(2)          // [C, 7, 7] → [C, 14, 14]
 * }</pre>
 */
public final class UpSampling2D extends PlaneMapping {
  private final Spec config;

  private UpSampling2D(Spec config) {
    super(config.name);
    this.config = config;
  }

  /** The factor along the height. */
  public int sizeHeight() {
    return config.sizeHeight;
  }

  /** The factor along the width. */
  public int sizeWidth() {
    return config.sizeWidth;
  }

  @Override
  public String type() {
    return "UpSampling2D";
  }

  @Override
  public Spec spec() {
    return config.name(name());
  }

  @Override
  int[] outputPlane(int height, int width) {
    return new int[] {Math.multiplyExact(height, config.sizeHeight), Math.multiplyExact(width, config.sizeWidth)};
  }

  /** Along whole rows (long inner loops): one pass per repeated column, then row copies; backward sums in (a, b) order. */
  @Override
  void plane(int p, float[] in, float[] out, boolean backward) {
    int sh = config.sizeHeight;
    int sw = config.sizeWidth;
    int x = p * height * width;
    int y = p * height * sh * outWidth;
    for (int r = 0; r < height; r++, x += width, y += sh * outWidth) {
      if (backward) {
        for (int c = 0; c < width; c++) {
          out[x + c] = in[y + c * sw];
        }
        for (int a = 0; a < sh; a++) {
          for (int b = a == 0 ? 1 : 0; b < sw; b++) {
            for (int c = 0, k = y + a * outWidth + b; c < width; c++, k += sw) {
              out[x + c] += in[k];
            }
          }
        }
      } else {
        for (int b = 0; b < sw; b++) {
          for (int c = 0, k = y + b; c < width; c++, k += sw) {
            out[k] = in[x + c];
          }
        }
        for (int a = 1; a < sh; a++) {
          System.arraycopy(out, y, out, y + a * outWidth, outWidth);
        }
      }
    }
  }

  /**
   * The configuration of an {@link UpSampling2D} layer.
   *
   * @param sizeHeight how many times each row is repeated, > 0
   * @param sizeWidth how many times each column is repeated, > 0
   */
  public record Spec(int sizeHeight, int sizeWidth, @Nullable String name) implements LayerSpec {
    /** The same factor along both axes (Keras {@code UpSampling2D(size)}; its default is 2). */
    public Spec(int size) {
      this(size, size, null);
    }

    public Spec name(String name) {
      return new Spec(sizeHeight, sizeWidth, Objects.requireNonNull(name, "name"));
    }

    @Override
    public String baseName() {
      return "up_sampling2d";
    }

    @Override
    public UpSampling2D create() {
      if (sizeHeight <= 0 || sizeWidth <= 0) {
        throw new IllegalArgumentException("UpSampling2D(name=" + Layer.label(name) + "): size must be > 0, but was "
            + sizeHeight + "x" + sizeWidth);
      }
      return new UpSampling2D(this);
    }
  }
}

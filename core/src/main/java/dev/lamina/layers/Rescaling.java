// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Rescales inputs by a fixed affine map (Keras {@code Rescaling}): {@code y_ij = x_ij · scale_j + offset_j};
 * {@code dx_ij = dy_ij · scale_j}. Keras takes one scale and one offset for all features; here
 * each may also have one value per feature of the (flattened) sample. No weights.
 *
 * <pre>{@code
 * Layers.rescaling(1 / 255.0)             // pixels 0..255 to [0, 1]
 * Layers.rescaling(1 / 127.5, -1)         // to [-1, 1]
 * }</pre>
 */
public final class Rescaling extends Layer {
  private final Spec config;
  private float[] scale = new float[0];
  private float[] offset = new float[0];

  private Rescaling(@Nullable String name, Spec config) {
    super(name, config.trainable);
    this.config = config;
  }

  @Override
  public String type() {
    return "Rescaling";
  }

  @Override
  public Spec spec() {
    return config.name(name()).trainable(isTrainable());
  }

  /** The scale per feature (after {@link #build}). */
  public float[] scale() {
    return scale.clone();
  }

  /** The offset per feature (after {@link #build}). */
  public float[] offset() {
    return offset.clone();
  }

  @Override
  protected int[] build(int[] inputShape) {
    int f = features(inputShape);
    scale = expand(config.scale, f, "scale");
    offset = expand(config.offset, f, "offset");
    return inputShape;
  }

  private float[] expand(float[] given, int f, String what) {
    if (given.length == 1) {
      float[] all = new float[f];
      Arrays.fill(all, given[0]);
      return all;
    }
    if (given.length != f) {
      throw new IllegalArgumentException(where() + ": " + what + " must have 1 or " + f
          + " values (one per feature), but had " + given.length);
    }
    return given.clone();
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    int cols = x.cols();
    float[] xd = x.data();
    Matrix out = f.output(x.rows(), cols);
    float[] y = out.data();
    for (int i = 0, n = x.size(); i < n; i++) {
      int j = i % cols;
      y[i] = xd[i] * scale[j] + offset[j];
    }
    return out;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      int cols = dy.cols();
      float[] g = dy.data();
      float[] d = f.inputGradient().data();
      for (int i = 0, n = dy.size(); i < n; i++) {
        d[i] = g[i] * scale[i % cols];
      }
    }
  }

  /**
   * The configuration of a {@link Rescaling} layer.
   *
   * @param scale one factor for all features or one per feature; finite
   * @param offset one offset for all features or one per feature; finite
   */
  public record Spec(float[] scale, float[] offset, @Nullable String name, boolean trainable) implements LayerSpec {
    public Spec {
      scale = Objects.requireNonNull(scale, "scale").clone();
      offset = Objects.requireNonNull(offset, "offset").clone();
    }

    /** Keras' {@code Rescaling(scale, offset)}. */
    public Spec(double scale, double offset) {
      this(new float[] {(float) scale}, new float[] {(float) offset}, null, true);
    }

    @Override
    public float[] scale() {
      return scale.clone();
    }

    @Override
    public float[] offset() {
      return offset.clone();
    }

    public Spec name(String name) {
      return new Spec(scale, offset, name, trainable);
    }

    public Spec trainable(boolean trainable) {
      return new Spec(scale, offset, name, trainable);
    }

    @Override
    public String baseName() {
      return "rescaling";
    }

    @Override
    public Rescaling create() {
      if (scale.length == 0 || offset.length == 0) {
        throw new IllegalArgumentException("Rescaling(name=" + Layer.label(name) + "): scale and offset need at least one value");
      }
      for (float v : scale) {
        check(Layer.label(name), "scale", v);
      }
      for (float v : offset) {
        check(Layer.label(name), "offset", v);
      }
      return new Rescaling(name, this);
    }

    private static void check(String name, String what, float v) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("Rescaling(name=" + name + "): " + what + " must be finite, but had " + v);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Spec s && Arrays.equals(scale, s.scale) && Arrays.equals(offset, s.offset)
          && Objects.equals(name, s.name) && trainable == s.trainable;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(scale), Arrays.hashCode(offset), name, trainable);
    }

    @Override
    public String toString() {
      return "Rescaling.Spec[scale=" + Arrays.toString(scale) + ", offset=" + Arrays.toString(offset) + ", name="
          + name + ", trainable=" + trainable + "]";
    }
  }
}

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
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
public final class ZeroPadding2D extends Layer {
  private final Spec config;
  private int channels;
  private int height;
  private int width;
  private int outHeight;
  private int outWidth;

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
  protected int[] build(int[] inputShape) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(where() + ": expects [channels, height, width] samples, but got shape "
          + Arrays.toString(inputShape));
    }
    channels = inputShape[0];
    height = inputShape[1];
    width = inputShape[2];
    outHeight = config.top + height + config.bottom;
    outWidth = config.left + width + config.right;
    return new int[] {channels, outHeight, outWidth};
  }

  /** A frame's pass over the planes: pad (forward) or crop (backward). */
  private final class Scratch extends PlaneTask {
    private static final float[] NONE = {};
    float[] in = NONE;
    float[] out = NONE;
    boolean backward;

    void pass(boolean backward, float[] in, float[] out, int samples) {
      this.backward = backward;
      this.in = in;
      this.out = out;
      runPlanes(samples * channels, (long) samples * channels * outHeight * outWidth);
      this.in = this.out = NONE;
    }

    @Override
    void plane(int p, int part) {
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
  }

  private final Supplier<Scratch> newScratch = Scratch::new;

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Matrix y = f.output(x.rows(), channels * outHeight * outWidth);
    f.state(newScratch).pass(false, x.data(), y.data(), x.rows());
    return y;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      f.state(newScratch).pass(true, dy.data(), f.inputGradient().data(), dy.rows());
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

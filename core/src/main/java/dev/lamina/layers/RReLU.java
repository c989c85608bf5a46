// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Randomized leaky ReLU (Xu et al., 2015, https://arxiv.org/abs/1505.00853): {@code y = x} for
 * x > 0, {@code a · x} otherwise, so the gradient at exactly 0 is a, as in PyTorch. In training
 * each element draws its slope a uniformly from [lower, upper]; in inference a is fixed to
 * (lower + upper) / 2.
 *
 * <p>Keras has no RReLU; the defaults 1/8 and 1/3 are PyTorch's ({@link #DEFAULT_LOWER},
 * {@link #DEFAULT_UPPER}).
 */
public final class RReLU extends Layer implements Stochastic {
  /** 1/8, as PyTorch's {@code RReLU}. */
  public static final double DEFAULT_LOWER = 1.0 / 8;
  /** 1/3, as PyTorch's {@code RReLU}. */
  public static final double DEFAULT_UPPER = 1.0 / 3;

  private final double lower;
  private final double upper;

  private RReLU(@Nullable String name, double lower, double upper) {
    super(name);
    this.lower = lower;
    this.upper = upper;
  }

  public double lower() {
    return lower;
  }

  public double upper() {
    return upper;
  }

  /** The slope used in inference: (lower + upper) / 2. */
  public double inferenceSlope() {
    return (lower + upper) / 2;
  }

  @Override
  public String type() {
    return "RReLU";
  }

  @Override
  public Spec spec() {
    return new Spec(lower, upper, name());
  }

  @Override
  protected int[] build(int[] inputShape) {
    return inputShape;
  }

  /** The slope of each element in the latest forward pass (1 for positive inputs), read by backward. */
  private static final class Slopes {
    final Matrix slopes = new Matrix(0, 0);
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    RandomGenerator random = f.random();
    float[] s = f.state(Slopes::new).slopes.reshape(x.rows(), x.cols()).data();
    float[] xd = x.data();
    Matrix out = f.output(x.rows(), x.cols());
    float[] y = out.data();
    float width = (float) (upper - lower);
    float mean = (float) inferenceSlope();
    for (int i = 0, n = x.size(); i < n; i++) {
      s[i] = mode == Mode.TRAIN ? (float) lower + width * random.nextFloat() : mean;
      y[i] = xd[i] > 0 ? xd[i] : s[i] * xd[i];
    }
    for (int i = 0, n = x.size(); i < n; i++) {
      if (xd[i] > 0) {
        s[i] = 1f;
      }
    }
    return out;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      float[] s = f.state(Slopes::new).slopes.data();
      float[] g = dy.data();
      float[] d = f.inputGradient().data();
      for (int i = 0, n = dy.size(); i < n; i++) {
        d[i] = s[i] * g[i];
      }
    }
  }

  /**
   * The configuration of an {@link RReLU} layer.
   *
   * @param lower the smallest slope, ≥ 0
   * @param upper the largest slope, ≥ lower
   */
  public record Spec(double lower, double upper, @Nullable String name) implements LayerSpec {
    /** PyTorch's defaults, 1/8 and 1/3. */
    public Spec() {
      this(DEFAULT_LOWER, DEFAULT_UPPER, null);
    }

    public Spec lower(double lower) {
      return new Spec(lower, upper, name);
    }

    public Spec upper(double upper) {
      return new Spec(lower, upper, name);
    }

    public Spec name(String name) {
      return new Spec(lower, upper, name);
    }

    @Override
    public String baseName() {
      return "r_re_lu";
    }

    @Override
    public RReLU create() {
      if (!(lower >= 0 && lower <= upper) || Double.isInfinite(upper)) {
        throw new IllegalArgumentException("RReLU(name=" + Layer.label(name) + "): bounds must satisfy 0 <= lower <= upper < infinity, but were lower="
            + lower + ", upper=" + upper);
      }
      return new RReLU(name, lower, upper);
    }
  }
}

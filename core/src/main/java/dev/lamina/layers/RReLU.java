package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.SplittableRandom;
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
public final class RReLU extends BaseLayer implements Layer, Stochastic {
  /** 1/8, as PyTorch's {@code RReLU}. */
  public static final double DEFAULT_LOWER = 1.0 / 8;
  /** 1/3, as PyTorch's {@code RReLU}. */
  public static final double DEFAULT_UPPER = 1.0 / 3;

  private final double lower;
  private final double upper;
  private RandomGenerator random = new SplittableRandom(0);
  private final Matrix slopes = new Matrix(0, 0);
  private final Matrix out = new Matrix(0, 0);
  private final Matrix dx = new Matrix(0, 0);

  private RReLU(String name, double lower, double upper) {
    super(name, true);
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
  public int[] build(int[] inputShape, RandomGenerator random) {
    this.random = new SplittableRandom(random.nextLong());
    return built(inputShape);
  }

  /** Restarts the slope sequence: the next training passes draw the same slopes as after the last reseed. */
  @Override
  public void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  @Override
  public Matrix forward(Matrix x, Mode mode) {
    float[] s = slopes.reshape(x.rows(), x.cols()).data();
    float[] xd = x.data();
    float[] y = out.reshape(x.rows(), x.cols()).data();
    float width = (float) (upper - lower);
    float mean = (float) inferenceSlope();
    for (int i = 0, n = x.size(); i < n; i++) {
      s[i] = mode == Mode.TRAIN ? (float) lower + width * random.nextFloat() : mean;
      y[i] = xd[i] > 0 ? xd[i] : s[i] * xd[i];
    }
    // the slope of a positive input is 1, which backward reads from here
    for (int i = 0, n = x.size(); i < n; i++) {
      if (xd[i] > 0) {
        s[i] = 1f;
      }
    }
    return out;
  }

  @Override
  public Matrix backward(Matrix dy, boolean inputGradient) {
    if (inputGradient) {
      float[] s = slopes.data();
      float[] g = dy.data();
      float[] d = dx.reshape(dy.rows(), dy.cols()).data();
      for (int i = 0, n = dy.size(); i < n; i++) {
        d[i] = s[i] * g[i];
      }
    }
    return dx;
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
    public RReLU create(String name) {
      if (!(lower >= 0 && lower <= upper) || Double.isInfinite(upper)) {
        throw new IllegalArgumentException("RReLU(name=" + name + "): bounds must satisfy 0 <= lower <= upper < infinity, but were lower="
            + lower + ", upper=" + upper);
      }
      return new RReLU(name, lower, upper);
    }
  }
}

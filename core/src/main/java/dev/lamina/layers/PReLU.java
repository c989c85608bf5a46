package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Parametric ReLU (He et al., 2015, https://arxiv.org/abs/1502.01852): {@code y = x} for x > 0,
 * {@code alpha_j · x} otherwise, with one learned slope per feature.
 *
 * <p>Keras initialises alpha to zeros (the default here); PyTorch's {@code PReLU} to 0.25: pass
 * {@code Initializers.constant(0.25)} when porting. At exactly x = 0 the input gradient is 0 as in
 * Keras (PyTorch: alpha).
 */
public final class PReLU extends BaseLayer implements Layer {
  private final Initializer alphaInitializer;
  private @Nullable Parameter alpha;
  private Matrix input = new Matrix(0, 0);
  private final Matrix out = new Matrix(0, 0);
  private final Matrix dx = new Matrix(0, 0);

  private PReLU(String name, Initializer alphaInitializer, boolean trainable) {
    super(name, trainable);
    this.alphaInitializer = alphaInitializer;
  }

  /** The slopes [features]. */
  public Parameter alpha() {
    Parameter p = alpha;
    if (p == null) {
      throw new IllegalStateException(where() + ": not built yet");
    }
    return p;
  }

  @Override
  public String type() {
    return "PReLU";
  }

  @Override
  public Spec spec() {
    return new Spec(alphaInitializer, name(), isTrainable());
  }

  @Override
  public int[] build(int[] inputShape, RandomGenerator random) {
    alpha = addParameter("alpha", features(inputShape));
    alphaInitializer.initialize(alpha.value(), alpha.shape(), random);
    return built(inputShape);
  }

  @Override
  public Matrix forward(Matrix x, Mode mode) {
    input = x;
    int cols = x.cols();
    float[] a = alpha().value();
    float[] xd = x.data();
    float[] y = out.reshape(x.rows(), cols).data();
    for (int i = 0, n = x.size(); i < n; i++) {
      y[i] = xd[i] > 0 ? xd[i] : a[i % cols] * xd[i];
    }
    return out;
  }

  @Override
  public Matrix backward(Matrix dy, boolean inputGradient) {
    int cols = dy.cols();
    Parameter p = alpha();
    float[] a = p.value();
    float[] xd = input.data();
    float[] g = dy.data();
    if (p.isTrainable()) {
      float[] da = p.gradient();
      java.util.Arrays.fill(da, 0f);
      for (int i = 0, n = dy.size(); i < n; i++) {
        if (xd[i] < 0) {
          da[i % cols] += xd[i] * g[i];
        }
      }
    }
    if (inputGradient) {
      float[] d = dx.reshape(dy.rows(), cols).data();
      for (int i = 0, n = dy.size(); i < n; i++) {
        d[i] = xd[i] > 0 ? g[i] : xd[i] < 0 ? a[i % cols] * g[i] : 0f;
      }
    }
    return dx;
  }

  /**
   * The configuration of a {@link PReLU} layer.
   *
   * @param alphaInitializer initial slopes; Keras default zeros
   */
  public record Spec(Initializer alphaInitializer, @Nullable String name, boolean trainable) implements LayerSpec {
    public Spec {
      Objects.requireNonNull(alphaInitializer, "alphaInitializer");
    }

    /** Keras defaults: slopes start at zero. */
    public Spec() {
      this(Initializers.zeros(), null, true);
    }

    public Spec alphaInitializer(Initializer initializer) {
      return new Spec(initializer, name, trainable);
    }

    public Spec name(String name) {
      return new Spec(alphaInitializer, name, trainable);
    }

    public Spec trainable(boolean trainable) {
      return new Spec(alphaInitializer, name, trainable);
    }

    @Override
    public String baseName() {
      return "p_re_lu";
    }

    @Override
    public PReLU create(String name) {
      return new PReLU(name, alphaInitializer, trainable);
    }
  }
}

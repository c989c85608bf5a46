// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.Matrix;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parametric ReLU (He et al., 2015, https://arxiv.org/abs/1502.01852): {@code y = x} for x > 0,
 * {@code alpha_j · x} otherwise, with one learned slope per feature (Keras' {@code PReLU}), or one
 * slope for all features with {@link Spec#shared(boolean) shared(true)}.
 *
 * <p>Porting from PyTorch: its {@code nn.PReLU()} learns one shared slope starting at 0.25, so use
 * {@code prelu().shared(true).alphaInitializer(Initializers.constant(0.25))};
 * {@code nn.PReLU(num_parameters=F)} is the per-feature default here with that initializer. Keras
 * initialises alpha to zeros (the default here) and shares slopes over {@code shared_axes} (all
 * feature axes: {@code shared(true)}). At exactly x = 0 the input gradient is 0 as in Keras
 * (PyTorch: alpha), with no option: the two differ only on that measure-zero set.
 */
public final class PReLU extends Layer {
  private final Initializer alphaInitializer;
  private final boolean shared;
  private @Nullable Parameter alpha;

  private PReLU(@Nullable String name, Initializer alphaInitializer, boolean shared, boolean trainable) {
    super(name, trainable);
    this.alphaInitializer = alphaInitializer;
    this.shared = shared;
  }

  /** Whether one slope serves every feature. */
  public boolean shared() {
    return shared;
  }

  /** The slopes: [features], or [1] when {@link #shared()}. */
  public Parameter alpha() {
    return built(alpha);
  }

  @Override
  public String type() {
    return "PReLU";
  }

  @Override
  public Spec spec() {
    return new Spec(alphaInitializer, shared, name(), isTrainable());
  }

  @Override
  protected int[] build(int[] inputShape) {
    alpha = addWeight("alpha", new int[] {shared ? 1 : features(inputShape)}, alphaInitializer);
    return inputShape;
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    int cols = shared ? 1 : x.cols(); // slope of element i: a[i % cols]
    float[] a = alpha().value();
    float[] xd = x.data();
    Matrix out = f.output(x.rows(), x.cols());
    float[] y = out.data();
    for (int i = 0, n = x.size(); i < n; i++) {
      y[i] = xd[i] > 0 ? xd[i] : a[i % cols] * xd[i];
    }
    return out;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    int cols = shared ? 1 : dy.cols();
    Parameter p = alpha();
    float[] a = p.value();
    float[] xd = f.input().data();
    float[] g = dy.data();
    if (p.isTrainable()) {
      float[] da = f.gradient(p);
      java.util.Arrays.fill(da, 0f);
      for (int i = 0, n = dy.size(); i < n; i++) {
        if (xd[i] < 0) {
          da[i % cols] += xd[i] * g[i];
        }
      }
    }
    if (f.needsInputGradient()) {
      float[] d = f.inputGradient().data();
      for (int i = 0, n = dy.size(); i < n; i++) {
        d[i] = xd[i] > 0 ? g[i] : xd[i] < 0 ? a[i % cols] * g[i] : 0f;
      }
    }
  }

  /**
   * The configuration of a {@link PReLU} layer.
   *
   * @param alphaInitializer initial slopes; Keras default zeros
   * @param shared one slope for all features (PyTorch's default) rather than one per feature
   */
  public record Spec(Initializer alphaInitializer, boolean shared, @Nullable String name, boolean trainable)
      implements LayerSpec {
    public Spec {
      Objects.requireNonNull(alphaInitializer, "alphaInitializer");
    }

    /** One slope per feature (not shared). */
    public Spec(Initializer alphaInitializer, @Nullable String name, boolean trainable) {
      this(alphaInitializer, false, name, trainable);
    }

    /** Keras defaults: one slope per feature, starting at zero. */
    public Spec() {
      this(Initializers.zeros(), false, null, true);
    }

    public Spec alphaInitializer(Initializer initializer) {
      return new Spec(initializer, shared, name, trainable);
    }

    public Spec shared(boolean shared) {
      return new Spec(alphaInitializer, shared, name, trainable);
    }

    public Spec name(String name) {
      return new Spec(alphaInitializer, shared, name, trainable);
    }

    public Spec trainable(boolean trainable) {
      return new Spec(alphaInitializer, shared, name, trainable);
    }

    @Override
    public String baseName() {
      return "p_re_lu";
    }

    @Override
    public PReLU create() {
      return new PReLU(name, alphaInitializer, shared, trainable);
    }
  }
}

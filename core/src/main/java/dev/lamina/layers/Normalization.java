// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Standardises each input feature with fixed statistics (Keras {@code Normalization} with given
 * {@code mean} and {@code variance}): {@code y_ij = (x_ij − mean_j) / std_j} with
 * {@code std_j = max(sqrt(variance_j), 1e-7)} (Keras' guard against a zero variance);
 * {@code dx_ij = dy_ij / std_j}. Nothing is learned: mean and variance are non-trainable state
 * ({@code layer/mean}, {@code layer/variance}) that training leaves unchanged.
 *
 * <p>The statistics have one value per feature of the (flattened) sample, or a single value for
 * all features. Typical as the first layer, e.g. for a model imported from ONNX whose graph
 * starts with {@code Sub(x, mean)} and {@code Div(·, std)}.
 *
 * <pre>{@code
 * Layers.normalization(new float[] {0.2860f}, new float[] {0.1246f})   // Fashion-MNIST pixels
 * }</pre>
 */
public final class Normalization extends Layer {
  /** The smallest standard deviation divided by (Keras {@code backend.epsilon()}). */
  public static final double MIN_STD = 1e-7;

  private final Spec config;
  private @Nullable Parameter mean;
  private @Nullable Parameter variance;

  private Normalization(@Nullable String name, Spec config) {
    super(name, config.trainable);
    this.config = config;
  }

  @Override
  public String type() {
    return "Normalization";
  }

  @Override
  public Spec spec() {
    return new Spec(mean().value().clone(), variance().value().clone(), name(), isTrainable());
  }

  /** The mean [features] (non-trainable). */
  public Parameter mean() {
    return built(mean);
  }

  /** The variance [features] (non-trainable). */
  public Parameter variance() {
    return built(variance);
  }

  /** The divisors max(sqrt(variance), 1e-7) [features] of the current variance. */
  public float[] standardDeviation() {
    float[] v = variance().value();
    float[] s = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      s[j] = (float) Math.max(Math.sqrt(v[j]), MIN_STD);
    }
    return s;
  }

  @Override
  protected int[] build(int[] inputShape) {
    int f = features(inputShape);
    mean = addState("mean", new int[] {f}, null);
    variance = addState("variance", new int[] {f}, null);
    fill(mean.value(), config.mean, "mean");
    fill(variance.value(), config.variance, "variance");
    return inputShape;
  }

  private void fill(float[] target, float[] given, String what) {
    if (given.length == 1) {
      Arrays.fill(target, given[0]);
    } else if (given.length == target.length) {
      System.arraycopy(given, 0, target, 0, given.length);
    } else {
      throw new IllegalArgumentException(where() + ": " + what + " must have 1 or " + target.length
          + " values (one per feature), but had " + given.length);
    }
  }

  @Override
  public Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    float[] std = f.state(Divisors::new).of(variance().value());
    int cols = x.cols();
    float[] m = mean().value();
    float[] xd = x.data();
    Matrix out = f.output(x.rows(), cols);
    float[] y = out.data();
    for (int i = 0, n = x.size(); i < n; i++) {
      int j = i % cols;
      y[i] = (xd[i] - m[j]) / std[j];
    }
    return out;
  }

  @Override
  public void backward(Frame f, Matrix dy) {
    if (f.needsInputGradient()) {
      float[] std = f.state(Divisors::new).std;
      int cols = dy.cols();
      float[] g = dy.data();
      float[] d = f.inputGradient().data();
      for (int i = 0, n = dy.size(); i < n; i++) {
        d[i] = g[i] / std[i % cols];
      }
    }
  }

  /** The divisors of the latest forward pass, recomputed from the variance by each forward. */
  private static final class Divisors {
    float[] std = new float[0];

    float[] of(float[] variance) {
      if (std.length != variance.length) {
        std = new float[variance.length];
      }
      for (int j = 0; j < variance.length; j++) {
        std[j] = (float) Math.max(Math.sqrt(variance[j]), MIN_STD);
      }
      return std;
    }
  }

  /**
   * The configuration of a {@link Normalization} layer.
   *
   * @param mean one value per feature, or one for all
   * @param variance one value per feature, or one for all; each ≥ 0
   * @param trainable has no effect on the statistics (they are never trained); kept for freezing
   *     rules that treat every layer alike
   */
  public record Spec(float[] mean, float[] variance, @Nullable String name, boolean trainable) implements LayerSpec {
    public Spec {
      mean = Objects.requireNonNull(mean, "mean").clone();
      variance = Objects.requireNonNull(variance, "variance").clone();
    }

    /** Statistics for all features at once or per feature. */
    public Spec(float[] mean, float[] variance) {
      this(mean, variance, null, true);
    }

    @Override
    public float[] mean() {
      return mean.clone();
    }

    @Override
    public float[] variance() {
      return variance.clone();
    }

    public Spec name(String name) {
      return new Spec(mean, variance, name, trainable);
    }

    public Spec trainable(boolean trainable) {
      return new Spec(mean, variance, name, trainable);
    }

    @Override
    public String baseName() {
      return "normalization";
    }

    @Override
    public Normalization create() {
      if (mean.length == 0 || variance.length == 0) {
        throw new IllegalArgumentException("Normalization(name=" + Layer.label(name) + "): mean and variance need at least one value");
      }
      for (float v : variance) {
        if (!(v >= 0) || Float.isInfinite(v)) {
          throw new IllegalArgumentException("Normalization(name=" + Layer.label(name) + "): variance must be finite and >= 0, but had " + v);
        }
      }
      for (float m : mean) {
        if (!Float.isFinite(m)) {
          throw new IllegalArgumentException("Normalization(name=" + Layer.label(name) + "): mean must be finite, but had " + m);
        }
      }
      return new Normalization(name, this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Spec s && Arrays.equals(mean, s.mean) && Arrays.equals(variance, s.variance)
          && Objects.equals(name, s.name) && trainable == s.trainable;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(mean), Arrays.hashCode(variance), name, trainable);
    }

    @Override
    public String toString() {
      return "Normalization.Spec[mean=" + Arrays.toString(mean) + ", variance=" + Arrays.toString(variance) + ", name="
          + name + ", trainable=" + trainable + "]";
    }
  }
}

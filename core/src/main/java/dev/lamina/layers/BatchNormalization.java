package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Batch normalisation (Ioffe &amp; Szegedy, 2015, https://arxiv.org/abs/1502.03167) of each feature
 * of rank-1 samples (after {@link Flatten} or {@link Dense}), with Keras' semantics and defaults:
 * momentum m = 0.99, ε = 1e-3, γ (gamma) ones, β (beta) zeros, moving mean zeros, moving variance
 * ones. Per feature j over a batch of n rows:
 *
 * <pre>
 * Training:   mean_j = Σ_i x_ij / n,   var_j = Σ_i (x_ij − mean_j)² / n        (biased)
 *             x̂_ij = (x_ij − mean_j) / sqrt(var_j + ε),   y_ij = γ_j · x̂_ij + β_j
 *             moving_mean_j     ← m · moving_mean_j     + (1 − m) · mean_j
 *             moving_variance_j ← m · moving_variance_j + (1 − m) · var_j
 *             dβ_j = Σ_i dy_ij,   dγ_j = Σ_i dy_ij · x̂_ij,
 *             dx_ij = γ_j / (n · sqrt(var_j + ε)) · (n · dy_ij − dβ_j − x̂_ij · dγ_j)
 * Inference:  x̂_ij = (x_ij − moving_mean_j) / sqrt(moving_variance_j + ε),   y_ij = γ_j · x̂_ij + β_j
 *             dβ, dγ as above,   dx_ij = γ_j · dy_ij / sqrt(moving_variance_j + ε)
 * </pre>
 *
 * The training formulas apply in {@link Mode#TRAIN} only; the layer runs in inference in
 * {@link Mode#INFER} and {@link Mode#MONTE_CARLO}, and also in {@link Mode#TRAIN} when
 * <ul>
 *   <li>the layer is not trainable: Keras' rule, frozen means inference mode (moving statistics
 *       used and kept, γ and β fixed) — what fine-tuning a pretrained model needs;
 *   <li>{@code statisticsFrozen} is set: the moving statistics are used and kept, but γ and β
 *       still train.
 * </ul>
 *
 * <p>Conventions: momentum is a keep rate (Keras, ONNX); PyTorch's {@code momentum} is the update
 * rate 1 − m (Keras 0.99 = torch 0.01; torch's default 0.1 = Keras 0.9). PyTorch updates the running variance with the UNBIASED batch variance var · n / (n − 1)
 * and defaults ε to 1e-5; set {@code unbiasedMovingVariance(true)} (and ε) to reproduce torch.
 * The moving statistics are non-trainable parameters ({@code layer/moving_mean},
 * {@code layer/moving_variance}), after {@code layer/gamma} and {@code layer/beta} as in Keras.
 *
 * <pre>{@code
 * Layers.dense(300).useBias(false), Layers.batchNormalization(), Layers.activation(ELU)
 * }</pre>
 */
public final class BatchNormalization extends BaseLayer implements Layer {
  private final Spec config;
  private boolean statisticsFrozen;
  private @Nullable Parameter gamma;
  private @Nullable Parameter beta;
  private @Nullable Parameter movingMean;
  private @Nullable Parameter movingVariance;
  private float[] ones = new float[0];
  private float[] zeros = new float[0];
  private double[] mean = new double[0];
  private double[] inverseStd = new double[0];
  private double[] sumDy = new double[0];
  private double[] sumDyXhat = new double[0];
  private boolean training;
  private final Matrix xhat = new Matrix(0, 0);
  private final Matrix out = new Matrix(0, 0);
  private final Matrix dx = new Matrix(0, 0);

  private BatchNormalization(String name, Spec config) {
    super(name, config.trainable);
    this.config = config;
    this.statisticsFrozen = config.statisticsFrozen;
  }

  @Override
  public String type() {
    return "BatchNormalization";
  }

  @Override
  public Spec spec() {
    return config.name(name()).trainable(isTrainable()).statisticsFrozen(statisticsFrozen);
  }

  /** Whether training uses and keeps the moving statistics while γ and β train. */
  public boolean isStatisticsFrozen() {
    return statisticsFrozen;
  }

  /** Freezes ({@code true}) or unfreezes the moving statistics; γ and β keep training. */
  public void setStatisticsFrozen(boolean statisticsFrozen) {
    this.statisticsFrozen = statisticsFrozen;
  }

  /** The moving mean [features] (non-trainable). */
  public Parameter movingMean() {
    return require(movingMean);
  }

  /** The moving variance [features] (non-trainable). */
  public Parameter movingVariance() {
    return require(movingVariance);
  }

  /** γ [features], or null when {@code scale} is false. */
  public @Nullable Parameter gamma() {
    return gamma;
  }

  /** β [features], or null when {@code center} is false. */
  public @Nullable Parameter beta() {
    return beta;
  }

  @Override
  public int[] build(int[] inputShape, RandomGenerator random) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException(where() + ": expects inputs of rank 1 per sample, but got shape "
          + Arrays.toString(inputShape) + "; add Layers.flatten() before it");
    }
    int f = inputShape[0];
    if (config.scale) {
      gamma = addParameter("gamma", f);
      Arrays.fill(gamma.value(), 1f);
    }
    beta = config.center ? addParameter("beta", f) : null;
    movingMean = addState("moving_mean", f);
    movingVariance = addState("moving_variance", f);
    Arrays.fill(movingVariance.value(), 1f);
    ones = new float[f];
    Arrays.fill(ones, 1f);
    zeros = new float[f];
    mean = new double[f];
    inverseStd = new double[f];
    sumDy = new double[f];
    sumDyXhat = new double[f];
    return built(inputShape);
  }

  @Override
  public Matrix forward(Matrix x, Mode mode) {
    int n = x.rows();
    int f = x.cols();
    training = mode == Mode.TRAIN && isTrainable() && !statisticsFrozen;
    if (training) {
      batchStatistics(x);
    } else {
      float[] mm = movingMean().value();
      float[] mv = movingVariance().value();
      for (int j = 0; j < f; j++) {
        mean[j] = mm[j];
        inverseStd[j] = 1 / Math.sqrt(mv[j] + config.epsilon);
      }
    }
    float[] g = gamma != null ? gamma.value() : ones;
    float[] b = beta != null ? beta.value() : zeros;
    float[] xd = x.data();
    float[] h = xhat.reshape(n, f).data();
    float[] y = out.reshape(n, f).data();
    for (int i = 0, k = 0; i < n; i++) {
      for (int j = 0; j < f; j++, k++) {
        h[k] = (float) ((xd[k] - mean[j]) * inverseStd[j]);
        y[k] = g[j] * h[k] + b[j];
      }
    }
    return out;
  }

  /** Batch mean and biased variance into {@code mean} and {@code inverseStd}; updates the moving ones. */
  private void batchStatistics(Matrix x) {
    int n = x.rows();
    int f = x.cols();
    float[] xd = x.data();
    Arrays.fill(mean, 0);
    Arrays.fill(sumDy, 0); // scratch for the sum of squares
    for (int i = 0, k = 0; i < n; i++) {
      for (int j = 0; j < f; j++, k++) {
        mean[j] += xd[k];
      }
    }
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    for (int i = 0, k = 0; i < n; i++) {
      for (int j = 0; j < f; j++, k++) {
        double d = xd[k] - mean[j];
        sumDy[j] += d * d;
      }
    }
    double m = config.momentum;
    double correction = config.unbiasedMovingVariance && n > 1 ? n / (n - 1.0) : 1;
    float[] mm = movingMean().value();
    float[] mv = movingVariance().value();
    for (int j = 0; j < f; j++) {
      double variance = sumDy[j] / n;
      inverseStd[j] = 1 / Math.sqrt(variance + config.epsilon);
      mm[j] = (float) (m * mm[j] + (1 - m) * mean[j]);
      mv[j] = (float) (m * mv[j] + (1 - m) * variance * correction);
    }
  }

  @Override
  public Matrix backward(Matrix dy, boolean inputGradient) {
    int n = dy.rows();
    int f = dy.cols();
    float[] g = dy.data();
    float[] h = xhat.data();
    Arrays.fill(sumDy, 0);
    Arrays.fill(sumDyXhat, 0);
    for (int i = 0, k = 0; i < n; i++) {
      for (int j = 0; j < f; j++, k++) {
        sumDy[j] += g[k];
        sumDyXhat[j] += (double) g[k] * h[k];
      }
    }
    if (gamma != null && gamma.isTrainable()) {
      copy(sumDyXhat, gamma.gradient());
    }
    if (beta != null && beta.isTrainable()) {
      copy(sumDy, beta.gradient());
    }
    if (inputGradient) {
      float[] gm = gamma != null ? gamma.value() : ones;
      float[] d = dx.reshape(n, f).data();
      for (int i = 0, k = 0; i < n; i++) {
        for (int j = 0; j < f; j++, k++) {
          d[k] = training
              ? (float) (gm[j] * inverseStd[j] / n * ((double) n * g[k] - sumDy[j] - h[k] * sumDyXhat[j]))
              : (float) (gm[j] * inverseStd[j] * g[k]);
        }
      }
    }
    return dx;
  }

  private static void copy(double[] from, float[] to) {
    for (int j = 0; j < from.length; j++) {
      to[j] = (float) from[j];
    }
  }

  private Parameter require(@Nullable Parameter p) {
    if (p == null) {
      throw new IllegalStateException(where() + ": not built yet");
    }
    return p;
  }

  /**
   * The configuration of a {@link BatchNormalization} layer; {@link #Spec()} gives Keras' defaults
   * and each method named after a component returns a changed copy.
   *
   * @param momentum the keep rate m of the moving statistics, in [0, 1]; Keras 0.99 (= torch 0.01)
   * @param epsilon added to the variance, > 0; Keras 1e-3 (torch 1e-5)
   * @param center whether to add the learned offset β
   * @param scale whether to multiply by the learned γ
   * @param statisticsFrozen whether training normalises with the moving statistics and keeps them
   *     while γ and β still train
   * @param unbiasedMovingVariance whether the moving variance is updated with the unbiased batch
   *     variance (PyTorch) instead of the biased one (Keras, the default)
   * @param trainable false freezes γ and β and runs the layer in inference mode (Keras)
   */
  public record Spec(double momentum, double epsilon, boolean center, boolean scale, boolean statisticsFrozen,
      boolean unbiasedMovingVariance, @Nullable String name, boolean trainable) implements LayerSpec {
    /** 0.99, Keras' default momentum (a keep rate; torch's 0.01). */
    public static final double DEFAULT_MOMENTUM = 0.99;
    /** 1e-3, Keras' default epsilon (torch: 1e-5). */
    public static final double DEFAULT_EPSILON = 1e-3;

    /** Keras' defaults. */
    public Spec() {
      this(DEFAULT_MOMENTUM, DEFAULT_EPSILON, true, true, false, false, null, true);
    }

    public Spec momentum(double momentum) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    public Spec epsilon(double epsilon) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    public Spec center(boolean center) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    public Spec scale(boolean scale) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    public Spec statisticsFrozen(boolean statisticsFrozen) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    public Spec unbiasedMovingVariance(boolean unbiased) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiased, name, trainable);
    }

    public Spec name(String name) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    public Spec trainable(boolean trainable) {
      return new Spec(momentum, epsilon, center, scale, statisticsFrozen, unbiasedMovingVariance, name, trainable);
    }

    @Override
    public String baseName() {
      return "batch_normalization";
    }

    @Override
    public BatchNormalization create(String name) {
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException("BatchNormalization(name=" + name + "): momentum must be in [0, 1], but was "
            + momentum + " (a keep rate as in Keras: torch's momentum 0.1 is 0.9 here)");
      }
      if (!(epsilon > 0 && epsilon < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("BatchNormalization(name=" + name + "): epsilon must be a finite number > 0, but was "
            + epsilon);
      }
      return new BatchNormalization(name, this);
    }
  }
}

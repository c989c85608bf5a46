package dev.lamina.layers;

import dev.lamina.math.BatchNormKernels;
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
 * <p>Passes over the batch ({@link BatchNormKernels}, vectorised across the features): training
 * forward computes the statistics in one pass (sums of the values shifted by the first row, in
 * float per block of rows and in double over the blocks), then y in one; backward sums dβ and dγ
 * in one and computes dx in one, recomputing x̂ from the input (so backward expects the input of
 * the latest forward pass unchanged, as {@link Dense} does). Inference folds the statistics, γ and β into one
 * multiply-add per value, y = x · scale + shift ({@link FoldedNormalization}). The results equal
 * the formulas above up to float rounding.
 *
 * <pre>{@code
 * Layers.dense(300).useBias(false), Layers.batchNormalization(), Layers.activation(ELU)
 * }</pre>
 */
public final class BatchNormalization extends BaseLayer implements Layer {
  /**
   * Rows summed in float per block of the per-feature sums; the block sums are added up in double,
   * so that large batches keep the precision of a double sum.
   */
  private static final int ROW_BLOCK = 256;
  private static final BatchNormKernels KERNELS = BatchNormKernels.best();

  private final Spec config;
  private boolean statisticsFrozen;
  private @Nullable Parameter gamma;
  private @Nullable Parameter beta;
  private @Nullable Parameter movingMean;
  private @Nullable Parameter movingVariance;
  private @Nullable FoldedNormalization folded;
  private float[] ones = new float[0];
  private float[] zeros = new float[0];
  /** The mean and 1/sqrt(variance + ε) normalised with: the batch's in training, else the moving ones. */
  private float[] mean = new float[0];
  private float[] inverseStd = new float[0];
  /** The first row of the batch: the values the statistics' sums are shifted by. */
  private float[] shift = new float[0];
  /** Per-feature sums over a block of rows: Σd and Σd² forward, Σdy and Σdy·(x − mean) backward. */
  private float[] blockFirst = new float[0];
  private float[] blockSecond = new float[0];
  /** The block sums added up over the batch. */
  private double[] totalFirst = new double[0];
  private double[] totalSecond = new double[0];
  /** The per-feature coefficients of the training-mode input gradient. */
  private float[] gradientScale = new float[0];
  private float[] meanDy = new float[0];
  private float[] slope = new float[0];
  private boolean training;
  /** The input of the latest forward pass: backward recomputes x̂ from it rather than keep x̂. */
  private Matrix input = new Matrix(0, 0);
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
    folded = new FoldedNormalization(f, config.epsilon);
    ones = new float[f];
    Arrays.fill(ones, 1f);
    zeros = new float[f];
    mean = new float[f];
    inverseStd = new float[f];
    shift = new float[f];
    blockFirst = new float[f];
    blockSecond = new float[f];
    totalFirst = new double[f];
    totalSecond = new double[f];
    gradientScale = new float[f];
    meanDy = new float[f];
    slope = new float[f];
    return built(inputShape);
  }

  /**
   * Training: one pass for the batch statistics and one that normalises, scales and shifts.
   * Otherwise (inference, also a frozen layer or frozen statistics in TRAIN mode): one
   * multiply-add pass with the folded per-feature scale and shift, so that all of them give the
   * same outputs.
   */
  @Override
  public Matrix forward(Matrix x, Mode mode) {
    int n = x.rows();
    int f = x.cols();
    training = mode == Mode.TRAIN && isTrainable() && !statisticsFrozen;
    float[] y = out.reshape(n, f).data();
    if (training) {
      batchStatistics(x.data(), n, f);
      KERNELS.normalize(x.data(), n, f, mean, inverseStd, gammaValues(), betaValues(), y);
    } else {
      FoldedNormalization fold = require(folded);
      fold.update(movingMean().value(), movingVariance().value(), gammaValues(), betaValues());
      KERNELS.scaleShift(x.data(), n, f, fold.scale(), fold.shift(), y);
    }
    input = x;
    return out;
  }

  private float[] gammaValues() {
    return gamma != null ? gamma.value() : ones;
  }

  private float[] betaValues() {
    return beta != null ? beta.value() : zeros;
  }

  /**
   * Batch mean and biased variance into {@code mean} and {@code inverseStd}, from sums of the
   * values shifted by the first row; updates the moving statistics.
   */
  private void batchStatistics(float[] x, int n, int f) {
    if (n > 0) {
      System.arraycopy(x, 0, shift, 0, f);
    }
    Arrays.fill(totalFirst, 0);
    Arrays.fill(totalSecond, 0);
    for (int from = 1; from < n; from += ROW_BLOCK) { // the first row's shifted values are 0
      KERNELS.shiftedMoments(x, f, from, Math.min(n, from + ROW_BLOCK), shift, blockFirst, blockSecond);
      addTo(totalFirst, blockFirst);
      addTo(totalSecond, blockSecond);
    }
    double m = config.momentum;
    double correction = config.unbiasedMovingVariance && n > 1 ? n / (n - 1.0) : 1;
    float[] mm = movingMean().value();
    float[] mv = movingVariance().value();
    for (int j = 0; j < f; j++) {
      double offset = totalFirst[j] / n;
      double batchMean = shift[j] + offset;
      double variance = Math.max(0, totalSecond[j] / n - offset * offset);
      mean[j] = (float) batchMean;
      inverseStd[j] = (float) (1 / Math.sqrt(variance + config.epsilon));
      mm[j] = (float) (m * mm[j] + (1 - m) * batchMean);
      mv[j] = (float) (m * mv[j] + (1 - m) * variance * correction);
    }
  }

  /** The moving statistics into {@code mean} and {@code inverseStd}. */
  private void movingStatistics() {
    float[] mm = movingMean().value();
    float[] mv = movingVariance().value();
    for (int j = 0; j < mean.length; j++) {
      mean[j] = mm[j];
      inverseStd[j] = (float) (1 / Math.sqrt(mv[j] + config.epsilon));
    }
  }

  private static void addTo(double[] total, float[] block) {
    for (int j = 0; j < total.length; j++) {
      total[j] += block[j];
    }
  }

  /**
   * One pass for dβ = Σ dy and dγ = Σ dy·x̂ (when needed), one for the input gradient; x̂ =
   * (x − mean) / sqrt(var + ε) comes from the forward pass's input and statistics (the moving
   * ones after an inference pass).
   */
  @Override
  public Matrix backward(Matrix dy, boolean inputGradient) {
    int n = dy.rows();
    int f = dy.cols();
    float[] g = dy.data();
    float[] x = input.data();
    boolean gammaGradient = gamma != null && gamma.isTrainable();
    boolean betaGradient = beta != null && beta.isTrainable();
    if (gammaGradient || betaGradient || training && inputGradient) {
      if (!training) {
        movingStatistics();
      }
      gradientSums(g, x, n, f);
      if (gammaGradient) {
        float[] dGamma = require(gamma).gradient();
        for (int j = 0; j < f; j++) {
          dGamma[j] = (float) (inverseStd[j] * totalSecond[j]); // Σ dy·x̂
        }
      }
      if (betaGradient) {
        copy(totalFirst, require(beta).gradient());
      }
    }
    if (inputGradient) {
      float[] d = dx.reshape(n, f).data();
      if (training) {
        float[] gm = gammaValues();
        for (int j = 0; j < f; j++) {
          gradientScale[j] = (float) ((double) gm[j] * inverseStd[j]);
          meanDy[j] = (float) (totalFirst[j] / n);
          slope[j] = (float) ((double) inverseStd[j] * inverseStd[j] * totalSecond[j] / n); // x̂ · mean(dy·x̂) = (x − mean) · slope
        }
        KERNELS.normalizeBackward(g, x, mean, n, f, gradientScale, meanDy, slope, d);
      } else {
        KERNELS.scaleShift(g, n, f, require(folded).scale(), zeros, d); // γ / sqrt(moving_variance + ε)
      }
    }
    return dx;
  }

  /** Σ dy into {@code totalFirst} and Σ dy·(x − mean) into {@code totalSecond}, per feature. */
  private void gradientSums(float[] dy, float[] x, int n, int f) {
    Arrays.fill(totalFirst, 0);
    Arrays.fill(totalSecond, 0);
    for (int from = 0; from < n; from += ROW_BLOCK) {
      KERNELS.gradientSums(dy, x, mean, f, from, Math.min(n, from + ROW_BLOCK), blockFirst, blockSecond);
      addTo(totalFirst, blockFirst);
      addTo(totalSecond, blockSecond);
    }
  }

  private static void copy(double[] from, float[] to) {
    for (int j = 0; j < from.length; j++) {
      to[j] = (float) from[j];
    }
  }

  private <T> T require(@Nullable T p) {
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

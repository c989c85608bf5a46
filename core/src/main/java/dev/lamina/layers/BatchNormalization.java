// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.initializers.Initializers;
import dev.lamina.math.BatchNormKernels;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Batch normalisation (Ioffe &amp; Szegedy, 2015, https://arxiv.org/abs/1502.03167) of each feature
 * of rank-1 samples (after {@link Flatten} or {@link Dense}), or of each channel of images, with
 * Keras' semantics and defaults: momentum m = 0.99, ε = 1e-3, γ (gamma) ones, β (beta) zeros,
 * moving mean zeros, moving variance ones. Per feature j over a batch of n rows:
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
 * <p>Images and other samples of rank ≥ 2 are normalised per channel, the first sample axis:
 * for {@code [channels, height, width]} samples, j is the channel and the sums run over the batch,
 * the height and the width (n = batch · height · width values per channel), as PyTorch's
 * {@code BatchNorm2d}, ONNX's {@code BatchNormalization} on NCHW and Keras'
 * {@code BatchNormalization(axis=1)} on channels-first data. (Keras' default {@code axis=-1} is the
 * channel axis of channels-last data; put a {@link Permute} first for such data.) γ, β and the
 * moving statistics then hold one value per channel. For rank-1 samples the first axis is the last
 * one, so both rules agree there.
 *
 * <p>The training formulas apply in {@link Mode#TRAIN} only; the layer runs in inference in
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
 * multiply-add per value, y = x · scale + shift ({@link FoldedNormalization}). Images run the same
 * passes one channel at a time over its contiguous height · width planes, with sums in float per
 * block of 64 values a lane and in double over the blocks ({@link ChannelNormalization}; in double
 * throughout with the portable kernels), the channels shared among the worker pool's threads with the
 * same bits for any thread count. The results equal the formulas above up to float rounding.
 *
 * <pre>{@code
 * Layers.dense(300).useBias(false), Layers.batchNormalization(), Layers.activation(ELU)
 * }</pre>
 */
public final class BatchNormalization extends Layer {
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
  /** The size of the first sample axis: the features of rank-1 samples, the channels of images. */
  private int features;
  /** The values per channel and sample: 1 for rank-1 samples, height · width for [C, H, W] images. */
  private int area;

  private BatchNormalization(Spec config) {
    super(config.name, config.trainable);
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

  /** The moving mean [features] ([channels] for images; non-trainable). */
  public Parameter movingMean() {
    return built(movingMean);
  }

  /** The moving variance [features] (non-trainable). */
  public Parameter movingVariance() {
    return built(movingVariance);
  }

  /** γ [features], or null when {@code scale} is false. */
  public @Nullable Parameter gamma() {
    return gamma;
  }

  /** β [features], or null when {@code center} is false. */
  public @Nullable Parameter beta() {
    return beta;
  }

  /** ε, added to the variance. */
  public double epsilon() {
    return config.epsilon;
  }

  @Override
  protected int[] build(int[] inputShape) {
    int f = inputShape[0];
    features = f;
    area = features(inputShape) / f;
    int[] shape = {f};
    if (config.scale) {
      gamma = addWeight("gamma", shape, Initializers.ones());
    }
    beta = config.center ? addWeight("beta", shape, Initializers.zeros()) : null;
    movingMean = addState("moving_mean", shape, Initializers.zeros());
    movingVariance = addState("moving_variance", shape, Initializers.ones());
    return inputShape;
  }

  /**
   * Images (per-channel statistics) can apply the ReLU that alone reads their output in their own
   * passes; see {@link Executor}.
   */
  @Override
  boolean absorbsRelu() {
    return area > 1;
  }

  /** A frame's working arrays: the statistics of its latest forward pass and the sums of backward. */
  private final class Scratch {
    final FoldedNormalization folded = new FoldedNormalization(features, config.epsilon);
    final float[] ones = filled(1f);
    final float[] zeros = new float[features];
    /** The mean and 1/sqrt(variance + ε) normalised with: the batch's in training, else the moving ones. */
    final float[] mean = new float[features];
    final float[] inverseStd = new float[features];
    /** The first row of the batch: the values the statistics' sums are shifted by. */
    final float[] shift = new float[features];
    /** Per-feature sums over a block of rows: Σd and Σd² forward, Σdy and Σdy·(x − mean) backward. */
    final float[] blockFirst = new float[features];
    final float[] blockSecond = new float[features];
    /** The block sums added up over the batch. */
    final double[] totalFirst = new double[features];
    final double[] totalSecond = new double[features];
    /** The per-feature coefficients of the training-mode input gradient. */
    final float[] gradientScale = new float[features];
    final float[] meanDy = new float[features];
    final float[] slope = new float[features];
    /** The per-channel passes over images (area > 1). */
    final ChannelNormalization channels = new ChannelNormalization(features, area);
    boolean training;

    private float[] filled(float v) {
      float[] a = new float[features];
      Arrays.fill(a, v);
      return a;
    }
  }

  /** Made once, so that asking a frame for its scratch allocates nothing. */
  private final Supplier<Scratch> newScratch = Scratch::new;

  private Scratch scratch(Frame f) {
    return f.state(newScratch);
  }

  /**
   * Training: one pass for the batch statistics and one that normalises, scales and shifts.
   * Otherwise (inference, also a frozen layer or frozen statistics in TRAIN mode): one
   * multiply-add pass with the folded per-feature scale and shift, so that all of them give the
   * same outputs.
   */
  @Override
  public Matrix forward(Frame frame, Mode mode) {
    Matrix x = frame.input();
    Scratch s = scratch(frame);
    int n = x.rows();
    int f = x.cols();
    s.training = mode == Mode.TRAIN && isTrainable() && !statisticsFrozen;
    Matrix out = frame.output(n, f);
    float[] y = out.data();
    if (area > 1) {
      imageForward(s, x.data(), n, frame.appliesRelu(), y);
    } else if (s.training) {
      batchStatistics(s, x.data(), n, f);
      KERNELS.normalize(x.data(), n, f, s.mean, s.inverseStd, gammaValues(s), betaValues(s), y);
    } else {
      s.folded.update(movingMean().value(), movingVariance().value(), gammaValues(s), betaValues(s));
      KERNELS.scaleShift(x.data(), n, f, s.folded.scale(), s.folded.shift(), y);
    }
    return out;
  }

  /** The forward pass over images: per channel, over every sample's plane of that channel. */
  private void imageForward(Scratch s, float[] x, int n, boolean relu, float[] y) {
    if (s.training) {
      s.channels.trainingForward(x, n, gammaValues(s), betaValues(s), config.epsilon, s.mean, s.inverseStd,
          s.totalFirst, s.totalSecond, relu, y);
      for (int c = 0; c < features; c++) {
        moveStatistics(c, s.totalFirst[c], s.totalSecond[c], (long) n * area);
      }
    } else {
      s.folded.update(movingMean().value(), movingVariance().value(), gammaValues(s), betaValues(s));
      s.channels.scaleShift(x, null, n, s.folded.scale(), s.folded.shift(), relu, y);
    }
  }

  private float[] gammaValues(Scratch s) {
    return gamma != null ? gamma.value() : s.ones;
  }

  private float[] betaValues(Scratch s) {
    return beta != null ? beta.value() : s.zeros;
  }

  /**
   * Batch mean and biased variance into {@code mean} and {@code inverseStd}, from sums of the
   * values shifted by the first row; updates the moving statistics.
   */
  private void batchStatistics(Scratch s, float[] x, int n, int f) {
    if (n > 0) {
      System.arraycopy(x, 0, s.shift, 0, f);
    }
    Arrays.fill(s.totalFirst, 0);
    Arrays.fill(s.totalSecond, 0);
    for (int from = 1; from < n; from += ROW_BLOCK) { // the first row's shifted values are 0
      KERNELS.shiftedMoments(x, f, from, Math.min(n, from + ROW_BLOCK), s.shift, s.blockFirst, s.blockSecond);
      addTo(s.totalFirst, s.blockFirst);
      addTo(s.totalSecond, s.blockSecond);
    }
    for (int j = 0; j < f; j++) {
      double offset = s.totalFirst[j] / n;
      double batchMean = s.shift[j] + offset;
      double variance = Math.max(0, s.totalSecond[j] / n - offset * offset);
      s.mean[j] = (float) batchMean;
      s.inverseStd[j] = (float) (1 / Math.sqrt(variance + config.epsilon));
      moveStatistics(j, batchMean, variance, n);
    }
  }

  /**
   * The moving statistics of feature (channel) j after a batch of {@code count} values per feature
   * with this mean and biased variance (the variance times count / (count − 1) when
   * {@code unbiasedMovingVariance}).
   */
  private void moveStatistics(int j, double batchMean, double variance, long count) {
    double m = config.momentum;
    double correction = config.unbiasedMovingVariance && count > 1 ? count / (count - 1.0) : 1;
    float[] mm = movingMean().value();
    float[] mv = movingVariance().value();
    mm[j] = (float) (m * mm[j] + (1 - m) * batchMean);
    mv[j] = (float) (m * mv[j] + (1 - m) * variance * correction);
  }

  /** The moving statistics into {@code mean} and {@code inverseStd}. */
  private void movingStatistics(Scratch s) {
    float[] mm = movingMean().value();
    float[] mv = movingVariance().value();
    for (int j = 0; j < s.mean.length; j++) {
      s.mean[j] = mm[j];
      s.inverseStd[j] = (float) (1 / Math.sqrt(mv[j] + config.epsilon));
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
  public void backward(Frame frame, Matrix dy) {
    Scratch s = scratch(frame);
    int n = dy.rows();
    int f = dy.cols();
    float[] g = dy.data();
    float[] x = frame.input().data();
    boolean gammaGradient = gamma != null && gamma.isTrainable();
    boolean betaGradient = beta != null && beta.isTrainable();
    boolean inputGradient = frame.needsInputGradient();
    // With a fused ReLU (images only), dy reaches the normalisation only where the output is > 0.
    float @Nullable [] positive = frame.appliesRelu() ? frame.output(n, f).data() : null;
    if (gammaGradient || betaGradient || s.training && inputGradient) {
      if (!s.training) {
        movingStatistics(s);
      }
      if (area > 1) { // the sums and, in training, the input gradient, per channel
        s.channels.gradient(g, positive, x, n, s.mean, s.inverseStd, gammaValues(s), s.totalFirst, s.totalSecond,
            s.training && inputGradient ? frame.inputGradient().data() : null);
      } else {
        gradientSums(s, g, x, n, f);
      }
      if (gammaGradient) {
        float[] dGamma = frame.gradient(built(gamma));
        for (int j = 0; j < features; j++) {
          dGamma[j] = (float) (s.inverseStd[j] * s.totalSecond[j]); // Σ dy·x̂
        }
      }
      if (betaGradient) {
        copy(s.totalFirst, frame.gradient(built(beta)));
      }
    }
    if (inputGradient && area > 1) {
      if (!s.training) { // dx = dy · γ / sqrt(moving_variance + ε); in training the per-channel pass wrote dx
        s.folded.update(movingMean().value(), movingVariance().value(), gammaValues(s), betaValues(s));
        s.channels.scaleShift(g, positive, n, s.folded.scale(), s.zeros, false, frame.inputGradient().data());
      }
    } else if (inputGradient) {
      float[] d = frame.inputGradient().data();
      if (s.training) {
        float[] gm = gammaValues(s);
        for (int j = 0; j < f; j++) {
          s.gradientScale[j] = (float) ((double) gm[j] * s.inverseStd[j]);
          s.meanDy[j] = (float) (s.totalFirst[j] / n);
          s.slope[j] = (float) ((double) s.inverseStd[j] * s.inverseStd[j] * s.totalSecond[j] / n); // x̂ · mean(dy·x̂) = (x − mean) · slope
        }
        KERNELS.normalizeBackward(g, x, s.mean, n, f, s.gradientScale, s.meanDy, s.slope, d);
      } else {
        s.folded.update(movingMean().value(), movingVariance().value(), gammaValues(s), betaValues(s));
        KERNELS.scaleShift(g, n, f, s.folded.scale(), s.zeros, d); // γ / sqrt(moving_variance + ε)
      }
    }
  }

  /** Σ dy into {@code totalFirst} and Σ dy·(x − mean) into {@code totalSecond}, per feature. */
  private static void gradientSums(Scratch s, float[] dy, float[] x, int n, int f) {
    Arrays.fill(s.totalFirst, 0);
    Arrays.fill(s.totalSecond, 0);
    for (int from = 0; from < n; from += ROW_BLOCK) {
      KERNELS.gradientSums(dy, x, s.mean, f, from, Math.min(n, from + ROW_BLOCK), s.blockFirst, s.blockSecond);
      addTo(s.totalFirst, s.blockFirst);
      addTo(s.totalSecond, s.blockSecond);
    }
  }

  private static void copy(double[] from, float[] to) {
    for (int j = 0; j < from.length; j++) {
      to[j] = (float) from[j];
    }
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
    public BatchNormalization create() {
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException("BatchNormalization(name=" + Layer.label(name) + "): momentum must be in [0, 1], but was "
            + momentum + " (a keep rate as in Keras: torch's momentum 0.1 is 0.9 here)");
      }
      if (!(epsilon > 0 && epsilon < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("BatchNormalization(name=" + Layer.label(name) + "): epsilon must be a finite number > 0, but was "
            + epsilon);
      }
      return new BatchNormalization(this);
    }
  }
}

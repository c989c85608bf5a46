// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.ChannelNormKernels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * {@link BatchNormalization}'s passes over samples of {@code [channels, area]} values (images:
 * area = height · width), one task per channel: channel c reads and writes only the contiguous
 * planes {@code [sample, c, ·]} and its own statistics, in an order fixed by the sizes
 * ({@link ChannelNormKernels}: float blocks added up in double). So the results are
 * bit-identical for any number of threads (one owner per output, no cross-task sums). Held in a
 * frame's scratch and reused.
 */
final class ChannelNormalization extends PlaneTask {
  private static final float[] NONE = {};
  private static final ChannelNormKernels KERNELS = ChannelNormKernels.best();

  private enum Pass {
    TRAINING_FORWARD, SCALE_SHIFT, GRADIENT
  }

  private final int channels;
  private final int area;
  private Pass pass = Pass.SCALE_SHIFT;
  private int samples;
  private float[] in = NONE;
  private float[] x = NONE;
  private float[] out = NONE;
  private float[] mean = NONE;
  private float[] inverseStd = NONE;
  private float[] gamma = NONE;
  private float[] beta = NONE;
  private double epsilon;
  private double[] first = new double[0];
  private double[] second = new double[0];
  private boolean inputGradient;
  /** Whether the forward passes apply a ReLU to their output (fused, see {@link Frame#appliesRelu}). */
  private boolean relu;
  /** The output of a forward pass with a fused ReLU: dy counts only where it is > 0 (NONE: everywhere). */
  private float[] positive = NONE;
  /** Each part's sums and their working space. */
  private ChannelNormKernels.Sums[] sums = new ChannelNormKernels.Sums[0];

  ChannelNormalization(int channels, int area) {
    this.channels = channels;
    this.area = area;
  }

  /**
   * Training: per channel the batch mean and biased variance over (sample, plane), into
   * {@code batchMean}, {@code batchVariance}, {@code mean} and {@code inverseStd} = 1/sqrt(var + ε),
   * then {@code y = γ · ((x − mean) · inverseStd) + β}, and {@code max(y, 0)} when {@code relu}.
   * Modified: y, mean, inverseStd, batchMean, batchVariance.
   */
  void trainingForward(float[] x, int samples, float[] gamma, float[] beta, double epsilon, float[] mean,
      float[] inverseStd, double[] batchMean, double[] batchVariance, boolean relu, float[] y) {
    this.relu = relu;
    this.in = x;
    this.out = y;
    this.gamma = gamma;
    this.beta = beta;
    this.epsilon = epsilon;
    this.mean = mean;
    this.inverseStd = inverseStd;
    this.first = batchMean;
    this.second = batchVariance;
    start(Pass.TRAINING_FORWARD, samples);
  }

  /**
   * {@code y = x · scale[c] + shift[c]} over every plane of channel c, x counting as 0 where
   * {@code positive} (when given) is not > 0, then {@code max(y, 0)} when {@code relu}. Modified: y
   * (may be x).
   */
  void scaleShift(float[] x, float @Nullable [] positive, int samples, float[] scale, float[] shift, boolean relu,
      float[] y) {
    this.relu = relu;
    this.positive = positive != null ? positive : NONE;
    this.in = x;
    this.out = y;
    this.gamma = scale;
    this.beta = shift;
    start(Pass.SCALE_SHIFT, samples);
  }

  /**
   * Per channel {@code sumDy = Σ dy} and {@code sumDyCentered = Σ dy · (x − mean)}; then, when
   * {@code dx} is given, the training-mode input gradient
   * {@code dx = γ·inverseStd · (dy − sumDy/m − (x − mean) · inverseStd² · sumDyCentered/m)}, m =
   * samples · area, where dy counts as 0 where {@code positive} (when given: the output of a
   * forward pass with a fused ReLU) is not > 0. Modified: sumDy, sumDyCentered, dx.
   */
  void gradient(float[] dy, float @Nullable [] positive, float[] x, int samples, float[] mean, float[] inverseStd,
      float[] gamma, double[] sumDy, double[] sumDyCentered, float @Nullable [] dx) {
    this.positive = positive != null ? positive : NONE;
    this.in = dy;
    this.x = x;
    this.mean = mean;
    this.inverseStd = inverseStd;
    this.gamma = gamma;
    this.first = sumDy;
    this.second = sumDyCentered;
    this.inputGradient = dx != null;
    this.out = dx != null ? dx : NONE;
    start(Pass.GRADIENT, samples);
  }

  private void start(Pass pass, int samples) {
    this.pass = pass;
    this.samples = samples;
    runPlanes(channels, (long) samples * channels * area);
    in = x = out = mean = inverseStd = gamma = beta = positive = NONE; // the pool's threads keep no references
  }

  @Override
  void parts(int parts) {
    if (sums.length < parts) {
      ChannelNormKernels.Sums[] more = Arrays.copyOf(sums, parts); // grows with the thread count, then is reused
      for (int k = sums.length; k < parts; k++) {
        more[k] = new ChannelNormKernels.Sums();
      }
      sums = more;
    }
  }

  @Override
  void plane(int c, int part) {
    switch (pass) {
      case TRAINING_FORWARD -> trainingForward(c, sums[part]);
      case SCALE_SHIFT -> scaleShift(c, gamma[c], beta[c]);
      case GRADIENT -> gradient(c, sums[part]);
    }
  }

  private void trainingForward(int c, ChannelNormKernels.Sums sums) {
    int from = c * area;
    int stride = channels * area;
    float shift = samples > 0 ? in[from] : 0; // sums of values shifted by one of them: an accurate variance
    KERNELS.moments(in, from, stride, samples, area, shift, sums);
    long m = (long) samples * area;
    double offset = sums.first() / m;
    double variance = Math.max(0, sums.second() / m - offset * offset);
    first[c] = shift + offset;
    second[c] = variance;
    mean[c] = (float) (shift + offset);
    inverseStd[c] = (float) (1 / Math.sqrt(variance + epsilon));
    KERNELS.normalize(in, from, stride, samples, area, mean[c], inverseStd[c], gamma[c], beta[c], relu, out);
  }

  private void scaleShift(int c, float scale, float shift) {
    KERNELS.scaleShift(in, mask(), c * area, channels * area, samples, area, scale, shift, relu, out);
  }

  private void gradient(int c, ChannelNormKernels.Sums sums) {
    int from = c * area;
    int stride = channels * area;
    float mu = mean[c];
    KERNELS.gradientSums(in, mask(), x, from, stride, samples, area, mu, sums);
    first[c] = sums.first();
    second[c] = sums.second();
    if (!inputGradient) {
      return;
    }
    long m = (long) samples * area;
    float scale = (float) ((double) gamma[c] * inverseStd[c]);
    float meanDy = (float) (first[c] / m);
    float slope = (float) ((double) inverseStd[c] * inverseStd[c] * second[c] / m); // x̂ · mean(dy·x̂) = (x − mean) · slope
    KERNELS.normalizeBackward(in, mask(), x, from, stride, samples, area, mu, scale, meanDy, slope, out);
  }

  /** The ReLU mask of a backward pass: the fused forward's output, or null. */
  private float @Nullable [] mask() {
    return positive == NONE ? null : positive;
  }
}

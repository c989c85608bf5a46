// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API per-channel batch-normalisation kernels against the portable loops, and the sums
 * of both against sums in double in plain order (within the float blocks' roundings), on one
 * channel (channel 1 of 3) of batches whose planes are shorter than a vector, a vector long, a few
 * vectors and a tail, an odd size, and longer than a block of the vector sums (64 vectors). The
 * spare values between the channel's planes (the other channels) are left alone.
 */
class ChannelNormKernelsTest {
  private static final ChannelNormKernels PORTABLE = new ChannelNormKernels.Portable();
  private static final ChannelNormKernels VECTOR = new VectorChannelNormKernels();
  private static final int CHANNELS = 3;
  private static final int C = 1;
  /**
   * The vector kernels sum each lane in float over blocks of 64 values: within 64 roundings
   * (2^-24 each) of the terms' magnitudes, plus one for the float x − mean of the products.
   */
  private static final double BLOCK_ROUNDINGS = 65 * 0x1p-24;

  static Stream<Arguments> shapes() {
    return Stream.of(1, 2, 5, 64).flatMap(planes -> Stream.of(1, 3, 7, 8, 16, 17, 49, 196, 784, 1100)
        .map(area -> Arguments.of(planes, area)));
  }

  private static float[] random(int n, long seed, double mean) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (mean + r.nextGaussian());
    }
    return v;
  }

  /** |a − b| within a few float roundings of {@code scale}, the size of the terms. */
  private static void assertClose(double expected, double actual, double scale, String what) {
    assertEquals(expected, actual, 1e-6 * scale + 1e-30, what);
  }

  /** Whether index k lies in the planes of channel C. */
  private static boolean inChannel(int k, int area) {
    return k / area % CHANNELS == C;
  }

  @ParameterizedTest(name = "{0} planes of {1}")
  @MethodSource("shapes")
  void momentsAreTheShiftedSumsInDouble(int planes, int area) {
    float[] x = random(planes * CHANNELS * area, planes + 17L * area, 50);
    float shift = x[C * area];
    double s = 0;
    double q = 0;
    double absolute = 0;
    for (int k = 0; k < x.length; k++) {
      if (inChannel(k, area)) {
        double d = x[k] - (double) shift;
        s += d;
        q += d * d;
        absolute += Math.abs(d);
      }
    }
    for (ChannelNormKernels kernels : new ChannelNormKernels[] {PORTABLE, VECTOR}) {
      ChannelNormKernels.Sums sums = new ChannelNormKernels.Sums();
      kernels.moments(x, C * area, CHANNELS * area, planes, area, shift, sums);
      kernels.moments(x, C * area, CHANNELS * area, planes, area, shift, sums); // the working space is reused
      assertEquals(s, sums.first(), BLOCK_ROUNDINGS * absolute + 1e-300, kernels + " sum");
      assertEquals(q, sums.second(), BLOCK_ROUNDINGS * q + 1e-300, kernels + " squares");
    }
  }

  @ParameterizedTest(name = "{0} planes of {1}")
  @MethodSource("shapes")
  void gradientSumsAreTheSumsInDoubleWithOrWithoutAReluMask(int planes, int area) {
    int n = planes * CHANNELS * area;
    float[] dy = random(n, planes * 3L + area, 0);
    float[] x = random(n, planes * 13L + area, 4);
    float[] positive = random(n, planes * 23L + area, 0); // about half > 0
    float mean = 3.75f;
    for (float[] mask : new float[][] {null, positive}) {
      double s = 0;
      double p = 0;
      double size = 0;
      for (int k = 0; k < n; k++) {
        if (inChannel(k, area) && (mask == null || mask[k] > 0)) {
          double centered = (double) x[k] - mean;
          s += dy[k];
          p += dy[k] * centered;
          size += Math.abs(dy[k]) * (1 + Math.abs(centered));
        }
      }
      for (ChannelNormKernels kernels : new ChannelNormKernels[] {PORTABLE, VECTOR}) {
        ChannelNormKernels.Sums sums = new ChannelNormKernels.Sums();
        kernels.gradientSums(dy, mask, x, C * area, CHANNELS * area, planes, area, mean, sums);
        kernels.gradientSums(dy, mask, x, C * area, CHANNELS * area, planes, area, mean, sums);
        String what = kernels + (mask == null ? "" : ", masked");
        assertEquals(s, sums.first(), BLOCK_ROUNDINGS * size + 1e-300, what + " Σdy");
        assertEquals(p, sums.second(), BLOCK_ROUNDINGS * size + 1e-300, what + " Σdy·(x − mean)");
      }
    }
  }

  @ParameterizedTest(name = "{0} planes of {1}")
  @MethodSource("shapes")
  void elementWisePassesMatchThePortableLoopsAndLeaveTheOtherChannelsAlone(int planes, int area) {
    int n = planes * CHANNELS * area;
    float[] x = random(n, planes * 5L + area, 3);
    float[] dy = random(n, planes * 7L + area, 0);
    float[] positive = random(n, planes * 11L + area, 0);
    float mean = 2.5f;
    float inverseStd = 1.3f;
    float gamma = 0.8f;
    float beta = -2.9f; // about half of y below 0, for the ReLU
    int from = C * area;
    int stride = CHANNELS * area;
    for (boolean relu : new boolean[] {false, true}) {
      float[] mask = relu ? positive : null;
      float[] expected = new float[n];
      PORTABLE.normalize(x, from, stride, planes, area, mean, inverseStd, gamma, beta, relu, expected);
      float[] y = x.clone();
      VECTOR.normalize(y, from, stride, planes, area, mean, inverseStd, gamma, beta, relu, y); // y may be x
      for (int k = 0; k < n; k++) {
        if (inChannel(k, area)) {
          double hat = (x[k] - mean) * inverseStd;
          assertClose(expected[k], y[k], Math.abs(gamma * hat) + Math.abs(beta), relu + ": y " + k);
          assertTrue(!relu || y[k] >= 0, "after the ReLU: " + k);
        } else {
          assertEquals(x[k], y[k], "other channels are left alone: " + k);
        }
      }

      PORTABLE.scaleShift(x, mask, from, stride, planes, area, gamma, beta, relu, expected);
      float[] shifted = x.clone();
      VECTOR.scaleShift(shifted, mask, from, stride, planes, area, gamma, beta, relu, shifted);
      for (int k = 0; k < n; k++) {
        if (inChannel(k, area)) {
          boolean on = mask == null || mask[k] > 0;
          float direct = (on ? x[k] : 0f) * gamma + beta;
          assertClose(relu ? Math.max(direct, 0) : direct, expected[k], Math.abs(x[k] * gamma) + Math.abs(beta),
              relu + ": portable x · scale + shift " + k);
          assertClose(expected[k], shifted[k], Math.abs(x[k] * gamma) + Math.abs(beta), relu + ": x · scale + shift " + k);
        } else {
          assertEquals(x[k], shifted[k], "other channels are left alone: " + k);
        }
      }

      float scale = 1.7f;
      float meanDy = 0.3f;
      float slope = -0.6f;
      PORTABLE.normalizeBackward(dy, mask, x, from, stride, planes, area, mean, scale, meanDy, slope, expected);
      float[] dx = dy.clone();
      VECTOR.normalizeBackward(dx, mask, x, from, stride, planes, area, mean, scale, meanDy, slope, dx); // dx may be dy
      for (int k = 0; k < n; k++) {
        if (inChannel(k, area)) {
          float g = mask == null || mask[k] > 0 ? dy[k] : 0f;
          double centered = Math.abs(x[k] - mean);
          double size = Math.abs(scale) * (Math.abs(dy[k]) + Math.abs(meanDy) + centered * (1 + Math.abs(slope)));
          assertClose(scale * (g - meanDy - (x[k] - mean) * slope), expected[k], 4 * size, relu + ": portable dx " + k);
          assertClose(expected[k], dx[k], 4 * size, relu + ": dx " + k);
        } else {
          assertEquals(dy[k], dx[k], "other channels are left alone: " + k);
        }
      }
    }
  }

  @Test
  void theVectorKernelsAreChosenWhenTheModuleIsPresent() {
    assertInstanceOf(VectorChannelNormKernels.class, ChannelNormKernels.best());
  }
}

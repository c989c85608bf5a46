// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * e<sup>x</sup> − 1 for x ≤ 0 in single precision (ELU's negative side), computed by the same
 * float additions and multiplications in the portable and the Vector API kernels, so that both
 * give the same bits in every JIT tier. The Vector API's own {@code EXPM1} does not: C2 calls an
 * SVML routine while the interpreter and C1 compute {@code Math.expm1} lane by lane, and the two
 * differ in the last bit for about 1 input in 2,000, so a training run would depend on when the
 * JIT compiled its kernels.
 *
 * <p>The method is Cephes' {@code expf}: x = n·ln 2 + r with n = round(x·log₂e) and |r| ≤ ½ ln 2
 * (ln 2 split in two parts, Cody and Waite, so that n·ln 2 is exact), e<sup>r</sup> − 1 by its
 * Taylor polynomial to r⁷ (the next term is below 0.3 ulp), and
 * e<sup>x</sup> − 1 = 2ⁿ·(e<sup>r</sup> − 1) + (2ⁿ − 1), which keeps full relative accuracy
 * near 0 (n = 0). Measured against {@code Math.expm1} over [−20, 0]: within 0.81 ulp.
 */
final class Expm1 {
  /** Below this, e^x − 1 rounds to −1 in float (e^−17.4 is half an ulp of 1). */
  static final float LOWEST = -20f;
  static final float LOG2E = 1.44269504088896341f;
  /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer. */
  static final float ROUND = 12582912f;
  /** The bits of {@link #ROUND}, less the float exponent bias: (bits of t) − this = n + 127. */
  static final int ROUND_BITS_LESS_BIAS = 0x4B400000 - 127;
  /** ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 significant bits, so n·LN2_HI is exact. */
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  static final float C2 = 1 / 2f;
  static final float C3 = 1 / 6f;
  static final float C4 = 1 / 24f;
  static final float C5 = 1 / 120f;
  static final float C6 = 1 / 720f;
  static final float C7 = 1 / 5040f;

  private Expm1() {}

  /** e^x − 1 for x ≤ 0 (NaN for NaN). */
  static float of(float x) {
    x = Math.max(x, LOWEST);
    float t = x * LOG2E + ROUND;
    float n = t - ROUND;
    float r = x - n * LN2_HI - n * LN2_LO;
    float q = ((((C7 * r + C6) * r + C5) * r + C4) * r + C3) * r + C2;
    float p = r * r * q + r;
    float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS_LESS_BIAS) << 23);
    return scale * p + (scale - 1f);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** Seeds derived from seeds, so that each random stream of a run depends only on what it is for. */
public final class Seeds {
  private Seeds() {}

  /** A well-mixed seed from a seed and an index (SplitMix64's finaliser over seed + (index + 1)·γ). */
  public static long derive(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

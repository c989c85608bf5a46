// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import org.jspecify.annotations.Nullable;

/**
 * The update rules of the optimizers, each one pass over a parameter and its slots. The
 * optimizers compute the per-step scalars (bias corrections, where ε goes under each convention)
 * and call these; the loops live here once, as a Vector API implementation used when
 * {@code jdk.incubator.vector} is present and a portable one otherwise.
 *
 * <p>Both implementations evaluate the same float operations in the same order (no fused
 * multiply-adds; square roots and divisions are correctly rounded in both), so they give
 * bit-identical results, and each element's result depends on nothing but its own values: a call
 * updates the elements from..to, so a parameter can be updated in parts on several threads.
 */
public interface OptimizerKernels {

  /** The fastest implementation this JVM can run (chosen once). */
  static OptimizerKernels best() {
    return Holder.BEST;
  }

  /** Decoupled weight decay: {@code w ← w − w·decay}. Modified: w. */
  void decay(float[] w, float decay, int from, int to);

  /** Plain gradient descent: {@code w ← w − lr·g}. Modified: w. */
  void sgd(float[] w, float[] g, float lr, int from, int to);

  /**
   * Momentum, in both conventions: {@code b ← μ·b + in·g;  w ← w + out·(nesterov ? μ·b + in·g : b)}.
   * Modified: w, b.
   */
  void momentum(float[] w, float[] g, float[] b, float mu, float in, float out, boolean nesterov, int from, int to);

  /**
   * Adam: {@code m ← b1·m + b1c·g;  v ← b2·v + b2c·g·g;  vMax ← max(vMax, v);
   * w ← w − alpha·m / (√vMax + eps)}. Without AMSGrad pass v as vMax. Modified: w, m, v, vMax.
   */
  void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, float b1, float b1c, float b2, float b2c,
      float alpha, float eps, int from, int to);

  /**
   * Nadam: {@code m ← b1·m + b1c·g;  v ← b2·v + b2c·g·g;
   * w ← w − (cm·m + cg·g) / (√(v·correction2) + eps)}. Modified: w, m, v.
   */
  void nadam(float[] w, float[] g, float[] m, float[] v, float b1, float b1c, float b2, float b2c, float cm,
      float cg, float correction2, float eps, int from, int to);

  /**
   * Adamax: {@code m ← b1·m + b1c·g;  u ← max(b2·u, |g| + epsInside);
   * w ← w − rate·m / (u + epsOutside)}. Modified: w, m, u.
   */
  void adamax(float[] w, float[] g, float[] m, float[] u, float b1, float b1c, float b2, float rate,
      float epsInside, float epsOutside, int from, int to);

  /** Adagrad: {@code acc ← acc + g·g;  w ← w − lr·g / (√(acc + epsInside) + epsOutside)}. Modified: w, acc. */
  void adagrad(float[] w, float[] g, float[] acc, float lr, float epsInside, float epsOutside, int from, int to);

  /**
   * RMSprop: {@code v ← r·v + rc·g·g}; centered ({@code a} not null): {@code a ← r·a + rc·g} and
   * the variance is {@code v − a·a}; {@code s = g / (√(variance + epsInside) + epsOutside)}; with
   * momentum ({@code b} not null) {@code b ← mu·b + in·s;  w ← w − out·b}, else
   * {@code w ← w − lr·s}. Modified: w, v, a, b.
   */
  void rmsprop(float[] w, float[] g, float[] v, float @Nullable [] a,
      float @Nullable [] b, float r, float rc, float lr, float mu, float in, float out,
      float epsInside, float epsOutside, int from, int to);

  /**
   * The portable loops; the vector implementation runs them on the values left over after its
   * last full vector.
   */
  final class Portable implements OptimizerKernels {
    @Override
    public void decay(float[] w, float decay, int from, int to) {
      for (int i = from; i < to; i++) {
        w[i] -= w[i] * decay;
      }
    }

    @Override
    public void sgd(float[] w, float[] g, float lr, int from, int to) {
      for (int i = from; i < to; i++) {
        w[i] -= lr * g[i];
      }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] b, float mu, float in, float out, boolean nesterov, int from,
        int to) {
      for (int i = from; i < to; i++) {
        b[i] = mu * b[i] + in * g[i];
        w[i] += out * (nesterov ? mu * b[i] + in * g[i] : b[i]);
      }
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, float b1, float b1c, float b2,
        float b2c, float alpha, float eps, int from, int to) {
      for (int i = from; i < to; i++) {
        m[i] = b1 * m[i] + b1c * g[i];
        v[i] = b2 * v[i] + b2c * g[i] * g[i];
        vMax[i] = Math.max(vMax[i], v[i]); // a no-op without AMSGrad, where vMax is v
        w[i] -= alpha * m[i] / ((float) Math.sqrt(vMax[i]) + eps);
      }
    }

    @Override
    public void nadam(float[] w, float[] g, float[] m, float[] v, float b1, float b1c, float b2, float b2c, float cm,
        float cg, float correction2, float eps, int from, int to) {
      for (int i = from; i < to; i++) {
        m[i] = b1 * m[i] + b1c * g[i];
        v[i] = b2 * v[i] + b2c * g[i] * g[i];
        w[i] -= (cm * m[i] + cg * g[i]) / ((float) Math.sqrt(v[i] * correction2) + eps);
      }
    }

    @Override
    public void adamax(float[] w, float[] g, float[] m, float[] u, float b1, float b1c, float b2, float rate,
        float epsInside, float epsOutside, int from, int to) {
      for (int i = from; i < to; i++) {
        m[i] = b1 * m[i] + b1c * g[i];
        u[i] = Math.max(b2 * u[i], Math.abs(g[i]) + epsInside);
        w[i] -= rate * m[i] / (u[i] + epsOutside);
      }
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] acc, float lr, float epsInside, float epsOutside, int from,
        int to) {
      for (int i = from; i < to; i++) {
        acc[i] += g[i] * g[i];
        w[i] -= lr * g[i] / ((float) Math.sqrt(acc[i] + epsInside) + epsOutside);
      }
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] v, float @Nullable [] a,
        float @Nullable [] b, float r, float rc, float lr, float mu, float in, float out,
        float epsInside, float epsOutside, int from, int to) {
      for (int i = from; i < to; i++) {
        v[i] = r * v[i] + rc * g[i] * g[i];
        float variance = v[i];
        if (a != null) {
          a[i] = r * a[i] + rc * g[i];
          variance -= a[i] * a[i];
        }
        float scaled = g[i] / ((float) Math.sqrt(variance + epsInside) + epsOutside);
        if (b != null) {
          b[i] = mu * b[i] + in * scaled;
          w[i] -= out * b[i];
        } else {
          w[i] -= lr * scaled;
        }
      }
    }
  }

  /** Picks the implementation once, on first use. */
  final class Holder {
    static final OptimizerKernels BEST =
        MatMuls.vectorApiAvailable() ? new VectorOptimizerKernels() : new Portable();

    private Holder() {}
  }
}

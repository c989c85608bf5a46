// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import dev.lamina.layers.Parameter;
import java.util.List;

/**
 * Gradient clipping, applied by every optimizer after back-propagation and before the update.
 *
 * <ul>
 *   <li>{@link Kind#VALUE}: each element clamped to [−c, c] (Keras {@code clipvalue}, PyTorch
 *       {@code clip_grad_value_});
 *   <li>{@link Kind#NORM}: each tensor scaled by c / max(‖g‖, c) (Keras {@code clipnorm});
 *   <li>{@link Kind#GLOBAL_NORM}: all tensors scaled by min(1, c / N) with N the norm of all
 *       gradients together (Keras {@code global_clipnorm}; PyTorch's {@code clip_grad_norm_} uses
 *       c / (N + 1e-6), a difference below 1e-5 relative in practice).
 * </ul>
 *
 * @param kind what is clipped
 * @param threshold c, > 0 (ignored for {@link Kind#NONE})
 */
public record Clipping(Kind kind, double threshold) {
  /** No clipping: the default of every optimizer. */
  public static final Clipping NONE = new Clipping(Kind.NONE, 0);

  /** What a {@link Clipping} limits. */
  public enum Kind { NONE, VALUE, NORM, GLOBAL_NORM }

  public Clipping {
    if (kind != Kind.NONE && (!(threshold > 0) || Double.isInfinite(threshold))) {
      throw new IllegalArgumentException("Clipping " + kind + ": threshold must be finite and > 0, but was " + threshold);
    }
  }

  /** Clips the gradients of the trainable parameters in place. */
  void apply(List<Parameter> parameters) {
    switch (kind) {
      case NONE -> { }
      case VALUE -> {
        float c = (float) threshold;
        for (int k = 0, n = parameters.size(); k < n; k++) {
          float[] g = parameters.get(k).gradient();
          for (int i = 0; i < g.length; i++) {
            g[i] = Math.max(-c, Math.min(c, g[i]));
          }
        }
      }
      case NORM -> {
        for (int i = 0, n = parameters.size(); i < n; i++) {
          Parameter p = parameters.get(i);
          double norm = Math.sqrt(sumOfSquares(p.gradient()));
          scale(p.gradient(), threshold / Math.max(norm, threshold));
        }
      }
      case GLOBAL_NORM -> {
        double total = 0;
        for (int i = 0, n = parameters.size(); i < n; i++) {
          total += sumOfSquares(parameters.get(i).gradient());
        }
        double norm = Math.sqrt(total);
        if (norm > threshold) {
          for (int i = 0, n = parameters.size(); i < n; i++) {
            scale(parameters.get(i).gradient(), threshold / norm);
          }
        }
      }
    }
  }

  private static double sumOfSquares(float[] g) {
    double s = 0;
    for (float v : g) {
      s += (double) v * v;
    }
    return s;
  }

  private static void scale(float[] g, double factor) {
    if (factor == 1) {
      return;
    }
    float f = (float) factor;
    for (int i = 0; i < g.length; i++) {
      g[i] *= f;
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.math.Elementwise;
import dev.lamina.tensor.Matrix;

/**
 * Exponential linear unit (Clevert et al., 2015, https://arxiv.org/abs/1511.07289):
 * f(x) = x for x > 0, alpha·(e^x − 1) otherwise; f'(x) = 1 for x > 0, f(x) + alpha otherwise
 * (alpha at x = 0, as Keras and PyTorch).
 *
 * @param alpha the saturation value for large negative inputs, finite and ≥ 0; default 1.0
 */
public record Elu(double alpha) implements Activation {
  private static final Elementwise KERNELS = Elementwise.best();

  /** 1.0, as Keras and PyTorch. */
  public static final double DEFAULT_ALPHA = 1.0;

  public Elu {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("Elu: alpha must be finite and >= 0, but was " + alpha);
    }
  }

  @Override
  public String name() {
    return "elu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    KERNELS.elu(z.data(), out.data(), (float) alpha, z.size());
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    KERNELS.eluBackward(z.data(), out.data(), dOut.data(), dz.data(), (float) alpha, z.size());
  }
}

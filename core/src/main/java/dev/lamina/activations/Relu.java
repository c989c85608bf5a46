// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.math.Elementwise;
import dev.lamina.tensor.Matrix;

/** Rectified linear unit: f(x) = max(x, 0); f'(x) = 1 for x > 0, else 0 (0 at x = 0, as Keras and PyTorch). */
public record Relu() implements Activation {
  private static final Elementwise KERNELS = Elementwise.best();

  @Override
  public String name() {
    return "relu";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    KERNELS.relu(z.data(), out.data(), z.size());
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    KERNELS.reluBackward(z.data(), dOut.data(), dz.data(), z.size());
  }
}

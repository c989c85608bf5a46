// SPDX-License-Identifier: Apache-2.0

package dev.lamina.activations;

import dev.lamina.tensor.Matrix;

/** Identity activation: f(x) = x. */
public record Linear() implements Activation {
  @Override
  public String name() {
    return "linear";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    if (out != z) {
      System.arraycopy(z.data(), 0, out.data(), 0, z.size());
    }
  }

  @Override
  public void backward(Matrix z, Matrix out, Matrix dOut, Matrix dz) {
    if (dz != dOut) {
      System.arraycopy(dOut.data(), 0, dz.data(), 0, dOut.size());
    }
  }
}

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Elu;
import dev.lamina.activations.Relu;
import dev.lamina.math.Elementwise;
import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * {@link Dense}'s passes after the matrix product: the bias added and the activation applied in
 * one pass, and, backwards, the activation's gradient and the bias gradient (the column sums) in
 * one pass. ReLU and ELU have fused kernels; any other activation runs as a separate pass, with
 * the same results.
 */
final class BiasActivation {
  private static final Elementwise KERNELS = Elementwise.best();

  private BiasActivation() {}

  /**
   * z ← z + bias (when there is one), out = activation(z). Modified: z, out (may be z, for the
   * linear activation).
   */
  static void forward(Activation activation, float @Nullable [] bias, Matrix z, Matrix out) {
    int rows = z.rows();
    int cols = z.cols();
    if (bias == null) {
      if (out != z) {
        activation.forward(z, out);
      }
    } else if (activation instanceof Relu) {
      KERNELS.biasRelu(z.data(), rows, cols, bias, out.data());
    } else if (activation instanceof Elu elu) {
      KERNELS.biasElu(z.data(), rows, cols, bias, (float) elu.alpha(), out.data());
    } else {
      KERNELS.addBias(z.data(), rows, cols, bias);
      if (out != z) {
        activation.forward(z, out);
      }
    }
  }

  /**
   * dz = J(z)ᵀ·dOut and, when {@code biasGradient} is not null, its column sums into it.
   * Modified: dz, biasGradient.
   */
  static void backward(Activation activation, Matrix z, Matrix out, Matrix dOut, Matrix dz,
      float @Nullable [] biasGradient) {
    int rows = z.rows();
    int cols = z.cols();
    if (biasGradient != null && activation instanceof Relu) {
      KERNELS.reluBackwardColumnSums(z.data(), dOut.data(), dz.data(), rows, cols, biasGradient);
    } else if (biasGradient != null && activation instanceof Elu elu) {
      KERNELS.eluBackwardColumnSums(z.data(), out.data(), dOut.data(), dz.data(), (float) elu.alpha(), rows, cols,
          biasGradient);
    } else {
      activation.backward(z, out, dOut, dz);
      biasGradient(dz, biasGradient);
    }
  }

  /** The column sums of g into {@code biasGradient}, when not null. Modified: biasGradient. */
  static void biasGradient(Matrix g, float @Nullable [] biasGradient) {
    if (biasGradient != null) {
      KERNELS.columnSums(g.data(), g.rows(), g.cols(), biasGradient);
    }
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Elu;
import dev.lamina.activations.Linear;
import dev.lamina.activations.Relu;
import dev.lamina.math.Elementwise;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * The passes of an {@link Activated} layer ({@link Dense}, the convolutions) between its product or
 * convolution z and its output: forward, the bias added (unless the convolution added it already)
 * and the activation applied in one pass; backward, the activation's gradient and the bias gradient
 * (the column sums) in one pass. ReLU and ELU have fused kernels; any other activation runs as a
 * separate pass, with the same results. The linear activation's output is z itself.
 *
 * <p>One instance per frame (in the layer's scratch state) keeps z, the pre-activation that
 * {@link Activated#preActivation} returns, and the buffer for its gradient.
 */
final class BiasActivation {
  private static final Elementwise KERNELS = Elementwise.best();

  private final Matrix z = new Matrix(0, 0);
  private final Matrix dz = new Matrix(0, 0);

  /** z reshaped to [rows, cols], for the layer to fill before {@link #forward}. */
  Matrix z(int rows, int cols) {
    return z.reshape(rows, cols);
  }

  /** The pre-activation of the latest forward pass. */
  Matrix z() {
    return z;
  }

  /**
   * z ← z + bias (when not null), then the output {@code activation(z)}: z itself for the linear
   * activation, else the frame's output buffer. Modified: z. Large fused passes are split by rows
   * over the worker pool.
   */
  Matrix forward(Activation activation, float @Nullable [] bias, Frame f) {
    Matrix out = activation instanceof Linear ? z : f.output(z.rows(), z.cols());
    int rows = z.rows();
    int cols = z.cols();
    if (bias == null) {
      if (out != z) {
        activation.forward(z, out);
      }
    } else if (activation instanceof Relu || activation instanceof Elu) {
      ForwardTask task = FORWARD.get();
      task.set(activation, bias, z.data(), cols, rows, out.data());
      WorkerPool.current().run(task, rows * cols >= ElementwisePass.PARALLEL_FLOATS);
      task.clear();
    } else {
      KERNELS.addBias(z.data(), 0, rows, cols, bias);
      if (out != z) {
        activation.forward(z, out);
      }
    }
    return out;
  }

  private static final ThreadLocal<ForwardTask> FORWARD = ThreadLocal.withInitial(ForwardTask::new);

  /** One fused bias-and-activation pass, reused per calling thread: rows split by part. */
  private static final class ForwardTask implements WorkerPool.Task {
    private static final float[] NONE = {};
    private @Nullable Activation activation;
    private float[] bias = NONE;
    private float[] z = NONE;
    private float[] y = NONE;
    private int cols;
    private int rows;

    void set(Activation activation, float[] bias, float[] z, int cols, int rows, float[] y) {
      this.activation = activation;
      this.bias = bias;
      this.z = z;
      this.cols = cols;
      this.rows = rows;
      this.y = y;
    }

    void clear() {
      activation = null;
      bias = z = y = NONE; // the pool's threads keep no references to the layer's arrays
    }

    @Override
    public void run(int part, int parts) {
      int from = rows * part / parts;
      int to = rows * (part + 1) / parts;
      if (activation instanceof Elu elu) {
        KERNELS.biasElu(z, from, to, cols, bias, (float) elu.alpha(), y);
      } else {
        KERNELS.biasRelu(z, from, to, cols, bias, y);
      }
    }
  }

  /**
   * The gradient with respect to z for the output gradient {@code dy} of the latest forward pass:
   * dy itself for the linear activation, else J(z)ᵀ·dy in this frame's buffer (ReLU's from the
   * output, the frame's, which the layer must have written); and, when
   * {@code biasGradient} is not null, its column sums into it. Modified: biasGradient.
   */
  Matrix backward(Activation activation, Frame f, Matrix dy, float @Nullable [] biasGradient) {
    if (activation instanceof Linear) {
      biasGradient(dy, biasGradient);
      return dy;
    }
    int rows = z.rows();
    int cols = z.cols();
    Matrix g = dz.reshape(dy.rows(), dy.cols());
    Matrix out = f.output(rows, cols);
    if (activation instanceof Relu) {
      // From the output: y > 0 exactly where z > 0, and a convolution's inference pass keeps no z
      if (biasGradient == null) {
        ElementwisePass.reluGradient(out.data(), dy.data(), g.data(), out.size());
      } else {
        KERNELS.reluBackwardColumnSums(out.data(), dy.data(), g.data(), rows, cols, biasGradient);
      }
    } else if (biasGradient != null && activation instanceof Elu elu) {
      KERNELS.eluBackwardColumnSums(z.data(), out.data(), dy.data(), g.data(), (float) elu.alpha(), rows, cols,
          biasGradient);
    } else {
      activation.backward(z, out, dy, g);
      biasGradient(g, biasGradient);
    }
    return g;
  }

  /** The column sums of g into {@code biasGradient}, when not null. Modified: biasGradient. */
  static void biasGradient(Matrix g, float @Nullable [] biasGradient) {
    if (biasGradient != null) {
      KERNELS.columnSums(g.data(), g.rows(), g.cols(), biasGradient);
    }
  }
}

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Elu;
import dev.lamina.activations.Relu;
import dev.lamina.math.Elementwise;
import dev.lamina.math.WorkerPool;
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
   * linear activation). Large fused passes are split by rows over the worker pool.
   */
  static void forward(Activation activation, float @Nullable [] bias, Matrix z, Matrix out) {
    int rows = z.rows();
    int cols = z.cols();
    if (bias == null) {
      if (out != z) {
        activation.forward(z, out);
      }
    } else if (activation instanceof Relu || activation instanceof Elu) {
      ForwardTask task = FORWARD.get();
      task.set(activation, bias, z.data(), cols, rows, out.data());
      WorkerPool.current().run(task, rows * cols >= ForwardTask.PARALLEL_FLOATS);
      task.clear();
    } else {
      KERNELS.addBias(z.data(), 0, rows, cols, bias);
      if (out != z) {
        activation.forward(z, out);
      }
    }
  }

  private static final ThreadLocal<ForwardTask> FORWARD = ThreadLocal.withInitial(ForwardTask::new);

  /** One fused bias-and-activation pass, reused per calling thread: rows split by part. */
  private static final class ForwardTask implements WorkerPool.Task {
    /** Below this many values one thread does the pass: a hand-off costs more (~2 µs). */
    static final int PARALLEL_FLOATS = 1 << 14;
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

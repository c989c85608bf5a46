package dev.lamina.math;

/**
 * Element-wise kernels of the training loop whose plain Java loops the JIT cannot vectorize
 * (conditional selects, as in ReLU's backward pass, run as unpredictable branches). As with
 * {@link MatMul}, a Vector API implementation is used when {@code jdk.incubator.vector} is
 * present, and a portable loop otherwise. Arrays are read from index 0; {@code n} values are used.
 */
public interface Elementwise {

  /** The fastest implementation this JVM can run (chosen once). */
  static Elementwise best() {
    return Holder.BEST;
  }

  /** y = max(x, 0). Not modified: x. Modified: y (may be x). */
  void relu(float[] x, float[] y, int n);

  /** dx = dy where x &gt; 0, else 0 (0 at x = 0). Not modified: x, dy. Modified: dx (may be dy). */
  void reluBackward(float[] x, float[] dy, float[] dx, int n);

  /** y = x for x &gt; 0, alpha·(e^x − 1) otherwise. Modified: y (may be x). */
  void elu(float[] x, float[] y, float alpha, int n);

  /** dx = dy for x &gt; 0, dy·(y + alpha) otherwise, given y = elu(x). Modified: dx (may be dy). */
  void eluBackward(float[] x, float[] y, float[] dy, float[] dx, float alpha, int n);

  /** The portable loops. */
  final class Portable implements Elementwise {
    @Override
    public void relu(float[] x, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.max(x[i], 0f);
      }
    }

    @Override
    public void reluBackward(float[] x, float[] dy, float[] dx, int n) {
      for (int i = 0; i < n; i++) {
        dx[i] = x[i] > 0 ? dy[i] : 0f;
      }
    }

    @Override
    public void elu(float[] x, float[] y, float alpha, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = x[i] > 0 ? x[i] : alpha * (float) Math.expm1(x[i]);
      }
    }

    @Override
    public void eluBackward(float[] x, float[] y, float[] dy, float[] dx, float alpha, int n) {
      for (int i = 0; i < n; i++) {
        dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
      }
    }
  }

  /** Picks the implementation once, on first use. */
  final class Holder {
    static final Elementwise BEST = MatMuls.vectorApiAvailable() ? new VectorElementwise() : new Portable();

    private Holder() {}
  }
}

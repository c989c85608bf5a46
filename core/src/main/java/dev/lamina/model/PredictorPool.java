// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

/**
 * Thread-safe single-sample inference that allocates nothing per call once warm: the way to serve
 * one model from a pool of request threads. Any number of threads may call {@link #predict} at
 * once; each call borrows a {@link Predictor} (buffers of its own, the model's weights read only),
 * and the pool makes a new one only when all it has are busy, so it holds as many predictors as
 * calls ever ran at once and allocates nothing after that. Results are bit-identical to
 * {@link Model#predict} and to a predictor of one's own. While the model trains on another thread,
 * {@code predict} throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * PredictorPool serving = model.predictorPool();   // one for the whole server
 * // on any request thread:
 * serving.predict(pixels, probabilities);           // probabilities: the caller's float[outputSize()]
 * }</pre>
 *
 * <p>For batches, {@link Model#predict(dev.lamina.tensor.Tensor, int)} is thread-safe too and
 * reuses its buffers the same way, allocating only the tensor it returns.
 *
 * <p>"Nothing" holds for the JIT-compiled kernels as HotSpot compiles them in a fresh JVM; in a
 * JVM that has run many other models, run it with {@code -XX:PerMethodTrapLimit=10000}, or C2 may
 * compile the kernels with their vectors boxed (the README's "Fast kernels" says why).
 */
public final class PredictorPool {
  private final Pool<Predictor> predictors;
  private final int inputSize;
  private final int outputSize;

  PredictorPool(Model model) {
    this.predictors = new Pool<>(() -> new Predictor(model), p -> { });
    try (Pool.Lease<Predictor> first = predictors.borrow()) { // checks now that the model has one input and one output
      this.inputSize = first.item().inputSize();
      this.outputSize = first.item().outputSize();
    }
  }

  /** The number of input values per sample. */
  public int inputSize() {
    return inputSize;
  }

  /** The number of output values per sample. */
  public int outputSize() {
    return outputSize;
  }

  /**
   * Writes the model's output for one sample, given as its {@link #inputSize()} values in
   * row-major order, into {@code out}; allocates nothing once the pool has a predictor free.
   *
   * @throws IllegalArgumentException if the sample or out has the wrong number of values
   * @throws IllegalStateException if the model is training on another thread
   */
  public void predict(float[] sample, float[] out) {
    try (Pool.Lease<Predictor> p = predictors.borrow()) {
      p.item().predict(sample, out);
    }
  }

  /** As {@link #predict(float[], float[])} into a new array (which allocates it). */
  public float[] predict(float[] sample) {
    float[] out = new float[outputSize];
    predict(sample, out);
    return out;
  }

  /** The number of predictors made so far: the most calls that ran at once. */
  public int size() {
    return predictors.size();
  }
}

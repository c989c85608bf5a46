// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Executor;
import dev.lamina.layers.Mode;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;

/**
 * Single-sample inference without allocation: the path for serving one request at a time, where
 * {@link Model#predict} would allocate a tensor per call. A predictor owns its buffers and only
 * reads the model's weights, so any number of predictors of one model may serve at once, one per
 * thread, each bit-identical to {@code predict}; one predictor is used by one thread at a time.
 * While the model trains on another thread, {@link #predict} throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * Predictor predictor = model.predictor();        // one per serving thread
 * float[] probabilities = predictor.predict(pixels); // reused: copy it to keep it
 * }</pre>
 */
public final class Predictor {
  private final Model model;
  private final Executor run;
  private final Matrix input;
  private final float[] output;

  Predictor(Model model) {
    model.input();
    this.model = model;
    this.run = new Executor(model.graph(), true);
    this.input = new Matrix(1, model.input().size());
    this.output = new float[model.outputs().get(0).size()];
    model.outputShape();
  }

  /** The number of input values per sample. */
  public int inputSize() {
    return input.cols();
  }

  /** The number of output values per sample. */
  public int outputSize() {
    return output.length;
  }

  /**
   * The model's output for one sample, given as its {@link #inputSize()} values in row-major order.
   * The returned array is this predictor's own and is overwritten by the next call.
   *
   * @throws IllegalArgumentException if the sample has the wrong number of values
   */
  public float[] predict(float[] sample) {
    predict(sample, output);
    return output;
  }

  /**
   * Writes the model's output for one sample into {@code out}.
   *
   * @throws IllegalArgumentException if the sample or out has the wrong number of values
   * @throws IllegalStateException if the model is training on another thread
   */
  public void predict(float[] sample, float[] out) {
    if (sample.length != input.cols()) {
      throw new IllegalArgumentException("Predictor: a sample must have " + input.cols() + " values (input shape "
          + Arrays.toString(model.input().shape()) + "), but had " + sample.length);
    }
    if (out.length != output.length) {
      throw new IllegalArgumentException("Predictor: the output array must have " + output.length
          + " values, but had " + out.length);
    }
    boolean counted = model.usage.beginInference();
    try {
      System.arraycopy(sample, 0, input.data(), 0, sample.length);
      run.setInput(0, input.reshape(1, input.cols()));
      run.forward(Mode.INFER);
      System.arraycopy(run.output(0).data(), 0, out, 0, out.length);
    } finally {
      if (counted) {
        model.usage.endInference();
      }
    }
  }
}

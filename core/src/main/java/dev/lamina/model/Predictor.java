package dev.lamina.model;

import dev.lamina.layers.Mode;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Shapes;
import java.util.Arrays;

/**
 * Single-sample inference without allocation: the path for serving one request at a time, where
 * {@link Sequential#predict} would allocate a tensor per call. The model runs in inference mode on
 * the calling thread; its layers' buffers are reused, so a predictor, like its model, is used by
 * one thread at a time, and not beside another predictor of the same model or a {@code fit} or
 * {@code predict} of it. To serve from several threads, give each a predictor of its own
 * {@link Sequential#copy()}.
 *
 * <pre>{@code
 * Predictor predictor = model.predictor();
 * float[] probabilities = predictor.predict(pixels); // reused: copy it to keep it
 * }</pre>
 */
public final class Predictor {
  private final Sequential model;
  private final Matrix input;
  private final float[] output;

  Predictor(Sequential model) {
    this.model = model;
    this.input = new Matrix(1, Math.toIntExact(Shapes.size(model.input().shape())));
    this.output = new float[Math.toIntExact(Shapes.size(model.outputShape()))];
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
    System.arraycopy(sample, 0, input.data(), 0, sample.length);
    Matrix y = model.forward(input.reshape(1, input.cols()), Mode.INFER);
    System.arraycopy(y.data(), 0, out, 0, out.length);
  }
}

package dev.lamina.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Parity between Lamina and ONNX Runtime: runs an exported model in ONNX Runtime (CPU) and
 * compares its output with {@link Sequential#predict(Tensor)} on the same inputs.
 *
 * <pre>{@code
 * OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, OnnxExporter.toBytes(model), 32, 7);
 * assert r.maxAbsDiff() <= 1e-5;
 * }</pre>
 */
public final class OnnxRuntimeCheck {
  private OnnxRuntimeCheck() {}

  /**
   * The outcome of a comparison.
   *
   * @param maxAbsDiff the largest |Lamina − ONNX Runtime| over all outputs (NaN on either side counts as infinite)
   * @param lamina Lamina's outputs
   * @param onnxRuntime ONNX Runtime's outputs, reshaped to Lamina's output shape
   */
  public record Result(double maxAbsDiff, Tensor lamina, Tensor onnxRuntime) {
    /** Whether {@link #maxAbsDiff()} ≤ tolerance. */
    public boolean within(double tolerance) {
      return maxAbsDiff <= tolerance;
    }
  }

  /** Compares on {@code samples} inputs drawn from N(0, 1) with the given seed. */
  public static Result compare(Sequential model, byte[] onnx, int samples, long seed) {
    int[] sample = model.input().shape();
    int features = Arrays.stream(sample).reduce(1, Math::multiplyExact);
    float[] x = new float[Math.multiplyExact(samples, features)];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) gaussian(random);
    }
    int[] shape = new int[sample.length + 1];
    shape[0] = samples;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return compare(model, onnx, Tensor.of(x, shape));
  }

  /** Compares on the given inputs [samples, …input shape]. */
  public static Result compare(Sequential model, byte[] onnx, Tensor inputs) {
    Tensor expected = model.predict(inputs);
    float[] got = run(onnx, inputs);
    if (got.length != expected.size()) {
      throw new IllegalStateException("OnnxRuntimeCheck: ONNX Runtime returned " + got.length + " values, Lamina "
          + expected.size() + " (shape " + Arrays.toString(expected.shape()) + ")");
    }
    double max = 0;
    for (int i = 0; i < got.length; i++) {
      double d = Math.abs((double) got[i] - expected.data()[i]);
      max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
    }
    return new Result(max, expected, Tensor.of(got, expected.shape()));
  }

  /**
   * Runs the model's single input through ONNX Runtime and returns its first output, flattened.
   *
   * @throws IllegalStateException wrapping ONNX Runtime's error when the model does not load or run
   */
  public static float[] run(byte[] onnx, Tensor inputs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options)) {
        String name = session.getInputNames().iterator().next();
        long[] shape = ((TensorInfo) session.getInputInfo().get(name).getInfo()).getShape();
        long[] actual = inputShape(inputs, shape);
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs.data()), actual);
            OrtSession.Result r = session.run(Map.of(name, x))) {
          FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
          float[] values = new float[out.remaining()];
          out.get(values);
          return values;
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("OnnxRuntimeCheck: ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** The inputs' shape, or [samples, …] rearranged to the model's declared rank when only the sizes agree. */
  private static long[] inputShape(Tensor inputs, long[] declared) {
    long[] shape = Arrays.stream(inputs.shape()).asLongStream().toArray();
    if (declared.length == shape.length || declared.length < 2) {
      return shape;
    }
    long[] fitted = declared.clone();
    fitted[0] = inputs.samples();
    return fitted;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

package dev.lamina.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Parity between Lamina and ONNX Runtime: runs an ONNX model in ONNX Runtime (CPU) and compares
 * one of its values with {@link Sequential#predict(Tensor)} on the same inputs.
 *
 * <p>float32 and float64 inputs are supported (float64 inputs get Lamina's float32 values
 * widened), as are inputs without a batch axis (ONNX Runtime then runs once per sample). The
 * compared value is the first graph output, or the one an {@link OnnxImport} ends on; a value
 * that is not a graph output (the probabilities before a stripped classifier tail) becomes the
 * only graph output of the ONNX Runtime session.
 *
 * <pre>{@code
 * OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, OnnxExporter.toBytes(model), 32, 7);
 * assert r.maxAbsDiff() <= 1e-5;
 * OnnxImport imported = OnnxImporter.read(file);
 * OnnxRuntimeCheck.Result s = OnnxRuntimeCheck.compare(imported, file, 32, 7); // external data resolved next to file
 * }</pre>
 */
public final class OnnxRuntimeCheck {
  /** ONNX Runtime's session option naming the folder of external data for a model given as bytes. */
  static final String EXTERNAL_DATA_FOLDER = "session.model_external_initializers_file_folder_path";

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

  /** A model as bytes or as a file (whose external data files ONNX Runtime finds next to it). */
  private record Source(byte @Nullable [] bytes, @Nullable Path file) {
    String describe() {
      return file != null ? file.toString() : "the given model";
    }
  }

  /** Compares the first graph output on {@code samples} inputs drawn from N(0, 1) with the given seed. */
  public static Result compare(Sequential model, byte[] onnx, int samples, long seed) {
    return compare(model, new Source(onnx, null), null, gaussianInputs(model, samples, seed));
  }

  /** As {@link #compare(Sequential, byte[], int, long)}, reading the model from a file (external data allowed). */
  public static Result compare(Sequential model, Path onnx, int samples, long seed) {
    return compare(model, new Source(null, onnx), null, gaussianInputs(model, samples, seed));
  }

  /**
   * Compares the imported model with the value it stands for ({@link OnnxImport#output()}) in
   * {@code onnx}, the file it was imported from, on {@code samples} inputs drawn from N(0, 1).
   */
  public static Result compare(OnnxImport imported, Path onnx, int samples, long seed) {
    return compare(imported.model(), new Source(null, onnx), imported.output(),
        gaussianInputs(imported.model(), samples, seed));
  }

  /** Compares the first graph output on the given inputs [samples, …input shape]. */
  public static Result compare(Sequential model, byte[] onnx, Tensor inputs) {
    return compare(model, new Source(onnx, null), null, inputs);
  }

  private static Result compare(Sequential model, Source onnx, @Nullable String output, Tensor inputs) {
    Tensor expected = model.predict(inputs);
    float[] got = run(onnx, inputs, output);
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
    return run(new Source(onnx, null), inputs, null);
  }

  /** As {@link #run(byte[], Tensor)}, reading the model from a file (external data allowed). */
  public static float[] run(Path onnx, Tensor inputs) {
    return run(new Source(null, onnx), inputs, null);
  }

  private static float[] run(Source onnx, Tensor inputs, @Nullable String output) {
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      options.setIntraOpNumThreads(1);
      try (OrtSession session = open(env, onnx, output, options)) {
        String name = session.getInputNames().iterator().next();
        TensorInfo info = (TensorInfo) session.getInputInfo().get(name).getInfo();
        if (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.DOUBLE) {
          throw new IllegalStateException("OnnxRuntimeCheck: input '" + name + "' of " + onnx.describe()
              + " has element type " + info.type + "; the check feeds float32 or float64 inputs");
        }
        String out = output != null ? output : session.getOutputNames().iterator().next();
        long[] declared = info.getShape();
        if (declared.length == 1 && inputs.shape().length == 2) { // no batch axis: one run per sample
          int features = inputs.size() / inputs.samples();
          float[][] parts = new float[inputs.samples()][];
          int total = 0;
          for (int s = 0; s < parts.length; s++) {
            float[] x = Arrays.copyOfRange(inputs.data(), s * features, (s + 1) * features);
            parts[s] = runOnce(env, session, name, info.type, x, new long[] {features}, out, onnx);
            total += parts[s].length;
          }
          float[] all = new float[total];
          int at = 0;
          for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
          }
          return all;
        }
        return runOnce(env, session, name, info.type, inputs.data(), inputShape(inputs, declared), out, onnx);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("OnnxRuntimeCheck: ONNX Runtime failed on " + onnx.describe() + ": "
          + e.getMessage(), e);
    }
  }

  private static OrtSession open(OrtEnvironment env, Source onnx, @Nullable String output,
      OrtSession.SessionOptions options) throws OrtException {
    Path file = onnx.file();
    if (output == null) {
      return file != null ? env.createSession(file.toString(), options) : env.createSession(onnx.bytes(), options);
    }
    byte[] bytes = onnx.bytes();
    if (file != null) {
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("OnnxRuntimeCheck: cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    ModelProto m;
    try {
      m = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("OnnxRuntimeCheck: " + onnx.describe() + " is not an ONNX model: "
          + e.getMessage(), e);
    }
    if (m.getGraph().getOutputList().stream().anyMatch(o -> o.getName().equals(output))) {
      return file != null ? env.createSession(file.toString(), options) : env.createSession(bytes, options);
    }
    // Not a graph output (the probabilities before a stripped classifier tail): make it the only one, so the tail
    // is not run. ONNX Runtime then gets bytes, so it is told where the file's external data files are.
    if (file != null) {
      options.addConfigEntry(EXTERNAL_DATA_FOLDER, file.toAbsolutePath().getParent().toString());
    }
    ModelProto.Builder b = m.toBuilder();
    b.getGraphBuilder().clearOutput().addOutput(ValueInfoProto.newBuilder().setName(output));
    return env.createSession(b.build().toByteArray(), options);
  }

  private static float[] runOnce(OrtEnvironment env, OrtSession session, String input, OnnxJavaType type, float[] x,
      long[] shape, String output, Source onnx) throws OrtException {
    try (OnnxTensor t = type == OnnxJavaType.DOUBLE ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(widen(x)), shape)
            : OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = session.run(Map.of(input, t), Set.of(output))) {
      Optional<OnnxValue> value = r.get(output);
      if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
        throw new IllegalStateException("OnnxRuntimeCheck: ONNX Runtime gave no tensor for output '" + output + "' of "
            + onnx.describe());
      }
      OnnxJavaType got = tensor.getInfo().type;
      if (got == OnnxJavaType.FLOAT) {
        FloatBuffer b = tensor.getFloatBuffer();
        float[] values = new float[b.remaining()];
        b.get(values);
        return values;
      }
      if (got == OnnxJavaType.DOUBLE) {
        DoubleBuffer b = tensor.getDoubleBuffer();
        float[] values = new float[b.remaining()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) b.get();
        }
        return values;
      }
      throw new IllegalStateException("OnnxRuntimeCheck: output '" + output + "' of " + onnx.describe()
          + " has element type " + got + "; the check compares float32 or float64 values");
    }
  }

  private static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  private static Tensor gaussianInputs(Sequential model, int samples, long seed) {
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
    return Tensor.of(x, shape);
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

// SPDX-License-Identifier: Apache-2.0

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
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs an ONNX model in ONNX Runtime (CPU) for {@link OnnxRuntimeCheck}. The only class of
 * lamina-export that touches {@code ai.onnxruntime}, an optional dependency: the JVM loads it only
 * once {@link OnnxRuntimeCheck} has found the runtime on the class path, so the rest of the module
 * works without it.
 */
final class OnnxRuntimeRunner {
  /** ONNX Runtime's session option naming the folder of external data for a model given as bytes. */
  static final String EXTERNAL_DATA_FOLDER = "session.model_external_initializers_file_folder_path";

  private OnnxRuntimeRunner() {}

  /** A model as bytes or as a file (whose external data files ONNX Runtime finds next to it). */
  record Source(byte @Nullable [] bytes, @Nullable Path file) {
    String describe() {
      return file != null ? file.toString() : "the given model";
    }
  }

  /**
   * Runs {@code inputs} (fed by {@code names}, or by position) and returns the {@code outputs}, or
   * the first {@code count} graph outputs when {@code outputs} is null, each flattened.
   */
  static List<float[]> run(Source onnx, List<String> names, List<Tensor> inputs, @Nullable List<String> outputs,
      int count) {
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      options.setIntraOpNumThreads(1);
      try (OrtSession session = open(env, onnx, outputs, options)) {
        List<String> graphInputs = List.copyOf(session.getInputNames());
        if (graphInputs.size() < inputs.size()) {
          throw new IllegalStateException("OnnxRuntimeCheck: " + onnx.describe() + " has " + graphInputs.size()
              + " inputs " + graphInputs + ", but " + inputs.size() + " tensors are to be fed");
        }
        List<String> feed = inputs.size() > 1 && graphInputs.containsAll(names) ? names
            : graphInputs.subList(0, inputs.size());
        List<String> graphOutputs = List.copyOf(session.getOutputNames());
        List<String> fetch = outputs != null ? outputs : graphOutputs.subList(0, Math.min(count, graphOutputs.size()));
        if (fetch.size() < count) {
          throw new IllegalStateException("OnnxRuntimeCheck: " + onnx.describe() + " has " + graphOutputs.size()
              + " outputs " + graphOutputs + ", but the model has " + count);
        }
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (String name : feed) {
          TensorInfo info = (TensorInfo) session.getInputInfo().get(name).getInfo();
          if (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.DOUBLE) {
            throw new IllegalStateException("OnnxRuntimeCheck: input '" + name + "' of " + onnx.describe()
                + " has element type " + info.type + "; the check feeds float32 or float64 inputs");
          }
          infos.put(name, info);
        }
        TensorInfo first = infos.get(feed.get(0));
        if (inputs.size() == 1 && first.getShape().length == 1 && inputs.get(0).shape().length == 2) {
          return perSample(env, session, feed.get(0), first.type, inputs.get(0), fetch, onnx); // no batch axis
        }
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
          shapes.add(inputShape(inputs.get(i), infos.get(feed.get(i)).getShape()));
        }
        long fixed = first.getShape().length > 1 ? first.getShape()[0] : -1;
        int samples = inputs.get(0).samples();
        if (fixed > 0 && samples % fixed != 0) {
          throw new IllegalArgumentException("OnnxRuntimeCheck: " + onnx.describe() + " declares a fixed batch of "
              + fixed + " for input '" + feed.get(0) + "', but " + samples + " samples were given; give a multiple of "
              + fixed);
        }
        if (fixed > 0 && fixed < samples) { // a model exported with a fixed batch (often 1)
          return inBatchesOf((int) fixed, env, session, feed, infos, inputs, shapes, fetch, onnx);
        }
        return runOnce(env, session, feed, infos, inputs.stream().map(Tensor::data).toList(), shapes, fetch, onnx);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("OnnxRuntimeCheck: ONNX Runtime failed on " + onnx.describe() + ": "
          + e.getMessage(), e);
    }
  }

  /** Runs of {@code batch} samples each, for a model whose inputs declare that fixed batch size; the outputs concatenated. */
  private static List<float[]> inBatchesOf(int batch, OrtEnvironment env, OrtSession session, List<String> feed,
      Map<String, TensorInfo> infos, List<Tensor> inputs, List<long[]> shapes, List<String> fetch, Source onnx)
      throws OrtException {
    int runs = inputs.get(0).samples() / batch;
    List<List<float[]>> parts = new ArrayList<>();
    for (int k = 0; k < runs; k++) {
      List<float[]> xs = new ArrayList<>();
      List<long[]> chunkShapes = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        int per = inputs.get(i).size() / inputs.get(i).samples() * batch;
        xs.add(Arrays.copyOfRange(inputs.get(i).data(), k * per, (k + 1) * per));
        long[] shape = shapes.get(i).clone();
        shape[0] = batch;
        chunkShapes.add(shape);
      }
      parts.add(runOnce(env, session, feed, infos, xs, chunkShapes, fetch, onnx));
    }
    return concatenate(parts, fetch.size());
  }

  private static List<float[]> concatenate(List<List<float[]>> parts, int outputs) {
    List<float[]> all = new ArrayList<>();
    for (int o = 0; o < outputs; o++) {
      int total = 0;
      for (List<float[]> p : parts) {
        total += p.get(o).length;
      }
      float[] joined = new float[total];
      int at = 0;
      for (List<float[]> p : parts) {
        System.arraycopy(p.get(o), 0, joined, at, p.get(o).length);
        at += p.get(o).length;
      }
      all.add(joined);
    }
    return all;
  }

  /** One run per sample of an input without batch axis; the outputs of the runs concatenated. */
  private static List<float[]> perSample(OrtEnvironment env, OrtSession session, String input, OnnxJavaType type,
      Tensor inputs, List<String> fetch, Source onnx) throws OrtException {
    int features = inputs.size() / inputs.samples();
    List<List<float[]>> parts = new ArrayList<>();
    for (int s = 0; s < inputs.samples(); s++) {
      float[] x = Arrays.copyOfRange(inputs.data(), s * features, (s + 1) * features);
      TensorInfo info = (TensorInfo) session.getInputInfo().get(input).getInfo();
      parts.add(runOnce(env, session, List.of(input), Map.of(input, info), List.of(x), List.of(new long[] {features}),
          fetch, onnx));
    }
    return concatenate(parts, fetch.size());
  }

  private static OrtSession open(OrtEnvironment env, Source onnx, @Nullable List<String> outputs,
      OrtSession.SessionOptions options) throws OrtException {
    Path file = onnx.file();
    if (outputs == null) {
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
    Set<String> declared = new HashSet<>();
    m.getGraph().getOutputList().forEach(o -> declared.add(o.getName()));
    if (declared.containsAll(outputs)) {
      return file != null ? env.createSession(file.toString(), options) : env.createSession(bytes, options);
    }
    // Not all graph outputs (the probabilities before a stripped classifier tail): make them the only ones, so the
    // tail is not run. ONNX Runtime then gets bytes, so it is told where the file's external data files are.
    if (file != null) {
      options.addConfigEntry(EXTERNAL_DATA_FOLDER, file.toAbsolutePath().getParent().toString());
    }
    ModelProto.Builder b = m.toBuilder();
    b.getGraphBuilder().clearOutput();
    outputs.forEach(o -> b.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(o)));
    return env.createSession(b.build().toByteArray(), options);
  }

  private static List<float[]> runOnce(OrtEnvironment env, OrtSession session, List<String> feed,
      Map<String, TensorInfo> infos, List<float[]> xs, List<long[]> shapes, List<String> fetch, Source onnx)
      throws OrtException {
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    try {
      for (int i = 0; i < feed.size(); i++) {
        String name = feed.get(i);
        tensors.put(name, infos.get(name).type == OnnxJavaType.DOUBLE
            ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(widen(xs.get(i))), shapes.get(i))
            : OnnxTensor.createTensor(env, FloatBuffer.wrap(xs.get(i)), shapes.get(i)));
      }
      try (OrtSession.Result r = session.run(tensors, new LinkedHashSet<>(fetch))) {
        List<float[]> values = new ArrayList<>();
        for (String output : fetch) {
          values.add(floats(r, output, onnx));
        }
        return values;
      }
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  private static float[] floats(OrtSession.Result r, String output, Source onnx) {
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

  private static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
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
}

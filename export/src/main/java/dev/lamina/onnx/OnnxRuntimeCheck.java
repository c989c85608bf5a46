// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lamina.layers.Input;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxRuntimeRunner.Source;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Parity between Lamina and ONNX Runtime: runs an ONNX model in ONNX Runtime (CPU) and compares
 * its outputs with {@link Model#predict(List, int, int)} on the same inputs.
 *
 * <p>Each model input is fed to the graph input of the same name, or, when the names differ (an
 * export with {@link OnnxExportOptions#inputName()}), to the graph input at the same position; the
 * model's outputs are compared with the first graph outputs, in order, or with the values an
 * {@link OnnxImport} stands for. float32 and float64 inputs are supported (float64 inputs get
 * Lamina's float32 values widened), as are single inputs without a batch axis (ONNX Runtime then
 * runs once per sample). A compared value that is not a graph output (the probabilities before a
 * stripped classifier tail) becomes a graph output of the ONNX Runtime session.
 *
 * <pre>{@code
 * OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, OnnxExporter.toBytes(model), 32, 7);
 * assert r.maxAbsDiff() <= 1e-5;
 * OnnxImport imported = OnnxImporter.read(file);
 * OnnxRuntimeCheck.Result s = OnnxRuntimeCheck.compare(imported, file, 32, 7); // external data resolved next to file
 * }</pre>
 */
public final class OnnxRuntimeCheck {
  /** The artifact that brings ONNX Runtime, and a class of it to look for. */
  static final String RUNTIME_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime";
  private static final String RUNTIME_CLASS = "ai.onnxruntime.OrtEnvironment";

  private OnnxRuntimeCheck() {}

  /**
   * The outcome of a comparison.
   *
   * @param maxAbsDiff the largest |Lamina − ONNX Runtime| over all outputs (NaN on either side counts as infinite)
   * @param laminaOutputs Lamina's outputs, one tensor per model output
   * @param onnxRuntimeOutputs ONNX Runtime's outputs, each reshaped to Lamina's output shape
   */
  public record Result(double maxAbsDiff, List<Tensor> laminaOutputs, List<Tensor> onnxRuntimeOutputs) {
    public Result {
      laminaOutputs = List.copyOf(laminaOutputs);
      onnxRuntimeOutputs = List.copyOf(onnxRuntimeOutputs);
    }

    /** Whether {@link #maxAbsDiff()} ≤ tolerance. */
    public boolean within(double tolerance) {
      return maxAbsDiff <= tolerance;
    }

    /**
     * Lamina's output of a model with one output.
     *
     * @throws IllegalStateException if the model has several; use {@link #laminaOutputs()}
     */
    public Tensor lamina() {
      return only(laminaOutputs);
    }

    /**
     * ONNX Runtime's output for a model with one output.
     *
     * @throws IllegalStateException if the model has several; use {@link #onnxRuntimeOutputs()}
     */
    public Tensor onnxRuntime() {
      return only(onnxRuntimeOutputs);
    }

    private static Tensor only(List<Tensor> outputs) {
      if (outputs.size() != 1) {
        throw new IllegalStateException("OnnxRuntimeCheck.Result: " + outputs.size() + " outputs were compared; use "
            + "laminaOutputs() and onnxRuntimeOutputs()");
      }
      return outputs.get(0);
    }
  }

  /**
   * The batch size that the first graph input of {@code onnx} declares (the first dimension of
   * its shape, when a number: a model exported with a fixed batch, often 1), or 0 when the batch
   * is dynamic or there is no batch axis. ONNX Runtime rejects other batch sizes for such a model;
   * {@link #compare} then runs the samples in batches of that size.
   *
   * @throws IllegalArgumentException if the file is not an ONNX model
   * @throws UncheckedIOException if it cannot be read
   */
  public static int declaredBatch(Path onnx) {
    ModelProto m;
    try (var in = Files.newInputStream(onnx)) {
      m = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("OnnxRuntimeCheck: " + onnx + " is not an ONNX model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("OnnxRuntimeCheck: cannot read " + onnx + ": " + e.getMessage(), e);
    }
    Set<String> initializers = new HashSet<>();
    m.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
    for (ValueInfoProto input : m.getGraph().getInputList()) {
      if (initializers.contains(input.getName())) {
        continue; // a weight listed as an input (IR version < 4)
      }
      var shape = input.getType().getTensorType().getShape();
      if (shape.getDimCount() < 2 || !shape.getDim(0).hasDimValue()) {
        return 0;
      }
      return (int) Math.max(0, shape.getDim(0).getDimValue());
    }
    return 0;
  }

  /** Compares the outputs on {@code samples} inputs per model input drawn from N(0, 1) with the given seed. */
  public static Result compare(Model model, byte[] onnx, int samples, long seed) {
    return compare(model, new Source(onnx, null), null, gaussianInputs(model, samples, seed));
  }

  /** As {@link #compare(Model, byte[], int, long)}, reading the model from a file (external data allowed). */
  public static Result compare(Model model, Path onnx, int samples, long seed) {
    return compare(model, new Source(null, onnx), null, gaussianInputs(model, samples, seed));
  }

  /**
   * Compares the imported model with the values it stands for ({@link OnnxImport#outputs()}) in
   * {@code onnx}, the file it was imported from, on {@code samples} inputs drawn from N(0, 1).
   */
  public static Result compare(OnnxImport imported, Path onnx, int samples, long seed) {
    return compare(imported.model(), new Source(null, onnx), imported.outputs(),
        gaussianInputs(imported.model(), samples, seed));
  }

  /**
   * Compares the imported model with the values it stands for in {@code onnx}, the file it was
   * imported from, on the given inputs, one tensor [samples, …input shape] per model input.
   */
  public static Result compare(OnnxImport imported, Path onnx, List<Tensor> inputs) {
    return compare(imported.model(), new Source(null, onnx), imported.outputs(), inputs);
  }

  /** Compares the outputs on the given inputs [samples, …input shape] of a model with one input. */
  public static Result compare(Model model, byte[] onnx, Tensor inputs) {
    return compare(model, new Source(onnx, null), null, List.of(inputs));
  }

  /** Compares the outputs on the given inputs, one tensor [samples, …input shape] per model input. */
  public static Result compare(Model model, byte[] onnx, List<Tensor> inputs) {
    return compare(model, new Source(onnx, null), null, inputs);
  }

  private static Result compare(Model model, Source onnx, @Nullable List<String> outputs, List<Tensor> inputs) {
    if (inputs.size() != model.inputs().size()) {
      throw new IllegalArgumentException("OnnxRuntimeCheck: the model has " + model.inputs().size() + " inputs, but "
          + inputs.size() + " tensors were given");
    }
    List<Tensor> expected = model.predict(inputs, Math.max(1, inputs.get(0).samples()), 1);
    List<String> names = model.inputs().stream().map(Input::name).toList();
    List<float[]> got = run(onnx, names, inputs, outputs, expected.size());
    double max = 0;
    List<Tensor> runtime = new ArrayList<>();
    for (int o = 0; o < expected.size(); o++) {
      Tensor e = expected.get(o);
      float[] g = got.get(o);
      if (g.length != e.size()) {
        throw new IllegalStateException("OnnxRuntimeCheck: ONNX Runtime returned " + g.length + " values for output "
            + o + ", Lamina " + e.size() + " (shape " + Arrays.toString(e.shape()) + ")");
      }
      for (int i = 0; i < g.length; i++) {
        double d = Math.abs((double) g[i] - e.data()[i]);
        max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      }
      runtime.add(Tensor.of(g, e.shape()));
    }
    return new Result(max, expected, runtime);
  }

  /**
   * Runs the model's single input through ONNX Runtime and returns its first output, flattened.
   *
   * @throws IllegalStateException wrapping ONNX Runtime's error when the model does not load or run
   */
  public static float[] run(byte[] onnx, Tensor inputs) {
    return run(new Source(onnx, null), List.of(), List.of(inputs), null, 1).get(0);
  }

  /** As {@link #run(byte[], Tensor)}, reading the model from a file (external data allowed). */
  public static float[] run(Path onnx, Tensor inputs) {
    return run(new Source(null, onnx), List.of(), List.of(inputs), null, 1).get(0);
  }

  /** Runs the model in ONNX Runtime ({@link OnnxRuntimeRunner#run}) once the runtime is known to be there. */
  private static List<float[]> run(Source onnx, List<String> names, List<Tensor> inputs, @Nullable List<String> outputs,
      int count) {
    requireRuntime();
    return OnnxRuntimeRunner.run(onnx, names, inputs, outputs, count);
  }

  /**
   * Fails naming the missing artifact when ONNX Runtime, an optional dependency of lamina-export, is
   * not on the class path (without this, the JVM would fail on loading the runner with a bare
   * NoClassDefFoundError).
   */
  private static void requireRuntime() {
    try {
      Class.forName(RUNTIME_CLASS, false, OnnxRuntimeCheck.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("OnnxRuntimeCheck needs ONNX Runtime, an optional dependency of lamina-export: "
          + "add " + RUNTIME_ARTIFACT + " to the application's dependencies (its version is in dev.lamina:lamina-bom; "
          + "Lamina is tested with " + OnnxVersions.onnxRuntimeVersion() + ")", e);
    }
  }

  /**
   * The random inputs that {@code compare(model, onnx, samples, seed)} draws: for each model input
   * in order, [samples, …shape] values drawn from N(0, 1), all from one generator.
   */
  public static List<Tensor> gaussianInputs(Model model, int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Tensor> inputs = new ArrayList<>();
    for (Input in : model.inputs()) {
      int[] sample = in.shape();
      int features = Arrays.stream(sample).reduce(1, Math::multiplyExact);
      float[] x = new float[Math.multiplyExact(samples, features)];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) gaussian(random);
      }
      int[] shape = new int[sample.length + 1];
      shape[0] = samples;
      System.arraycopy(sample, 0, shape, 1, sample.length);
      inputs.add(Tensor.of(x, shape));
    }
    return inputs;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.io.AtomicFiles;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Node;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Model} as an ONNX model: its graph as it is, with fan-out, merges, several inputs
 * and several outputs. Each input is a graph input {@code [batch, …input shape]} with a dynamic
 * batch dimension named {@code batch}; each application of a layer becomes its nodes (Dense →
 * Gemm, BatchNormalization → BatchNormalization, activations → their ONNX ops, Add → Add,
 * Concatenate → Concat, …, Dropout → Identity unless {@link OnnxExportOptions#monteCarloDropout()});
 * {@code metadata_props} hold producer, version, layer names, trainable flags and the training
 * configuration.
 *
 * <p>Names: a model with one input and one output calls them {@link OnnxExportOptions#inputName()}
 * and {@link OnnxExportOptions#outputName()} ({@code input}, {@code output}); with several, the
 * inputs are called after the model's inputs and the outputs after the layers producing them
 * ({@link Model#outputNames()}). A layer's value and first node are called after the layer.
 *
 * <p>Lamina's layers have their mappings; a user's layer implements {@link OnnxExportable} or is
 * given a mapping with {@link OnnxExportOptions#layerExport}. A layer with neither fails the
 * export with an {@link IllegalArgumentException} naming it.
 *
 * <pre>{@code
 * OnnxExporter.write(model, Path.of("model.onnx"), OnnxExportOptions.defaults());
 * OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, OnnxExporter.toBytes(model), 16, 42);
 * }</pre>
 */
public final class OnnxExporter {
  /** Refuse models whose protobuf would come close to protobuf's and Java arrays' 2 GiB limit. */
  static final long MAX_BYTES = 1L << 30;

  private OnnxExporter() {}

  /**
   * The model as an ONNX {@code ModelProto}.
   *
   * @throws IllegalArgumentException if a layer has no ONNX mapping, or the weights are too large
   */
  public static ModelProto toModel(Model model, OnnxExportOptions options) {
    long bytes = 4L * model.parameters().stream().mapToLong(p -> p.size()).sum();
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException("OnnxExporter: the weights take " + bytes + " bytes, more than the "
          + MAX_BYTES + " this exporter writes into one protobuf (limit 2 GiB)");
    }
    GraphBuilder graph = new GraphBuilder(model instanceof Sequential ? "lamina_sequential" : "lamina_model");
    OnnxNodeWriter.Shared shared = new OnnxNodeWriter.Shared(graph, options);
    List<String> inputNames = inputNames(model, options);
    List<String> outputNames = outputNames(model, options);
    Map<SymbolicTensor, String> values = new IdentityHashMap<>();
    for (int i = 0; i < inputNames.size(); i++) {
      Input in = model.inputs().get(i);
      graph.input(inputNames.get(i), in.shape());
      values.put(in, inputNames.get(i));
    }
    Map<SymbolicTensor, String> outputs = new IdentityHashMap<>();
    for (int i = 0; i < outputNames.size(); i++) {
      graph.reserve(outputNames.get(i));
      outputs.putIfAbsent(model.outputs().get(i), outputNames.get(i));
    }
    Map<Layer, Integer> applications = new HashMap<>();
    for (Node n : model.graph().nodes()) {
      Layer l = n.layer();
      int k = applications.merge(l, 1, Integer::sum) - 1;
      String name = k == 0 ? l.name() : l.name() + "[" + k + "]";
      String out = outputs.containsKey(n.output()) ? outputs.get(n.output()) : graph.unique(name);
      List<String> in = n.inputs().stream().map(values::get).toList();
      OnnxNodeWriter writer = new OnnxNodeWriter(shared, l, name, in, n.inputs().stream().map(SymbolicTensor::shape)
          .toList(), n.output().shape(), out);
      LayerExports.write(l, writer, options);
      values.put(n.output(), out);
    }
    for (int i = 0; i < outputNames.size(); i++) { // an output listed twice: the second is an Identity of the first
      String value = values.get(model.outputs().get(i));
      if (!value.equals(outputNames.get(i))) {
        graph.node("Identity", graph.uniqueNode(outputNames.get(i)), List.of(value), outputNames.get(i), List.of());
      }
      graph.output(outputNames.get(i), model.outputs().get(i).shape());
    }
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(options.irVersion())
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
        .setProducerName(OnnxVersions.PRODUCER)
        .setProducerVersion(OnnxVersions.laminaVersion())
        .setGraph(graph.build());
    ExportMetadata.of(model, options, inputNames, shared.descriptions).forEach((k, v) ->
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private static List<String> inputNames(Model model, OnnxExportOptions options) {
    return model.inputs().size() == 1 ? List.of(options.inputName()) : model.inputs().stream().map(Input::name).toList();
  }

  /** The options' name for one output; the output names, made unique, for several. */
  private static List<String> outputNames(Model model, OnnxExportOptions options) {
    if (model.outputs().size() == 1) {
      return List.of(options.outputName());
    }
    List<String> names = new ArrayList<>();
    for (String n : model.outputNames()) {
      String name = n;
      for (int k = 1; names.contains(name); k++) {
        name = n + "_" + k;
      }
      names.add(name);
    }
    return names;
  }

  /** The serialized model with {@link OnnxExportOptions#defaults()}. */
  public static byte[] toBytes(Model model) {
    return toModel(model, OnnxExportOptions.defaults()).toByteArray();
  }

  /** The serialized model. */
  public static byte[] toBytes(Model model, OnnxExportOptions options) {
    return toModel(model, options).toByteArray();
  }

  /** Writes with {@link OnnxExportOptions#defaults()}; see {@link #write(Model, Path, OnnxExportOptions)}. */
  public static void write(Model model, Path file) {
    write(model, file, OnnxExportOptions.defaults());
  }

  /**
   * Writes the model atomically with {@link AtomicFiles#write}: into a temporary file in the same
   * folder, forced to disk, given the replaced file's permissions (a new file: those the umask gives), then
   * renamed over {@code file}, so readers never see a half-written model.
   *
   * @throws UncheckedIOException if writing fails (the temporary file is removed)
   */
  public static void write(Model model, Path file, OnnxExportOptions options) {
    byte[] bytes = toBytes(model, options);
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("OnnxExporter: cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

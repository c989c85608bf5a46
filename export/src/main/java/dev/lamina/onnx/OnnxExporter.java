package dev.lamina.onnx;

import dev.lamina.io.AtomicFiles;
import dev.lamina.layers.Layer;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Sequential} as an ONNX model: one graph input {@code [batch, …input shape]} with
 * a dynamic batch dimension named {@code batch}, the layers as ONNX nodes (Dense → Gemm,
 * BatchNormalization → BatchNormalization, activations → their ONNX ops, Dropout left out unless
 * {@link OnnxExportOptions#monteCarloDropout()}), and {@code metadata_props} with producer,
 * version, layer names, trainable flags and the training configuration.
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

  /** The model as an ONNX {@code ModelProto}. */
  public static ModelProto toModel(Sequential model, OnnxExportOptions options) {
    long bytes = 4L * model.parameters().stream().mapToLong(p -> p.size()).sum();
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException("OnnxExporter: the weights take " + bytes + " bytes, more than the "
          + MAX_BYTES + " this exporter writes into one protobuf (limit 2 GiB)");
    }
    GraphBuilder graph = new GraphBuilder("lamina_sequential");
    LayerExporter layers = new LayerExporter(graph, options);
    graph.input(options.inputName(), model.input().shape());
    String x = options.inputName();
    int[] shape = model.input().shape();
    List<Layer> all = model.layers();
    for (int i = 0; i < all.size(); i++) {
      Layer l = all.get(i);
      String out = i == all.size() - 1 ? options.outputName() : valueName(graph, l.name(), options);
      x = layers.export(l, x, shape, out);
      shape = l.outputShape();
    }
    if (!x.equals(options.outputName())) { // the last layer wrote no node (dropout), or there is none
      graph.node("Identity", "output_identity", List.of(x), options.outputName(), List.of());
    }
    graph.output(options.outputName(), model.outputShape());
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(options.irVersion())
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
        .setProducerName(OnnxVersions.PRODUCER)
        .setProducerVersion(OnnxVersions.laminaVersion())
        .setGraph(graph.build());
    ExportMetadata.of(model, options).forEach((k, v) ->
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** The serialized model with {@link OnnxExportOptions#defaults()}. */
  public static byte[] toBytes(Sequential model) {
    return toModel(model, OnnxExportOptions.defaults()).toByteArray();
  }

  /** The serialized model. */
  public static byte[] toBytes(Sequential model, OnnxExportOptions options) {
    return toModel(model, options).toByteArray();
  }

  /** Writes with {@link OnnxExportOptions#defaults()}; see {@link #write(Sequential, Path, OnnxExportOptions)}. */
  public static void write(Sequential model, Path file) {
    write(model, file, OnnxExportOptions.defaults());
  }

  /**
   * Writes the model atomically with {@link AtomicFiles#write}: into a temporary file in the same
   * folder, forced to disk, given the replaced file's permissions (a new file: those the umask gives), then
   * renamed over {@code file}, so readers never see a half-written model.
   *
   * @throws UncheckedIOException if writing fails (the temporary file is removed)
   */
  public static void write(Sequential model, Path file, OnnxExportOptions options) {
    byte[] bytes = toBytes(model, options);
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("OnnxExporter: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The layer's name as a value name, unless it clashes with the graph's input or output. */
  private static String valueName(GraphBuilder graph, String layer, OnnxExportOptions options) {
    String name = layer;
    while (graph.has(name) || name.equals(options.outputName())) {
      name = name + "_out";
    }
    return name;
  }
}

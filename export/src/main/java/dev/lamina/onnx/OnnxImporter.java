// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.onnx.proto.Onnx.TensorShapeProto;
import dev.lamina.onnx.proto.Onnx.TypeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an ONNX model into a trainable {@link Model}, a {@link Sequential} when the graph is a
 * chain: Gemm or MatMul(+Add) as Dense, BatchNormalization with its running statistics as moving
 * statistics, activations (also the formulas torch writes for SiLU, hard swish and GELU), PRelu,
 * Flatten/Reshape, Dropout, constant preprocessing as
 * Normalization/Rescaling, Add/Sub/Mul/Sum/Max/Mean of computed values and Concat as merge
 * layers (broadcasting within a sample: squeeze-and-excitation's gate); Conv, MaxPool,
 * AveragePool, the global pools and ReduceMean/ReduceMax over height and width, Pad, Resize/Upsample,
 * Transpose and Reshape as the image layers (convolutions, pooling, padding, up-sampling, Permute,
 * Reshape), images channels-first as in ONNX, a channels-last input (tf2onnx) kept with a Permute;
 * shape arithmetic and constant chains evaluated at import ({@link ConstantFolding}); values read by
 * several nodes, several inputs and outputs; ai.onnx
 * opsets 1–26 (domain {@code ""} or {@code ai.onnx}; each op version must be one Lamina
 * registered), IR versions 3–13. Each node is converted by the converter
 * registered for its op's version ({@link OpConverters}). What cannot be imported, and malformed
 * files, raise an {@link OnnxImportException} naming the node, op and opset.
 *
 * <pre>{@code
 * OnnxImport imported = OnnxImporter.read(Path.of("model.onnx"));
 * imported.notes().forEach(note -> log.log(System.Logger.Level.INFO, note));   // every decision the importer made
 * OnnxImporter.read(file, OnnxImportOptions.defaults().foldBatchNorm(true));   // inference only
 * Model model = imported.model();             // or imported.sequential() for a chain
 * }</pre>
 */
public final class OnnxImporter {
  /** More features per sample than this is taken as a corrupt input shape. */
  static final long MAX_FEATURES = 1L << 24;

  private OnnxImporter() {}

  /** The model in {@code file}; external data files are looked up next to it. */
  public static OnnxImport read(Path file) {
    return read(file, OnnxImportOptions.defaults());
  }

  /** The model in {@code file}, read as {@code options} say; external data files are looked up next to it. */
  public static OnnxImport read(Path file, OnnxImportOptions options) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 8) {
        throw OnnxImportException.of(file + " has " + size + " bytes, more than a protobuf message can hold (2 GiB); "
            + "large models keep their weights in external data files");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw OnnxImportException.of("cannot read " + file + ": " + e);
    }
    return read(bytes, file.toAbsolutePath().getParent(), file.toString(), options);
  }

  /** The model in {@code bytes}; it cannot refer to external data files. */
  public static OnnxImport read(byte[] bytes) {
    return read(bytes, OnnxImportOptions.defaults());
  }

  /** The model in {@code bytes}, read as {@code options} say; it cannot refer to external data files. */
  public static OnnxImport read(byte[] bytes, OnnxImportOptions options) {
    return read(bytes, null, "the given bytes", options);
  }

  /** The model in {@code file}, without the notes. */
  public static Model load(Path file) {
    return read(file).model();
  }

  private static OnnxImport read(byte[] bytes, @Nullable Path folder, String source, OnnxImportOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    try {
      return importModel(parse(bytes, source), folder, options);
    } catch (OnnxImportException e) {
      throw e;
    } catch (RuntimeException e) { // a case the checks above missed: still one exception type, with the cause
      throw new OnnxImportException("ONNX import: cannot import " + source + ": " + e, e);
    }
  }

  private static ModelProto parse(byte[] bytes, String source) {
    if (bytes.length == 0) {
      throw OnnxImportException.of(source + " is empty, not an ONNX model");
    }
    ModelProto m;
    try {
      m = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw OnnxImportException.of(source + " is not an ONNX model, or is truncated (" + bytes.length
          + " bytes; protobuf: " + e.getMessage() + ")");
    }
    if (!m.hasIrVersion() || !m.hasGraph()) {
      throw OnnxImportException.of(source + " is not an ONNX model: no " + (m.hasIrVersion() ? "graph" : "ir_version")
          + " (an ONNX ModelProto has both)");
    }
    return m;
  }

  private static OnnxImport importModel(ModelProto m, @Nullable Path folder, OnnxImportOptions options) {
    long ir = m.getIrVersion();
    if (ir < OnnxVersions.MIN_IMPORT_IR || ir > OnnxVersions.MAX_IMPORT_IR) {
      throw OnnxImportException.of("IR version " + ir + " is not supported; Lamina imports IR versions "
          + OnnxVersions.MIN_IMPORT_IR + "–" + OnnxVersions.MAX_IMPORT_IR);
    }
    int opset = opset(m);
    List<String> notes = new ArrayList<>();
    ImportMetadata metadata = new ImportMetadata(m);
    OnnxGraph graph = new OnnxGraph(m.getGraph(), opset, new TensorDecoder(folder, notes), notes,
        n -> DropoutOnnx.IDENTITY_LAYERS.contains(metadata.layer(n.getName()).getOrDefault("type", "")));
    GraphWalker.Outputs outputs = GraphWalker.outputs(graph, notes);
    ImportContext context = new ImportContext(graph, metadata, notes, Set.copyOf(outputs.values()), options);
    List<int[]> samples = new ArrayList<>();
    for (int i = 0; i < graph.inputs().size(); i++) {
      ValueInfoProto input = graph.inputs().get(i);
      long[] dims = dims(input, "input", notes);
      boolean unbatched = dims.length == 1;
      if (unbatched) {
        notes.add("the graph input '" + input.getName() + "' has no batch axis (shape " + Arrays.toString(dims)
            + "); Lamina adds one: predict takes [samples, " + dims[0] + "]");
      } else if (dims[0] > 0) {
        notes.add("the graph input '" + input.getName() + "' has a fixed batch size " + dims[0]
            + "; Lamina accepts any batch size");
      }
      int[] sample = sampleShape(dims, unbatched);
      if (sample.length > 1) {
        notes.add("the graph input '" + input.getName() + "' takes samples of the fixed shape " + Arrays.toString(sample)
            + " (as the file gives it): kept, and data of another shape is refused");
      }
      samples.add(sample);
      context.input(input.getName(), sample, unbatched, i);
    }
    for (int i = 0; i < outputs.values().size(); i++) {
      String v = outputs.values().get(i);
      if (graph.inputs().stream().anyMatch(in -> graph.canonical(in.getName()).equals(v))) {
        throw OnnxImportException.of("graph output '" + outputs.names().get(i) + "' is a graph input itself; Lamina "
            + "computes each output with layers");
      }
    }
    GraphWalker.walk(graph, context, OpConverters.lamina(), outputs);
    List<ModelAssembler.InputInfo> inputs = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      ValueInfoProto input = graph.inputs().get(i);
      if (Arrays.stream(samples.get(i)).anyMatch(d -> d < 0)) {
        throw OnnxImportException.of("the per-sample input shape " + Arrays.toString(samples.get(i)) + " of '"
            + input.getName() + "' is not given and no layer fixes it");
      }
      inputs.add(new ModelAssembler.InputInfo(input.getName(), samples.get(i), context.value(input.getName())));
    }
    List<ImportContext.Value> values = new ArrayList<>();
    for (int i = 0; i < outputs.values().size(); i++) {
      ImportContext.Value v = context.value(outputs.values().get(i));
      if (v == null) {
        throw OnnxImportException.of("graph output '" + outputs.names().get(i) + "' is not computed from the graph "
            + "inputs (a constant); Lamina computes each output with layers");
      }
      checkOutput(graph, outputs.values().get(i), v);
      values.add(v);
    }
    Model model = ModelAssembler.assemble(inputs, context.layers, values, metadata);
    return new OnnxImport(model, notes, metadata.all(), m.getProducerName(), opset, outputs.names());
  }

  private static int opset(ModelProto m) {
    long opset = -1;
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (OnnxGraph.isStandardDomain(o.getDomain())) {
        opset = o.getVersion();
      }
    }
    if (opset < 0) {
      throw OnnxImportException.of("the model imports no ai.onnx opset (opset_import with domain \"\" or \"ai.onnx\")");
    }
    if (opset < OnnxVersions.MIN_IMPORT_OPSET || opset > OnnxVersions.MAX_IMPORT_OPSET) {
      throw OnnxImportException.of("ai.onnx opset " + opset + " is not supported; Lamina imports opsets "
          + OnnxVersions.MIN_IMPORT_OPSET + "–" + OnnxVersions.MAX_IMPORT_OPSET + " (re-export with one of them)");
    }
    return (int) opset;
  }

  /** The dims of a float tensor value; -1 for unknown or symbolic dims. */
  private static long[] dims(ValueInfoProto v, String what, List<String> notes) {
    TypeProto type = v.getType();
    if (!type.hasTensorType()) {
      throw OnnxImportException.of("the graph " + what + " '" + v.getName() + "' is not a tensor; Lamina imports models "
          + "with float tensor inputs");
    }
    int elem = type.getTensorType().getElemType();
    if (elem == TensorProto.DataType.DOUBLE_VALUE) {
      notes.add("the graph " + what + " '" + v.getName() + "' is float64; Lamina imports it as float32");
    } else if (elem != TensorProto.DataType.FLOAT_VALUE) {
      throw OnnxImportException.of("the graph " + what + " '" + v.getName() + "' has element type "
          + TensorDecoder.typeName(elem) + "; Lamina imports float32 (or float64, cast) models");
    }
    if (!type.getTensorType().hasShape() || type.getTensorType().getShape().getDimCount() == 0) {
      throw OnnxImportException.of("the graph " + what + " '" + v.getName() + "' has no shape (or rank 0); Lamina needs "
          + "[batch, features…] or [features]");
    }
    List<TensorShapeProto.Dimension> ds = type.getTensorType().getShape().getDimList();
    long[] dims = new long[ds.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = ds.get(i).hasDimValue() ? ds.get(i).getDimValue() : -1;
      if (ds.get(i).hasDimValue() && dims[i] < 1) {
        throw OnnxImportException.of("the graph " + what + " '" + v.getName() + "' has dimension " + dims[i] + " in "
            + "shape " + Arrays.toString(dims) + "; dimensions must be positive");
      }
    }
    return dims;
  }

  private static int[] sampleShape(long[] dims, boolean unbatched) {
    long[] s = unbatched ? dims : Arrays.copyOfRange(dims, 1, dims.length);
    if (s.length == 0) {
      throw OnnxImportException.of("the graph input is [batch] only; Lamina needs features per sample: [batch, features…]");
    }
    long features = 1;
    for (long d : s) {
      if (d < 0 && s.length > 1) {
        throw OnnxImportException.of("the graph input has unknown per-sample dims " + Arrays.toString(dims)
            + "; Lamina needs concrete dims beyond the batch axis");
      }
      features *= Math.max(d, 1);
      if (features > MAX_FEATURES) {
        throw OnnxImportException.of("the graph input shape " + Arrays.toString(dims) + " is absurd (more than "
            + MAX_FEATURES + " features per sample)");
      }
    }
    return Arrays.stream(s).mapToInt(d -> (int) d).toArray();
  }

  /** Checks the declared shape of the graph outputs that are {@code value}, where given, against the layers' shape. */
  private static void checkOutput(OnnxGraph graph, String value, ImportContext.Value v) {
    for (ValueInfoProto o : graph.outputs()) {
      if (!graph.canonical(o.getName()).equals(value) || !o.getType().hasTensorType()
          || !o.getType().getTensorType().hasShape()) {
        continue;
      }
      List<TensorShapeProto.Dimension> ds = o.getType().getTensorType().getShape().getDimList();
      int[] expected = v.shape();
      int skip = v.unbatched() ? 0 : 1;
      boolean contradicts = ds.size() != expected.length + skip && !ds.isEmpty();
      for (int i = skip; !contradicts && i < ds.size(); i++) {
        contradicts = ds.get(i).hasDimValue() && ds.get(i).getDimValue() != expected[i - skip];
      }
      if (contradicts) {
        throw OnnxImportException.of("graph output '" + o.getName() + "' is declared with shape " + ds.stream()
            .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam()).toList() + ", but the layers "
            + "produce " + Arrays.toString(expected) + " per sample (shapes contradict each other)");
      }
    }
  }
}

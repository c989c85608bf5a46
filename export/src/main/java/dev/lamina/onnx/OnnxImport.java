package dev.lamina.onnx;

import dev.lamina.model.Sequential;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link OnnxImporter#read}: the model and what the importer had to decide.
 *
 * @param model a normal, trainable Sequential; layer names are the ONNX node names where they
 *     were usable
 * @param notes every decision a user should know about (casts, stripped tails, fixed batch
 *     sizes, folded statistics, …), in the order made
 * @param metadata the file's {@code metadata_props}
 * @param producer the file's {@code producer_name}
 * @param opset the ai.onnx opset of the file
 * @param output the ONNX value the model's output stands for: the graph output, or the value
 *     before a stripped classifier tail (which need not be a graph output)
 */
public record OnnxImport(Sequential model, List<String> notes, Map<String, String> metadata, String producer, int opset,
    String output) {
  public OnnxImport {
    notes = List.copyOf(notes);
    metadata = Map.copyOf(metadata);
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link OnnxImporter#read}: the model and what the importer had to decide.
 *
 * @param model a normal, trainable model: a {@link Sequential} when the ONNX graph is a chain
 *     (one input, each node reading the one before, one output), otherwise a {@link Model} of the
 *     graph; layer names are the ONNX node names where they were usable, input names the graph
 *     input names
 * @param notes every decision a user should know about (casts, stripped tails, fixed batch
 *     sizes, folded statistics, …), in the order made
 * @param metadata the file's {@code metadata_props}
 * @param producer the file's {@code producer_name}
 * @param opset the ai.onnx opset of the file
 * @param outputs the ONNX values the model's outputs stand for, in order: graph outputs, or the
 *     value before a stripped classifier tail (which need not be a graph output)
 */
public record OnnxImport(Model model, List<String> notes, Map<String, String> metadata, String producer, int opset,
    List<String> outputs) {
  public OnnxImport {
    notes = List.copyOf(notes);
    metadata = Map.copyOf(metadata);
    outputs = List.copyOf(outputs);
  }

  /**
   * The model as a {@link Sequential}, for code that works on stacks of layers
   * ({@code firstLayers}, {@code append}).
   *
   * @throws IllegalStateException if the ONNX graph was not a chain; use {@link #model()}
   */
  public Sequential sequential() {
    if (model instanceof Sequential s) {
      return s;
    }
    throw new IllegalStateException("OnnxImport: the ONNX graph is not a chain of layers (it has " + model.inputs().size()
        + " inputs, " + model.outputs().size() + " outputs and " + model.layers().size() + " layers); use model()");
  }

  /**
   * The ONNX value the only output stands for.
   *
   * @throws IllegalStateException if the model has several outputs; use {@link #outputs()}
   */
  public String output() {
    if (outputs.size() != 1) {
      throw new IllegalStateException("OnnxImport: the model has " + outputs.size() + " outputs " + outputs
          + "; use outputs()");
    }
    return outputs.get(0);
  }
}

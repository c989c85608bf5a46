package dev.lamina.onnx;

import static dev.lamina.onnx.GraphBuilder.floatAttribute;
import static dev.lamina.onnx.GraphBuilder.intAttribute;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Elu;
import dev.lamina.activations.LeakyRelu;
import dev.lamina.activations.Linear;
import dev.lamina.activations.LogSoftmax;
import dev.lamina.activations.Relu;
import dev.lamina.activations.Selu;
import dev.lamina.activations.Sigmoid;
import dev.lamina.activations.Softmax;
import dev.lamina.activations.Tanh;
import java.util.List;

/**
 * Writes each {@link Activation} as ONNX nodes. One branch per permitted subclass of the sealed
 * hierarchy; a new activation reaches the final {@code throw}, and the export contract test
 * (which runs every permitted subclass through ONNX Runtime) fails.
 */
final class ActivationExporter {
  /** SELU's α and γ as float32, equal to the ONNX defaults. */
  static final float SELU_ALPHA = (float) Selu.ALPHA;
  static final float SELU_GAMMA = (float) Selu.SCALE;

  private final GraphBuilder graph;

  ActivationExporter(GraphBuilder graph) {
    this.graph = graph;
  }

  /**
   * Appends the nodes of {@code a} applied to {@code x} (per-sample shape {@code shape}); the
   * first node is called {@code name}, the last one writes {@code out}.
   */
  String export(Activation a, String name, String x, String out, int[] shape) {
    if (a instanceof Linear) {
      return graph.node("Identity", name, List.of(x), out, List.of());
    } else if (a instanceof Sigmoid) {
      return graph.node("Sigmoid", name, List.of(x), out, List.of());
    } else if (a instanceof Tanh) {
      return graph.node("Tanh", name, List.of(x), out, List.of());
    } else if (a instanceof Relu) {
      return graph.node("Relu", name, List.of(x), out, List.of());
    } else if (a instanceof LeakyRelu l) {
      return graph.node("LeakyRelu", name, List.of(x), out, List.of(floatAttribute("alpha", l.alpha())));
    } else if (a instanceof Elu e) {
      return graph.node("Elu", name, List.of(x), out, List.of(floatAttribute("alpha", e.alpha())));
    } else if (a instanceof Selu) {
      return graph.node("Selu", name, List.of(x), out,
          List.of(floatAttribute("alpha", SELU_ALPHA), floatAttribute("gamma", SELU_GAMMA)));
    } else if (a instanceof Softmax) {
      return softmax("Softmax", name, x, out, shape);
    } else if (a instanceof LogSoftmax) {
      return softmax("LogSoftmax", name, x, out, shape);
    }
    throw new IllegalStateException("OnnxExporter: no ONNX mapping for activation " + a.getClass().getName()
        + "; add a branch to ActivationExporter");
  }

  /**
   * Softmax or LogSoftmax ({@code op}) over the last axis; Lamina's softmax of a rank > 1 sample runs
   * over all its features.
   */
  private String softmax(String op, String name, String x, String out, int[] shape) {
    if (shape.length == 1) {
      return graph.node(op, name, List.of(x), out, List.of(intAttribute("axis", -1)));
    }
    String flat = graph.node("Flatten", name, List.of(x), name + "/flat", List.of(intAttribute("axis", 1)));
    String soft = graph.node(op, name + "/softmax", List.of(flat), name + "/softmax", List.of(intAttribute("axis", -1)));
    long[] target = new long[shape.length + 1];
    target[0] = -1;
    for (int i = 0; i < shape.length; i++) {
      target[i + 1] = shape[i];
    }
    String dims = graph.longs(name + "/shape", target);
    return graph.node("Reshape", name + "/reshape", List.of(soft, dims), out, List.of());
  }
}

package dev.lamina.onnx;

import static dev.lamina.onnx.GraphBuilder.floatAttribute;
import static dev.lamina.onnx.GraphBuilder.intAttribute;

import dev.lamina.activations.Linear;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Normalization;
import dev.lamina.layers.PReLU;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.RReLU;
import dev.lamina.layers.Rescaling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes each {@link Layer} as ONNX nodes (ONNX.md, Appendix B). One branch per permitted
 * subclass of the sealed hierarchy; a new layer reaches the final {@code throw}, and the export
 * contract test (which runs every permitted subclass through ONNX Runtime) fails.
 *
 * <p>Naming: a layer's first node carries the layer's name and any further node is called
 * {@code <layer>/<op>}, which is how the importer groups nodes back into layers. Weights are
 * initializers named after the parameters ({@code dense/kernel}); Dense kernels keep Lamina's
 * [in, out] layout with {@code transB = 0}, so no value is transposed.
 */
final class LayerExporter {
  private final GraphBuilder graph;
  private final ActivationExporter activations;
  private final OnnxExportOptions options;

  LayerExporter(GraphBuilder graph, OnnxExportOptions options) {
    this.graph = graph;
    this.activations = new ActivationExporter(graph);
    this.options = options;
  }

  /**
   * Appends the nodes of {@code layer} reading {@code x} (per-sample shape {@code in}); the last
   * node writes {@code out}. Returns the name of the layer's output, or {@code x} when the layer
   * writes no node (dropout in an inference export).
   */
  String export(Layer layer, String x, int[] in, String out) {
    String n = layer.name();
    if (layer instanceof Dense d) {
      return dense(d, x, out);
    } else if (layer instanceof Flatten) {
      return graph.node("Flatten", n, List.of(x), out, List.of(intAttribute("axis", 1)));
    } else if (layer instanceof ActivationLayer a) {
      return activations.export(a.activation(), n, x, out, in);
    } else if (layer instanceof PReLU p) {
      int[] slopes = p.shared() ? new int[] {1} : in; // [1] broadcasts over every feature
      return graph.node("PRelu", n, List.of(x, weight(p.alpha(), slopes)), out, List.of());
    } else if (layer instanceof RReLU r) { // inference semantics: the mean slope, as torch exports it
      return graph.node("LeakyRelu", n, List.of(x), out, List.of(floatAttribute("alpha", (float) r.inferenceSlope())));
    } else if (layer instanceof BatchNormalization b) {
      return batchNormalization(b, x, out, in);
    } else if (layer instanceof Dropout d) {
      return options.monteCarloDropout() ? monteCarloDropout(d, x, out) : x;
    } else if (layer instanceof AlphaDropout) {
      if (options.monteCarloDropout()) {
        throw new IllegalArgumentException("OnnxExporter: " + layer + " has no ONNX equivalent that drops units (ONNX "
            + "Dropout zeroes them, AlphaDropout sets them to SELU's saturation); export without monteCarloDropout, "
            + "which leaves it out as in inference");
      }
      return x;
    } else if (layer instanceof Normalization z) {
      String centered = graph.node("Sub", n, List.of(x, weight(z.mean(), in)), n + "/sub", List.of());
      String std = graph.initializer(n + "/std", z.standardDeviation(), in);
      return graph.node("Div", n + "/div", List.of(centered, std), out, List.of());
    } else if (layer instanceof Rescaling r) {
      String scaled = graph.node("Mul", n, List.of(x, graph.initializer(n + "/scale", r.scale(), in)), n + "/mul", List.of());
      return graph.node("Add", n + "/add", List.of(scaled, graph.initializer(n + "/offset", r.offset(), in)), out, List.of());
    }
    throw new IllegalStateException("OnnxExporter: no ONNX mapping for layer " + layer.getClass().getName()
        + "; add a branch to LayerExporter");
  }

  private String dense(Dense d, String x, String out) {
    String n = d.name();
    List<String> inputs = new ArrayList<>(List.of(x, weight(d.kernel(), d.kernel().shape())));
    Parameter bias = d.bias();
    if (bias != null) {
      inputs.add(weight(bias, bias.shape()));
    }
    boolean linear = d.activation() instanceof Linear;
    String z = graph.node("Gemm", n, inputs, linear ? out : n + "/gemm", List.of(floatAttribute("alpha", 1),
        floatAttribute("beta", 1), intAttribute("transA", 0), intAttribute("transB", 0)));
    return linear ? z : activations.export(d.activation(), n + "/" + d.activation().name(), z, out, d.outputShape());
  }

  private String batchNormalization(BatchNormalization b, String x, String out, int[] in) {
    String n = b.name();
    int f = in[0];
    String gamma = b.gamma() != null ? weight(b.gamma(), in) : graph.initializer(n + "/gamma", filled(f, 1f), f);
    String beta = b.beta() != null ? weight(b.beta(), in) : graph.initializer(n + "/beta", filled(f, 0f), f);
    BatchNormalization.Spec spec = b.spec();
    return graph.node("BatchNormalization", n, List.of(x, gamma, beta, weight(b.movingMean(), in),
        weight(b.movingVariance(), in)), out, List.of(floatAttribute("epsilon", spec.epsilon()),
        floatAttribute("momentum", spec.momentum())));
  }

  private String monteCarloDropout(Dropout d, String x, String out) {
    String n = d.name();
    String ratio = graph.initializer(n + "/ratio", new float[] {(float) d.rate()});
    String training = graph.booleanScalar(n + "/training_mode", true);
    return graph.node("Dropout", n, List.of(x, ratio, training), out, List.of());
  }

  /** The parameter as an initializer of the given dims (the per-sample shape for per-feature weights). */
  private String weight(@Nullable Parameter p, int[] dims) {
    if (p == null) {
      throw new IllegalStateException("OnnxExporter: layer not built");
    }
    return graph.initializer(p.name(), p.value().clone(), dims);
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.OnnxAttribute.ofFloat;
import static dev.lamina.onnx.OnnxAttribute.ofInt;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.activations.Elu;
import dev.lamina.activations.LeakyRelu;
import dev.lamina.activations.Linear;
import dev.lamina.activations.LogSoftmax;
import dev.lamina.activations.Relu;
import dev.lamina.activations.Selu;
import dev.lamina.activations.Sigmoid;
import dev.lamina.activations.Softmax;
import dev.lamina.activations.Tanh;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.PReLU;
import dev.lamina.layers.RReLU;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activations ↔ their ONNX ops: linear → Identity, sigmoid, tanh, relu, leaky_relu (alpha), elu
 * (alpha), selu (the float32 constants, equal to ONNX's defaults), softmax and log_softmax (axis
 * −1; over a sample of rank > 1 as Flatten → Softmax → Reshape, since Lamina normalises all the
 * features of a sample). Layers: Activation; PReLU → PRelu (slope [1] when shared, else the
 * per-sample shape); RReLU → LeakyRelu with the mean slope (its inference semantics, as torch
 * exports it), its bounds kept in metadata_props.
 */
final class ActivationOnnx {
  /** SELU's α and γ as float32, equal to the ONNX defaults. */
  static final float SELU_ALPHA = (float) Selu.ALPHA;
  static final float SELU_GAMMA = (float) Selu.SCALE;

  /** Writes an activation applied to x (per-sample shape) as nodes ending with the writer's output node. */
  @FunctionalInterface
  private interface Encoder {
    String write(Activation a, String x, int[] shape, OnnxNodeWriter w);
  }

  private static final Map<Class<? extends Activation>, Encoder> ENCODERS = encoders();

  private ActivationOnnx() {}

  private static Map<Class<? extends Activation>, Encoder> encoders() {
    Map<Class<? extends Activation>, Encoder> m = new LinkedHashMap<>();
    m.put(Linear.class, (a, x, s, w) -> w.output("Identity", List.of(x)));
    m.put(Sigmoid.class, (a, x, s, w) -> w.output("Sigmoid", List.of(x)));
    m.put(Tanh.class, (a, x, s, w) -> w.output("Tanh", List.of(x)));
    m.put(Relu.class, (a, x, s, w) -> w.output("Relu", List.of(x)));
    m.put(LeakyRelu.class, (a, x, s, w) -> w.output("LeakyRelu", List.of(x), ofFloat("alpha", ((LeakyRelu) a).alpha())));
    m.put(Elu.class, (a, x, s, w) -> w.output("Elu", List.of(x), ofFloat("alpha", ((Elu) a).alpha())));
    m.put(Selu.class, (a, x, s, w) -> w.output("Selu", List.of(x), ofFloat("alpha", SELU_ALPHA),
        ofFloat("gamma", SELU_GAMMA)));
    m.put(Softmax.class, (a, x, s, w) -> softmax("Softmax", x, s, w));
    m.put(LogSoftmax.class, (a, x, s, w) -> softmax("LogSoftmax", x, s, w));
    return m;
  }

  /** The activation classes with an encoding. */
  static java.util.Set<Class<? extends Activation>> activationClasses() {
    return ENCODERS.keySet();
  }

  static void registerExports(LayerExports exports) {
    exports.register(ActivationLayer.class, (l, w) -> write(l.activation(), w.input(), w.inputShape(), w));
    exports.register(PReLU.class, (p, w) -> {
      int[] slopes = p.shared() ? new int[] {1} : w.inputShape(); // [1] broadcasts over every feature
      w.output("PRelu", List.of(w.input(), w.weight(p.alpha(), slopes)));
    });
    exports.register(RReLU.class, (r, w) -> {
      w.output("LeakyRelu", List.of(w.input()), ofFloat("alpha", (float) r.inferenceSlope()));
      w.describe("lower", r.lower());
      w.describe("upper", r.upper());
    });
  }

  /**
   * Appends the nodes of {@code a} applied to {@code x} (per-sample shape {@code shape}), the last
   * of which writes the writer's output.
   *
   * @throws IllegalStateException for an activation class without an encoding
   */
  static String write(Activation a, String x, int[] shape, OnnxNodeWriter w) {
    Encoder e = ENCODERS.get(a.getClass());
    if (e == null) {
      throw new IllegalStateException("OnnxExporter: no ONNX mapping for activation " + a.getClass().getName()
          + " (in " + w.layer().where() + "); add one to ActivationOnnx");
    }
    return e.write(a, x, shape, w);
  }

  /**
   * Softmax or LogSoftmax ({@code op}) over the last axis; Lamina's softmax of a rank > 1 sample runs
   * over all its features: Flatten, then the op, then Reshape back.
   */
  private static String softmax(String op, String x, int[] shape, OnnxNodeWriter w) {
    if (shape.length == 1) {
      return w.output(op, List.of(x), ofInt("axis", -1));
    }
    String flat = w.node("Flatten", List.of(x), ofInt("axis", 1));
    String soft = w.node(op, List.of(flat), ofInt("axis", -1));
    long[] target = new long[shape.length + 1];
    target[0] = -1;
    for (int i = 0; i < shape.length; i++) {
      target[i + 1] = shape[i];
    }
    return w.output("Reshape", List.of(soft, w.longs("shape", target)));
  }

  static void registerConverters(OpConverters converters) {
    converters.register("Relu", (n, c) -> activation(n, c, Activations.RELU), 6, 13, 14);
    converters.register("Sigmoid", (n, c) -> activation(n, c, Activations.SIGMOID), 6, 13);
    converters.register("Tanh", (n, c) -> activation(n, c, Activations.TANH), 6, 13);
    converters.register("Elu", (n, c) -> activation(n, c, c.checked(n, () -> Activations.elu(floatOr(n, "alpha", 1f)))),
        6, 22);
    converters.register("LeakyRelu", ActivationOnnx::leakyRelu, 6, 16);
    converters.register("Selu", ActivationOnnx::selu, 6, 22);
    converters.register("Softmax", (n, c) -> softmax(n, c, Activations.SOFTMAX), 1, 11, 13);
    converters.register("LogSoftmax", (n, c) -> softmax(n, c, Activations.LOG_SOFTMAX), 1, 11, 13);
    converters.register("PRelu", ActivationOnnx::prelu, 7, 9, 16);
  }

  /** LeakyRelu (alpha 0.01 by default), or RReLU when Lamina's metadata says the node is one. */
  private static void leakyRelu(NodeProto n, ImportContext c) {
    float alpha = floatOr(n, "alpha", 0.01f);
    Map<String, String> meta = c.metadata.layer(n.getName());
    if ("RReLU".equals(meta.get("type"))) {
      RReLU.Spec[] spec = {new RReLU.Spec(Double.parseDouble(meta.get("lower")), Double.parseDouble(meta.get("upper")), null)};
      c.name(n, s -> spec[0] = spec[0].name(s));
      c.add(n, spec[0], Map.of(), c.shape(), n.getOutput(0));
      return;
    }
    activation(n, c, c.checked(n, () -> Activations.leakyRelu(alpha)));
  }

  private static void selu(NodeProto n, ImportContext c) {
    float alpha = floatOr(n, "alpha", SELU_ALPHA);
    float gamma = floatOr(n, "gamma", SELU_GAMMA);
    if (Math.abs(alpha - SELU_ALPHA) > 1e-6 || Math.abs(gamma - SELU_GAMMA) > 1e-6) {
      throw c.error(n, "Selu with alpha=" + alpha + ", gamma=" + gamma + "; Lamina's SELU has the self-normalising "
          + "constants alpha=" + SELU_ALPHA + ", gamma=" + SELU_GAMMA);
    }
    activation(n, c, Activations.SELU);
  }

  /** Softmax or LogSoftmax, whose axis rules are the same: before version 13 over the flattened tail from axis (1). */
  private static void softmax(NodeProto n, ImportContext c, Activation kind) {
    int[] shape = c.shape();
    boolean unbatched = c.unbatched();
    int rank = shape.length + (unbatched ? 0 : 1);
    boolean old = c.version() < 13;
    long axis = intOr(n, "axis", old ? 1 : -1);
    long a = axis < 0 ? axis + rank : axis;
    int first = unbatched ? 0 : 1;
    // before version 13 Softmax coerces the input to 2-D at axis and normalises the whole tail, which is
    // Lamina's softmax over all features of a sample when axis is the first sample axis
    boolean fits = old ? a == first : a == rank - 1 && shape.length == 1;
    if (!fits) {
      throw c.error(n, "axis " + axis + " on a rank-" + rank + " input; Lamina's softmax normalises all features of "
          + "each sample (axis -1 of [batch, features]; before opset 13, axis 1)");
    }
    activation(n, c, kind);
  }

  /**
   * An activation: taken by the Dense layer whose output it alone reads when Lamina wrote it as that
   * layer's own ({@code <dense>/<op>}), else an Activation layer.
   */
  static void activation(NodeProto n, ImportContext c, Activation a) {
    ImportContext.Value x = c.x();
    ImportedLayer producer = x.producer();
    if (producer != null && producer.takesActivation() && producer.fusedActivation == null
        && !producer.nodeName.isEmpty() && n.getName().startsWith(producer.nodeName + "/")
        && c.isX(n, 0) && c.onlyReader(n.getInput(0), n.getOpType()) == n) {
      ImportedLayer first = producer.sharedWith;
      if (first == null) {
        producer.activation(a);
        producer.fusedActivation = a;
        c.define(n.getOutput(0), x);
        return;
      }
      if (a.equals(first.fusedActivation)) { // the shared Dense applies it already
        producer.fusedActivation = a;
        c.define(n.getOutput(0), x);
        return;
      }
    }
    ActivationLayer.Spec[] spec = {new ActivationLayer.Spec(a, null)};
    c.name(n, s -> spec[0] = new ActivationLayer.Spec(a, s));
    c.add(n, spec[0], Map.of(), c.shape(), n.getOutput(0));
  }

  /** PRelu(x, slope): one shared slope (torch's nn.PReLU()) or one per feature. */
  private static void prelu(NodeProto n, ImportContext c) {
    Constant slope = c.weight(n, 1, "slope", -1);
    boolean shared = slope.floats().length == 1;
    float[] alpha = shared ? slope.floats().clone() : c.broadcast(n, slope);
    PReLU.Spec[] spec = {new PReLU.Spec().shared(shared)};
    c.name(n, s -> spec[0] = spec[0].name(s));
    c.add(n, spec[0], Map.of("alpha", alpha), c.shape(), n.getOutput(0));
  }
}

package dev.lamina.onnx;

import static dev.lamina.onnx.OnnxAttribute.ofFloat;
import static dev.lamina.onnx.OnnxAttribute.ofInt;

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
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.PReLU;
import dev.lamina.layers.RReLU;
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
}

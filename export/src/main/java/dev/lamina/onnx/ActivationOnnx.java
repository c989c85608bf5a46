// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.OnnxAttribute.ofFloat;
import static dev.lamina.onnx.OnnxAttribute.ofInt;
import static dev.lamina.onnx.OnnxAttribute.ofString;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.activations.ClippedRelu;
import dev.lamina.activations.Elu;
import dev.lamina.activations.Gelu;
import dev.lamina.activations.HardSigmoid;
import dev.lamina.activations.HardSwish;
import dev.lamina.activations.LeakyRelu;
import dev.lamina.activations.Linear;
import dev.lamina.activations.LogSoftmax;
import dev.lamina.activations.Relu;
import dev.lamina.activations.Selu;
import dev.lamina.activations.Sigmoid;
import dev.lamina.activations.Silu;
import dev.lamina.activations.Softmax;
import dev.lamina.activations.Softplus;
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
 *
 * <p>The activations of CNNs, at every export opset 13–21 (as torch writes them where ONNX has no
 * op yet):
 * <ul>
 *   <li>relu6 and relu(maxValue) → {@code Clip(x, 0, max)}, the bounds scalar inputs (Clip-13);
 *   <li>hard_sigmoid → {@code HardSigmoid} with alpha and beta always written (ONNX's defaults,
 *       0.2 and 0.5, are not Lamina's);
 *   <li>hard_swish → {@code HardSwish} from opset 14; at 13 {@code Mul(x, HardSigmoid(x))} with
 *       alpha 1/6 and beta 0.5;
 *   <li>silu → {@code Mul(x, Sigmoid(x))};
 *   <li>gelu → {@code Gelu(approximate="none")} from opset 20; before, {@code Div(x, √2)},
 *       {@code Erf}, {@code Add 1}, {@code Mul x}, {@code Mul 0.5};
 *   <li>gelu, tanh approximation → {@code Gelu(approximate="tanh")} from opset 20; before,
 *       0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x·x·x))) from Mul, Add and Tanh;
 *   <li>softplus → {@code Softplus}.
 * </ul>
 *
 * <p>Import: each of those ops (Clip(0, max) → relu(max), ReLU6 for 6, Clip(0) → ReLU, min and max
 * attributes before version 11 and inputs from 11; HardSigmoid with ONNX's defaults 0.2 and 0.5;
 * HardSwish; Softplus; Gelu), and as one activation the formulas exporters write where ONNX had no
 * op: x·Sigmoid(x) → SiLU, x·HardSigmoid(x) with alpha 1/6 and beta 0.5 → hard swish, torch's
 * Div/Erf/Add/Mul/Mul → GELU, the tanh formula → GELU (tanh), in any operand order
 * ({@link NodePattern}). An activation node (or formula) right after a Dense whose output it alone
 * reads, named {@code <dense>/…} as Lamina writes them, is fused back into that Dense. Float
 * parameters come back as the double of their shortest decimal (0.1f → 0.1).
 */
final class ActivationOnnx {
  /** SELU's α and γ as float32, equal to the ONNX defaults. */
  static final float SELU_ALPHA = (float) Selu.ALPHA;
  static final float SELU_GAMMA = (float) Selu.SCALE;
  /** The tanh approximation of GELU: √(2/π) and the cubic coefficient. */
  static final double GELU_SCALE = Math.sqrt(2 / Math.PI);
  static final double GELU_CUBIC = 0.044715;

  /** Lamina's mappings by activation class. */
  private static final Map<Class<? extends Activation>, OnnxActivationExport<?>> EXPORTS = exports();

  private ActivationOnnx() {}

  private static <A extends Activation> void put(Map<Class<? extends Activation>, OnnxActivationExport<?>> m, Class<A> type,
      OnnxActivationExport<A> export) {
    m.put(type, export);
  }

  private static Map<Class<? extends Activation>, OnnxActivationExport<?>> exports() {
    Map<Class<? extends Activation>, OnnxActivationExport<?>> m = new LinkedHashMap<>();
    put(m, Linear.class, (a, x, w) -> w.output("Identity", List.of(x)));
    put(m, Sigmoid.class, (a, x, w) -> w.output("Sigmoid", List.of(x)));
    put(m, Tanh.class, (a, x, w) -> w.output("Tanh", List.of(x)));
    put(m, Relu.class, (a, x, w) -> w.output("Relu", List.of(x)));
    put(m, LeakyRelu.class, (a, x, w) -> w.output("LeakyRelu", List.of(x), ofFloat("alpha", a.alpha())));
    put(m, Elu.class, (a, x, w) -> w.output("Elu", List.of(x), ofFloat("alpha", a.alpha())));
    put(m, Selu.class, (a, x, w) -> w.output("Selu", List.of(x), ofFloat("alpha", SELU_ALPHA), ofFloat("gamma", SELU_GAMMA)));
    put(m, Softmax.class, (a, x, w) -> softmax("Softmax", x, w.outputShape(), w));
    put(m, LogSoftmax.class, (a, x, w) -> softmax("LogSoftmax", x, w.outputShape(), w));
    put(m, ClippedRelu.class, (a, x, w) -> w.output("Clip", List.of(x, w.constant("clip_min", new float[] {0f}),
        w.constant("clip_max", new float[] {(float) a.maxValue()}))));
    put(m, HardSigmoid.class, (a, x, w) -> w.output("HardSigmoid", List.of(x), ofFloat("alpha", a.alpha()),
        ofFloat("beta", a.beta())));
    put(m, HardSwish.class, (a, x, w) -> hardSwish(x, w));
    put(m, Silu.class, (a, x, w) -> w.output("Mul", List.of(x, w.node("Sigmoid", List.of(x)))));
    put(m, Gelu.class, (a, x, w) -> {
      if (a.approximate()) {
        geluTanh(x, w);
      } else {
        gelu(x, w);
      }
    });
    put(m, Softplus.class, (a, x, w) -> w.output("Softplus", List.of(x)));
    return m;
  }

  /** The activation classes Lamina maps. */
  static java.util.Set<Class<? extends Activation>> activationClasses() {
    return java.util.Collections.unmodifiableSet(EXPORTS.keySet());
  }

  static void registerExports(LayerExports exports) {
    exports.register(ActivationLayer.class, (l, w) -> write(l.activation(), w.input(), w));
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
   * Appends the nodes of {@code a} applied to {@code x} (per-sample shape the writer's
   * {@link OnnxNodeWriter#outputShape()}), the last of which writes the writer's output; returns
   * that output. The mapping is, in this order: the options' mapping for this activation, the
   * options' mapping for its class, its own {@link OnnxExportableActivation}, Lamina's mapping for
   * its class.
   *
   * @throws IllegalArgumentException for an activation without a mapping (naming it, the layer and
   *     the ways to supply one), or a mapping that wrote no output node
   */
  static String write(Activation a, String x, OnnxNodeWriter w) {
    OnnxExportOptions options = w.options();
    OnnxActivationExport<?> given = options.activationInstanceExports().get(a);
    if (given == null) {
      given = options.activationExports().get(a.getClass());
    }
    if (given != null) {
      run(given, a, x, w);
    } else if (a instanceof OnnxExportableActivation own) {
      own.exportOnnx(x, w);
    } else {
      OnnxActivationExport<?> lamina = EXPORTS.get(a.getClass());
      if (lamina == null) {
        throw new IllegalArgumentException(missing(a, w));
      }
      run(lamina, a, x, w);
    }
    if (!w.wroteOutput()) {
      throw new IllegalArgumentException("OnnxExporter: the ONNX mapping of activation '" + a.name() + "' (in "
          + w.layer().where() + ") wrote no output node; it must end with OnnxNodeWriter.output(...)");
    }
    return w.outputName();
  }

  /** The error for an activation without mapping; the class form is offered for a class the user can name. */
  private static String missing(Activation a, OnnxNodeWriter w) {
    Class<?> type = a.getClass();
    boolean nameable = !type.isAnonymousClass() && !type.isHidden()
        && !type.getPackageName().equals(Activation.class.getPackageName()); // Activations.of's class is Lamina's
    String given = "OnnxExportOptions.defaults().activationExport(activation, (a, x, writer) -> ...)";
    return "OnnxExporter: activation '" + a.name() + "' (class " + type.getName() + "), used by " + w.layer().where()
        + ", has no ONNX mapping; " + (nameable ? "implement dev.lamina.onnx.OnnxExportableActivation in "
        + type.getSimpleName() + ", or pass one with OnnxExportOptions.defaults().activationExport(" + type.getSimpleName()
        + ".class, (a, x, writer) -> ...) or " + given : "pass one with " + given);
  }

  @SuppressWarnings("unchecked")
  private static <A extends Activation> void run(OnnxActivationExport<?> export, Activation a, String x, OnnxNodeWriter w) {
    ((OnnxActivationExport<A>) export).export((A) a, x, w);
  }

  /** HardSwish from opset 14; before, x · HardSigmoid(x) with alpha 1/6 and beta 0.5, as torch exports it. */
  private static String hardSwish(String x, OnnxNodeWriter w) {
    if (w.opset() >= 14) {
      return w.output("HardSwish", List.of(x));
    }
    String hs = w.node("HardSigmoid", List.of(x), ofFloat("alpha", HardSigmoid.DEFAULT_ALPHA),
        ofFloat("beta", HardSigmoid.DEFAULT_BETA));
    return w.output("Mul", List.of(x, hs));
  }

  /** Exact GELU: Gelu from opset 20; before, x·(1 + erf(x/√2))·0.5 as torch writes it (Div, Erf, Add, Mul, Mul). */
  private static String gelu(String x, OnnxNodeWriter w) {
    if (w.opset() >= 20) {
      return w.output("Gelu", List.of(x), ofString("approximate", "none"));
    }
    String scaled = w.node("Div", List.of(x, w.constant("gelu_sqrt2", new float[] {(float) Math.sqrt(2)})));
    String erf = w.node("Erf", List.of(scaled));
    String plusOne = w.node("Add", List.of(erf, w.constant("gelu_one", new float[] {1f})));
    String times = w.node("Mul", List.of(x, plusOne));
    return w.output("Mul", List.of(times, w.constant("gelu_half", new float[] {0.5f})));
  }

  /**
   * GELU's tanh approximation: Gelu(approximate="tanh") from opset 20; before, as torch writes it,
   * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) with x³ = x·(x·x) (Mul, Mul, Mul, Add, Mul, Tanh,
   * Add, Mul, Mul).
   */
  private static String geluTanh(String x, OnnxNodeWriter w) {
    if (w.opset() >= 20) {
      return w.output("Gelu", List.of(x), ofString("approximate", "tanh"));
    }
    String square = w.node("Mul", List.of(x, x));
    String cube = w.node("Mul", List.of(x, square));
    String cubic = w.node("Mul", List.of(cube, w.constant("gelu_cubic", new float[] {(float) GELU_CUBIC})));
    String inner = w.node("Add", List.of(x, cubic));
    String u = w.node("Mul", List.of(inner, w.constant("gelu_scale", new float[] {(float) GELU_SCALE})));
    String tanh = w.node("Tanh", List.of(u));
    String plusOne = w.node("Add", List.of(tanh, w.constant("gelu_one", new float[] {1f})));
    String times = w.node("Mul", List.of(x, plusOne));
    return w.output("Mul", List.of(times, w.constant("gelu_half", new float[] {0.5f})));
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
    converters.register("Elu", (n, c) -> activation(n, c, c.checked(n, () -> Activations.elu(decimal(floatOr(n, "alpha",
        1f))))), 6, 22);
    converters.register("LeakyRelu", ActivationOnnx::leakyRelu, 6, 16);
    converters.register("Selu", ActivationOnnx::selu, 6, 22);
    converters.register("Softmax", (n, c) -> softmax(n, c, Activations.SOFTMAX), 1, 11, 13);
    converters.register("LogSoftmax", (n, c) -> softmax(n, c, Activations.LOG_SOFTMAX), 1, 11, 13);
    converters.register("PRelu", ActivationOnnx::prelu, 7, 9, 16);
    converters.register("PRelu", ActivationOnnx::prelu6, 6); // slope shared, or one per channel (no broadcasting yet)
    converters.register("Clip", ActivationOnnx::clip, 6, 11, 12, 13); // 6: min/max attributes; 11: optional inputs
    converters.register("HardSigmoid", ActivationOnnx::hardSigmoid, 6, 22);
    converters.register("HardSwish", (n, c) -> activation(n, c, Activations.HARD_SWISH), 14, 22);
    converters.register("Softplus", (n, c) -> activation(n, c, Activations.SOFTPLUS), 1, 22);
    converters.register("Gelu", ActivationOnnx::gelu, 20);
    // formulas of several nodes, tried at their first node before its op's converter (GRAPHS-AND-CONV.md §3.5)
    for (String op : List.of("Sigmoid", "HardSigmoid", "Mul", "Div", "Pow")) {
      converters.pattern(op, ActivationOnnx::formula);
    }
  }

  /** The activations written as formulas of several nodes, in the order they are tried. */
  private static final List<Activation> FORMULA_ACTIVATIONS = List.of(Activations.SILU, Activations.HARD_SWISH,
      Activations.GELU, Activations.GELU_TANH);
  private static final List<NodePattern.Expr> FORMULAS = formulas();

  /**
   * The formulas of {@link #FORMULA_ACTIVATIONS}: x·Sigmoid(x) (SiLU, torch and Lamina); x·HardSigmoid(x)
   * with alpha 1/6 and beta 0.5 (HardSwish, torch before opset 14 and Lamina at 13); torch's exact
   * GELU, x·(1 + erf(x/√2))·0.5 (the division also as a product by 1/√2, the three factors in any
   * grouping); the tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) with x³ as
   * x·(x·x) or Pow(x, 3).
   */
  private static List<NodePattern.Expr> formulas() {
    NodePattern.Expr x = NodePattern.x();
    NodePattern.Expr silu = NodePattern.op("Mul", x, NodePattern.op("Sigmoid", x));
    NodePattern.Expr hardSwish = NodePattern.op("Mul", x, NodePattern.op("HardSigmoid",
        n -> Math.abs(floatOr(n, "alpha", 0.2f) - HardSigmoid.DEFAULT_ALPHA) <= 1e-6
            && Math.abs(floatOr(n, "beta", 0.5f) - HardSigmoid.DEFAULT_BETA) <= 1e-6, x));
    NodePattern.Expr scaled = NodePattern.anyOf(NodePattern.op("Div", x, NodePattern.k(Math.sqrt(2))),
        NodePattern.op("Mul", x, NodePattern.k(Math.sqrt(0.5))));
    NodePattern.Expr erfPlusOne = NodePattern.op("Add", NodePattern.op("Erf", scaled), NodePattern.k(1));
    NodePattern.Expr gelu = NodePattern.product(x, erfPlusOne, NodePattern.k(0.5));
    NodePattern.Expr cube = NodePattern.anyOf(NodePattern.op("Mul", x, NodePattern.op("Mul", x, x)),
        NodePattern.op("Pow", x, NodePattern.k(3)));
    NodePattern.Expr inner = NodePattern.op("Add", x, NodePattern.op("Mul", cube, NodePattern.k(GELU_CUBIC)));
    NodePattern.Expr tanhPlusOne = NodePattern.op("Add", NodePattern.op("Tanh", NodePattern.op("Mul", inner,
        NodePattern.k(GELU_SCALE))), NodePattern.k(1));
    NodePattern.Expr geluTanh = NodePattern.product(x, tanhPlusOne, NodePattern.k(0.5));
    return List.of(silu, hardSwish, gelu, geluTanh);
  }

  /** An activation written as a formula of several nodes starting at {@code first}, if they form one. */
  private static boolean formula(NodeProto first, ImportContext c) {
    NodePattern.Found found = NodePattern.find(first, c, FORMULAS);
    if (found == null) {
      return false;
    }
    NodePattern.Match m = found.match();
    Activation a = FORMULA_ACTIVATIONS.get(found.pattern());
    c.noteOnce("formula " + a, "nodes " + m.nodes().stream().map(NodeProto::getOpType).toList() + " from '"
        + first.getName() + "' are imported as one " + a.name() + (a.equals(Activations.GELU_TANH) ? " (tanh "
        + "approximation)" : "") + " activation");
    activation(first, c, a, m.last().getOutput(0), m.nodes());
    return true;
  }

  /**
   * Clip(x, 0, max) → relu(max) (ReLU6 for 6), Clip(x, 0) → ReLU: min and max are attributes before
   * version 11, optional constant inputs from 11 (an input named "" is absent).
   */
  private static void clip(NodeProto n, ImportContext c) {
    if (!c.isX(n, 0)) {
      throw c.error(n, "the clipped value must be the first input; Lamina imports Clip(x, min, max) with constant bounds");
    }
    float min;
    float max;
    if (c.version() < 11) {
      min = floatOr(n, "min", -Float.MAX_VALUE);
      max = floatOr(n, "max", Float.MAX_VALUE);
    } else {
      min = bound(n, c, 1, "min", -Float.MAX_VALUE);
      max = bound(n, c, 2, "max", Float.MAX_VALUE);
    }
    if (min != 0f || !(max > 0f)) {
      throw c.error(n, "Clip to [" + min + ", " + max + "]; Lamina imports Clip with min 0 and max > 0 or absent, as ReLU "
          + "or relu(max) (ReLU6)");
    }
    activation(n, c, max >= Float.MAX_VALUE ? Activations.RELU : Activations.relu(decimal(max)));
  }

  /** Clip's optional input {@code i}: a float scalar constant, or {@code absent} when missing or "". */
  private static float bound(NodeProto n, ImportContext c, int i, String what, float absent) {
    Constant k = c.optionalWeight(n, i, what);
    if (k == null) {
      return absent;
    }
    if (k.size() != 1) {
      throw c.error(n, what + " " + k + " must be a scalar");
    }
    return k.floats()[0];
  }

  /** HardSigmoid(alpha (0.2), beta (0.5)); alpha within 1e-6 of 1/6 is Lamina's (and torch's) 1/6. */
  private static void hardSigmoid(NodeProto n, ImportContext c) {
    float alpha = floatOr(n, "alpha", 0.2f);
    float beta = floatOr(n, "beta", 0.5f);
    double a = Math.abs(alpha - HardSigmoid.DEFAULT_ALPHA) <= 1e-6 ? HardSigmoid.DEFAULT_ALPHA : decimal(alpha);
    activation(n, c, c.checked(n, () -> Activations.hardSigmoid(a, decimal(beta))));
  }

  /** Gelu(approximate = "none" (exact) or "tanh"). */
  private static void gelu(NodeProto n, ImportContext c) {
    String approximate = Attributes.stringOr(n, "approximate", "none");
    if (!approximate.equals("none") && !approximate.equals("tanh")) {
      throw c.error(n, "approximate='" + approximate + "'; ONNX defines 'none' and 'tanh'");
    }
    activation(n, c, Activations.gelu(approximate.equals("tanh")));
  }

  /**
   * The double whose shortest decimal is the float's: 0.1f gives 0.1 (not 0.10000000149…), so that an
   * activation parameter Lamina wrote as float comes back as the double it was (when it had at most
   * float's 7 digits).
   */
  static double decimal(float f) {
    return Double.parseDouble(Float.toString(f));
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
    activation(n, c, c.checked(n, () -> Activations.leakyRelu(decimal(alpha))));
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
    activation(n, c, a, n.getOutput(0), List.of(n));
  }

  /**
   * An activation computed by {@code nodes} (the first {@code n}, which reads x; the others claimed
   * here) whose value is {@code output}: taken by the Dense layer whose output only these nodes read
   * when Lamina wrote it as that layer's own (the first node called {@code <dense>/<op>}), else an
   * Activation layer named after the first node.
   */
  static void activation(NodeProto n, ImportContext c, Activation a, String output, List<NodeProto> nodes) {
    ImportContext.Value x = c.x();
    ImportedLayer producer = x.producer();
    nodes.stream().filter(m -> m != n).forEach(c::claim);
    if (producer != null && producer.takesActivation() && producer.fusedActivation == null
        && !producer.nodeName.isEmpty() && n.getName().startsWith(producer.nodeName + "/")
        && c.readOnlyBy(c.xName(), nodes)) {
      ImportedLayer first = producer.sharedWith;
      if (first == null) {
        producer.activation(a);
        producer.fusedActivation = a;
        c.define(output, x);
        return;
      }
      if (a.equals(first.fusedActivation)) { // the shared Dense applies it already
        producer.fusedActivation = a;
        c.define(output, x);
        return;
      }
    }
    ActivationLayer.Spec[] spec = {new ActivationLayer.Spec(a, null)};
    c.name(n, s -> spec[0] = new ActivationLayer.Spec(a, s));
    c.add(n, spec[0], Map.of(), c.shape(), output);
  }

  /** PRelu(x, slope): one shared slope (torch's nn.PReLU()) or one per feature. */
  /**
   * PRelu-6: a slope of one value is shared; before version 7's numpy broadcasting, Caffe2 and torch
   * read a slope of [C] as one value per channel (axis 1), so it is imported as that.
   */
  private static void prelu6(NodeProto n, ImportContext c) {
    Constant slope = c.weight(n, 1, "slope", -1);
    int[] shape = c.shape();
    if (slope.size() == 1 || c.unbatched() || slope.rank() != 1 || slope.size() != shape[0]) {
      prelu(n, c);
      return;
    }
    long[] dims = new long[shape.length];
    java.util.Arrays.fill(dims, 1L);
    dims[0] = slope.size();
    float[] alpha = c.broadcast(n, Constant.ofFloats(slope.name(), dims, slope.floats().clone()));
    PReLU.Spec[] spec = {new PReLU.Spec().shared(false)};
    c.name(n, s -> spec[0] = spec[0].name(s));
    c.add(n, spec[0], Map.of("alpha", alpha), shape, n.getOutput(0));
    c.notes.add("PRelu '" + n.getName() + "' (version 6) has a slope of " + slope.size() + " values: read as one per "
        + "channel (axis 1), as Caffe2 and torch meant before version 7's broadcasting");
  }

  private static void prelu(NodeProto n, ImportContext c) {
    Constant slope = c.weight(n, 1, "slope", -1);
    boolean shared = slope.floats().length == 1;
    float[] alpha = shared ? slope.floats().clone() : c.broadcast(n, slope);
    PReLU.Spec[] spec = {new PReLU.Spec().shared(shared)};
    c.name(n, s -> spec[0] = spec[0].name(s));
    c.add(n, spec[0], Map.of("alpha", alpha), c.shape(), n.getOutput(0));
  }
}

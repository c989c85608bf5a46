package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.PReLU;
import dev.lamina.layers.RReLU;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns the nodes of a layer chain into Lamina layers (ONNX.md, Appendix A), one node (or a
 * MatMul+Add, Sub+Div or Mul+Add pair) at a time, tracking the per-sample shape. Constant
 * element-wise operations are handled by {@link ElementwiseMapper}.
 */
final class LayerMapper {
  static final String SUPPORTED = "Gemm, MatMul(+Add), BatchNormalization, Relu, LeakyRelu, PRelu, Elu, Selu, Sigmoid, "
      + "Tanh, Softmax, LogSoftmax, Flatten, Reshape (to [batch, features]), Dropout, Identity, Cast, and Sub/Div/Mul/Add with a "
      + "constant operand";

  final OnnxGraph graph;
  final int opset;
  final List<String> notes;
  final ImportMetadata metadata;
  final List<ImportedLayer> layers = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final ElementwiseMapper elementwise = new ElementwiseMapper(this);
  /** The per-sample input shape; a -1 (unknown) is filled in by the first layer that fixes it. */
  final int[] inputShape;
  /** The current per-sample shape; the same array as {@link #inputShape} until a layer changes it. */
  int[] shape;
  /** Whether the graph input has no batch axis (a single sample). */
  boolean unbatched;
  private Dense.@Nullable Builder fusable;
  private @Nullable String fusableName;
  private boolean unbiasedNoted;

  LayerMapper(OnnxGraph graph, ImportMetadata metadata, List<String> notes, int[] inputShape, boolean unbatched) {
    this.graph = graph;
    this.opset = graph.opset;
    this.metadata = metadata;
    this.notes = notes;
    this.inputShape = inputShape;
    this.shape = inputShape;
    this.unbatched = unbatched;
  }

  /** Maps node {@code n}, which reads the chain's current value {@code x}; returns the new current value. */
  String map(NodeProto n, String x) {
    if (!OnnxGraph.isStandardDomain(n.getDomain())) {
      throw OnnxImportException.at(n, opset, "domain '" + n.getDomain() + "' is not supported; Lamina imports ai.onnx ops: "
          + SUPPORTED);
    }
    return switch (n.getOpType()) {
      case "Gemm" -> gemm(n, x);
      case "MatMul" -> matMul(n, x);
      case "BatchNormalization" -> batchNormalization(n, x);
      case "Relu" -> activation(n, Activations.RELU);
      case "Sigmoid" -> activation(n, Activations.SIGMOID);
      case "Tanh" -> activation(n, Activations.TANH);
      case "Elu" -> activation(n, checked(n, () -> Activations.elu(floatOr(n, "alpha", 1f))));
      case "LeakyRelu" -> leakyRelu(n);
      case "Selu" -> selu(n);
      case "Softmax" -> softmax(n, Activations.SOFTMAX);
      case "LogSoftmax" -> softmax(n, Activations.LOG_SOFTMAX);
      case "PRelu" -> prelu(n);
      case "Flatten" -> flatten(n);
      case "Reshape" -> reshape(n);
      case "Dropout" -> dropout(n);
      case "Sub", "Div", "Mul", "Add" -> elementwise.map(n, x);
      default -> throw OnnxImportException.at(n, opset, "op " + n.getOpType() + " is not supported; Lamina imports "
          + SUPPORTED);
    };
  }

  // ---- dense ------------------------------------------------------------------------------

  private String gemm(NodeProto n, String x) {
    if (!graph.canonical(n.getInput(0)).equals(x)) {
      throw OnnxImportException.at(n, opset, "the layer input must be A (the first operand); Lamina imports Gemm(x, W, b)");
    }
    if (intOr(n, "transA", 0) != 0) {
      throw OnnxImportException.at(n, opset, "transA=1 puts the batch on axis 1, which is not a dense layer; Lamina "
          + "supports transA=0 with any transB, alpha and beta");
    }
    if (unbatched) {
      throw OnnxImportException.at(n, opset, "Gemm needs a rank-2 input, but the graph input has no batch axis");
    }
    Constant b = weight(n, 1, "B (the weights)", 2);
    boolean transB = intOr(n, "transB", 0) != 0;
    int rows = (int) b.dims()[0];
    int cols = (int) b.dims()[1];
    int in = transB ? cols : rows;
    int out = transB ? rows : cols;
    float[] kernel = transB ? transpose(b.floats(), rows, cols) : b.floats().clone();
    scale(kernel, floatOr(n, "alpha", 1f));
    float[] bias = null;
    Constant c = n.getInputCount() > 2 ? optionalConstant(n, 2, "C (the bias)") : null;
    if (c != null) {
      bias = bias(n, c, out);
      if (bias == null) {
        throw OnnxImportException.at(n, opset, "bias C " + c + " does not broadcast to [batch, " + out
            + "]; Lamina supports a bias of shape [" + out + "], [1, " + out + "] or a scalar");
      }
      scale(bias, floatOr(n, "beta", 1f));
    }
    return addDense(n, kernel, bias, in, out, n.getOutput(0));
  }

  private String matMul(NodeProto n, String x) {
    Constant a = graph.constant(n.getInput(0));
    Constant b = graph.constant(n.getInput(1));
    float[] kernel;
    int in;
    int out;
    if (graph.canonical(n.getInput(0)).equals(x) && b != null && b.rank() == 2 && b.isFloat()) {
      in = (int) b.dims()[0];
      out = (int) b.dims()[1];
      kernel = b.floats().clone();
    } else if (graph.canonical(n.getInput(1)).equals(x) && a != null && a.rank() == 2 && a.isFloat() && unbatched) {
      out = (int) a.dims()[0];
      in = (int) a.dims()[1];
      kernel = transpose(a.floats(), out, in);
    } else {
      throw OnnxImportException.at(n, opset, "MatMul is imported as a dense layer when one operand is a rank-2 constant: "
          + "x·W with W [in, out], or W·x with W [out, in] and a rank-1 input without batch axis");
    }
    String y = n.getOutput(0);
    float[] bias = null;
    List<NodeProto> next = graph.consumers(y);
    if (next.size() == 1 && next.get(0).getOpType().equals("Add") && OnnxGraph.isStandardDomain(next.get(0).getDomain())) {
      NodeProto add = next.get(0);
      String other = graph.canonical(add.getInput(0)).equals(graph.canonical(y)) ? add.getInput(1) : add.getInput(0);
      Constant c = graph.constant(other);
      bias = c == null ? null : bias(add, c, out);
      if (bias != null) {
        y = add.getOutput(0);
      }
    }
    return addDense(n, kernel, bias, in, out, y);
  }

  private String addDense(NodeProto n, float[] kernel, float @Nullable [] bias, int in, int out, String y) {
    fixFeatures(n, in);
    Dense.Builder spec = Dense.builder(out).useBias(bias != null);
    String name = name(n, spec::name);
    Map<String, float[]> weights = bias == null ? Map.of("kernel", kernel) : Map.of("kernel", kernel, "bias", bias);
    add(new ImportedLayer(spec, weights));
    fusable = spec;
    fusableName = name;
    shape = new int[] {out};
    return y;
  }

  /** A bias of [out], [1, out] or a scalar, expanded to [out]; null when the shape does not fit. */
  static float @Nullable [] bias(NodeProto n, Constant c, int out) {
    if (!c.isFloat()) {
      return null;
    }
    long[] d = c.dims();
    boolean vector = (d.length == 1 && d[0] == out) || (d.length == 2 && d[0] == 1 && d[1] == out);
    if (vector) {
      return c.floats().clone();
    }
    if (c.size() == 1 && d.length <= 2) {
      float[] b = new float[out];
      Arrays.fill(b, c.floats()[0]);
      return b;
    }
    return null;
  }

  // ---- normalisation, activations, shape -----------------------------------------------------

  private String batchNormalization(NodeProto n, String x) {
    if (shape.length != 1) {
      throw OnnxImportException.at(n, opset, "BatchNormalization of rank-" + (shape.length + 1) + " inputs (convolutional "
          + "feature maps) is not supported; Lamina's BatchNormalization normalises [batch, features]");
    }
    Constant scale = weight(n, 1, "scale", 1);
    int f = scale.size();
    fixFeatures(n, f);
    float[][] p = new float[4][];
    for (int i = 1; i <= 4; i++) {
      Constant c = weight(n, i, List.of("scale", "B", "mean", "var").get(i - 1), 1);
      if (c.size() != f) {
        throw OnnxImportException.at(n, opset, "parameter " + c + " has " + c.size() + " values, scale has " + f);
      }
      p[i - 1] = c.floats().clone();
    }
    for (float v : p[3]) {
      if (!(v >= 0)) {
        throw OnnxImportException.at(n, opset, "the running variance holds " + v + "; a variance must be >= 0");
      }
    }
    for (int o = 1; o < n.getOutputCount(); o++) {
      if (!n.getOutput(o).isEmpty() && !graph.consumers(n.getOutput(o)).isEmpty()) {
        throw OnnxImportException.at(n, opset, "the training output '" + n.getOutput(o) + "' is used; Lamina imports "
            + "inference BatchNormalization (one output)");
      }
    }
    if (intOr(n, "training_mode", 0) != 0 || n.getOutputCount() > 1) {
      notes.add("BatchNormalization '" + n.getName() + "' is a training-mode node (ONNX Runtime would use batch "
          + "statistics); imported with its running statistics as moving statistics, i.e. inference semantics");
    }
    BatchNormalization.Spec spec = new BatchNormalization.Spec().epsilon(floatOr(n, "epsilon", 1e-5f))
        .momentum(floatOr(n, "momentum", 0.9f));
    Map<String, String> meta = metadata.layer(n.getName());
    if (meta.containsKey("momentum")) {
      spec = spec.momentum(Double.parseDouble(meta.get("momentum"))).epsilon(Double.parseDouble(meta.get("epsilon")))
          .unbiasedMovingVariance(Boolean.parseBoolean(meta.get("unbiased_moving_variance")))
          .statisticsFrozen(Boolean.parseBoolean(meta.get("statistics_frozen")));
    } else if (metadata.fromPytorch()) {
      spec = spec.unbiasedMovingVariance(true);
      if (!unbiasedNoted) {
        unbiasedNoted = true;
        notes.add("PyTorch model: BatchNormalization layers update the moving variance with the unbiased batch "
            + "variance, as torch does (unbiasedMovingVariance)");
      }
    }
    if (allEqual(p[2], 0f) && allEqual(p[3], 1f)) {
      notes.add("BatchNormalization '" + n.getName() + "' has mean 0 and variance 1: fresh, or statistics folded into "
          + "scale and B by the exporter (keras2onnx); fine for inference, but further training changes its meaning");
    }
    BatchNormalization.Spec[] named = {spec};
    name(n, s -> named[0] = named[0].name(s));
    add(new ImportedLayer(named[0], Map.of("gamma", p[0], "beta", p[1], "moving_mean", p[2], "moving_variance", p[3])));
    return n.getOutput(0);
  }

  private String leakyRelu(NodeProto n) {
    float alpha = floatOr(n, "alpha", 0.01f);
    Map<String, String> meta = metadata.layer(n.getName());
    if ("RReLU".equals(meta.get("type"))) {
      RReLU.Spec spec = new RReLU.Spec(Double.parseDouble(meta.get("lower")), Double.parseDouble(meta.get("upper")), null);
      RReLU.Spec[] named = {spec};
      name(n, s -> named[0] = named[0].name(s));
      add(ImportedLayer.of(named[0]));
      return n.getOutput(0);
    }
    return activation(n, checked(n, () -> Activations.leakyRelu(alpha)));
  }

  private String selu(NodeProto n) {
    float alpha = floatOr(n, "alpha", ActivationOnnx.SELU_ALPHA);
    float gamma = floatOr(n, "gamma", ActivationOnnx.SELU_GAMMA);
    if (Math.abs(alpha - ActivationOnnx.SELU_ALPHA) > 1e-6 || Math.abs(gamma - ActivationOnnx.SELU_GAMMA) > 1e-6) {
      throw OnnxImportException.at(n, opset, "Selu with alpha=" + alpha + ", gamma=" + gamma + "; Lamina's SELU has the "
          + "self-normalising constants alpha=" + ActivationOnnx.SELU_ALPHA + ", gamma=" + ActivationOnnx.SELU_GAMMA);
    }
    return activation(n, Activations.SELU);
  }

  /** Softmax or LogSoftmax, whose axis rules are the same. */
  private String softmax(NodeProto n, Activation kind) {
    int rank = shape.length + (unbatched ? 0 : 1);
    long axis = intOr(n, "axis", opset < 13 ? 1 : -1);
    long a = axis < 0 ? axis + rank : axis;
    int first = unbatched ? 0 : 1;
    // before opset 13 Softmax coerces the input to 2-D at axis and normalises the whole tail, which is
    // Lamina's softmax over all features of a sample when axis is the first sample axis
    boolean fits = opset < 13 ? a == first : a == rank - 1 && shape.length == 1;
    if (!fits) {
      throw OnnxImportException.at(n, opset, "axis " + axis + " on a rank-" + rank + " input; Lamina's softmax "
          + "normalises all features of each sample (axis -1 of [batch, features]; before opset 13, axis 1)");
    }
    return activation(n, kind);
  }

  private String activation(NodeProto n, Activation a) {
    if (fusable != null && n.getName().startsWith(fusableName + "/")) {
      fusable.activation(a); // written by Lamina as the Dense layer's own activation
      fusable = null;
      return n.getOutput(0);
    }
    ActivationLayer.Spec[] spec = {new ActivationLayer.Spec(a, null)};
    name(n, s -> spec[0] = new ActivationLayer.Spec(a, s));
    add(ImportedLayer.of(spec[0]));
    return n.getOutput(0);
  }

  private String prelu(NodeProto n) {
    Constant slope = weight(n, 1, "slope", -1);
    boolean shared = slope.floats().length == 1; // torch's nn.PReLU(): one slope for all features
    float[] alpha = shared ? slope.floats().clone() : broadcast(n, slope);
    PReLU.Spec[] spec = {new PReLU.Spec().shared(shared)};
    name(n, s -> spec[0] = spec[0].name(s));
    add(new ImportedLayer(spec[0], Map.of("alpha", alpha)));
    return n.getOutput(0);
  }

  private String flatten(NodeProto n) {
    int rank = shape.length + (unbatched ? 0 : 1);
    long axis = intOr(n, "axis", 1);
    long a = axis < 0 ? axis + rank : axis;
    if (a != (unbatched ? 0 : 1)) {
      throw OnnxImportException.at(n, opset, "axis " + axis + " on a rank-" + rank + " input; Lamina flattens each "
          + "sample to one axis (Flatten axis=1)");
    }
    String softmax = sampleSoftmax(n);
    return softmax != null ? softmax : addFlatten(n, n.getOutput(0));
  }

  /**
   * Flatten → Softmax/LogSoftmax (axis 1 or -1) → Reshape back to [batch, …sample shape], which is how
   * Lamina exports a softmax over a multi-axis sample: imported as that one activation layer (named
   * after the Flatten node). Returns the Reshape's output, or null when the nodes do not form it.
   */
  private @Nullable String sampleSoftmax(NodeProto flatten) {
    if (unbatched || shape.length < 2) {
      return null;
    }
    NodeProto soft = onlyConsumer(flatten.getOutput(0), "Softmax", "LogSoftmax");
    if (soft == null || soft.getInputCount() != 1) {
      return null;
    }
    long axis = intOr(soft, "axis", opset < 13 ? 1 : -1);
    NodeProto back = axis == 1 || axis == -1 ? onlyConsumer(soft.getOutput(0), "Reshape") : null;
    Constant target = back == null || back.getInputCount() < 2 || !graph.canonical(back.getInput(0))
        .equals(graph.canonical(soft.getOutput(0))) ? null : graph.constant(back.getInput(1));
    if (target == null || target.isFloat()) {
      return null;
    }
    long[] t = target.longs();
    boolean restores = t.length == shape.length + 1 && (t[0] == -1 || (t[0] == 0 && intOr(back, "allowzero", 0) == 0));
    for (int i = 0; restores && i < shape.length; i++) {
      restores = t[i + 1] == shape[i];
    }
    if (!restores) {
      return null;
    }
    Activation kind = soft.getOpType().equals("Softmax") ? Activations.SOFTMAX : Activations.LOG_SOFTMAX;
    ActivationLayer.Spec[] spec = {new ActivationLayer.Spec(kind, null)};
    name(flatten, s -> spec[0] = new ActivationLayer.Spec(kind, s));
    add(ImportedLayer.of(spec[0]));
    return back.getOutput(0);
  }

  /** The single standard-domain consumer of {@code value} when its op is one of {@code ops}; else null. */
  private @Nullable NodeProto onlyConsumer(String value, String... ops) {
    List<NodeProto> next = graph.consumers(value);
    if (next.size() != 1 || !OnnxGraph.isStandardDomain(next.get(0).getDomain())
        || !Arrays.asList(ops).contains(next.get(0).getOpType())) {
      return null;
    }
    return next.get(0);
  }

  private String reshape(NodeProto n) {
    Constant target = n.getInputCount() > 1 ? graph.constant(n.getInput(1)) : null;
    if (target == null || target.isFloat()) {
      throw OnnxImportException.at(n, opset, "the target shape is computed in the graph; Lamina supports Reshape with a "
          + "constant int64 shape that flattens each sample, e.g. [-1, 784] or [0, -1]");
    }
    long[] t = target.longs();
    boolean allowZero = intOr(n, "allowzero", 0) != 0;
    int f = features(n);
    boolean ok;
    if (unbatched) {
      ok = t.length == 1 && (t[0] == -1 || t[0] == f);
    } else {
      boolean batch = t.length == 2 && (t[0] == -1 || (t[0] == 0 && !allowZero) || t[0] > 0);
      boolean rest = t.length == 2 && (t[1] == f || (t[1] == -1 && t[0] != -1)
          || (t[1] == 0 && !allowZero && shape.length == 1));
      ok = batch && rest;
      if (ok && t[0] > 0) {
        notes.add("Reshape '" + n.getName() + "' fixes the batch size to " + t[0] + "; Lamina accepts any batch size");
      }
    }
    if (!ok) {
      throw OnnxImportException.at(n, opset, "target shape " + Arrays.toString(t) + (allowZero ? " (allowzero=1)" : "")
          + " for " + f + " features per sample; Lamina supports Reshape to [batch, features]: [-1, " + f + "], [0, -1] "
          + "or [N, " + f + "]");
    }
    return addFlatten(n, n.getOutput(0));
  }

  private String addFlatten(NodeProto n, String y) {
    int f = features(n);
    Flatten.Spec[] spec = {new Flatten.Spec(null)};
    name(n, s -> spec[0] = new Flatten.Spec(s));
    add(ImportedLayer.of(spec[0]));
    if (unbatched && shape.length == 1) {
      notes.add("Flatten '" + n.getName() + "' adds a batch axis of 1 to the single-sample input");
      unbatched = false;
    }
    shape = new int[] {f};
    return y;
  }

  private String dropout(NodeProto n) {
    float ratio = 0.5f;
    if (opset < 12) {
      ratio = floatOr(n, "ratio", 0.5f);
    } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      Constant r = graph.constant(n.getInput(1));
      if (r == null || r.size() != 1) {
        notes.add("Dropout '" + n.getName() + "' has a computed ratio; imported with the default 0.5");
      } else {
        ratio = r.asFloats()[0];
      }
    }
    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
      Constant mode = graph.constant(n.getInput(2));
      if (mode != null && mode.size() == 1 && mode.asFloats()[0] != 0) {
        notes.add("Dropout '" + n.getName() + "' has training_mode true (MC dropout): imported as Dropout, which drops "
            + "in training and in Sequential.predictMonteCarlo");
      }
    }
    if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && !graph.consumers(n.getOutput(1)).isEmpty()) {
      throw OnnxImportException.at(n, opset, "its mask output is used by other nodes; Lamina imports Dropout as a layer");
    }
    float rate = ratio;
    Dropout.Spec[] spec = {checked(n, () -> {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("ratio must be in [0, 1), but was " + rate);
      }
      return new Dropout.Spec(rate, null);
    })};
    name(n, s -> spec[0] = spec[0].name(s));
    add(ImportedLayer.of(spec[0]));
    return n.getOutput(0);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Adds a layer; a later activation can no longer fuse into an earlier Dense. */
  void add(ImportedLayer layer) {
    layers.add(layer);
    if (!(layer.spec() instanceof Dense.Builder)) {
      fusable = null;
    }
  }

  /** Gives the spec the node's name when it is non-empty and not taken; returns it or null. */
  @Nullable String name(NodeProto n, java.util.function.Consumer<String> setter) {
    String name = n.getName();
    if (name.isEmpty() || !names.add(name)) {
      return null;
    }
    setter.accept(name);
    return name;
  }

  /** The number of features per sample; fails when the input shape left it unknown. */
  int features(NodeProto n) {
    long f = 1;
    for (int d : shape) {
      if (d < 0) {
        throw OnnxImportException.at(n, opset, "the per-sample input shape " + Arrays.toString(shape) + " is unknown "
            + "here; give the graph input concrete dims");
      }
      f *= d;
    }
    return (int) f;
  }

  /** Records that the layer expects {@code f} features, filling in an unknown input dim or checking a known one. */
  void fixFeatures(NodeProto n, int f) {
    if (shape.length == 1 && shape[0] < 0) {
      shape[0] = f;
      return;
    }
    if (shape.length != 1) {
      throw OnnxImportException.at(n, opset, "input of rank " + (shape.length + 1) + " " + Arrays.toString(shape)
          + " per sample; a dense layer needs [batch, features]: flatten it first (Flatten or Reshape)");
    }
    if (shape[0] != f) {
      throw OnnxImportException.at(n, opset, "the weights expect " + f + " input features, but the input has "
          + shape[0] + " (shapes contradict each other)");
    }
  }

  /** The constant broadcast to one sample, or a single value when the sample shape is still unknown. */
  float[] broadcast(NodeProto n, Constant c) {
    if (shape.length == 1 && shape[0] < 0) {
      if (c.size() == 1) {
        return c.asFloats();
      }
      if (c.rank() == 1 || (c.rank() == 2 && c.dims()[0] == 1)) {
        shape[0] = c.size();
      }
    }
    features(n);
    float[] values = c.broadcastTo(shape);
    if (values == null) {
      throw OnnxImportException.at(n, opset, "constant " + c + " does not broadcast to the per-sample shape "
          + Arrays.toString(shape) + " (batch on axis 0)");
    }
    return values;
  }

  /** The float constant at input {@code i} of the given rank (-1: any). */
  Constant weight(NodeProto n, int i, String what, int rank) {
    Constant c = n.getInputCount() > i ? graph.constant(n.getInput(i)) : null;
    if (c == null || !c.isFloat()) {
      throw OnnxImportException.at(n, opset, what + " must be a float constant (initializer or Constant node), but '"
          + (n.getInputCount() > i ? n.getInput(i) : "") + "' is computed or missing");
    }
    if (rank >= 0 && c.rank() != rank) {
      throw OnnxImportException.at(n, opset, what + " " + c + " must have rank " + rank);
    }
    return c;
  }

  private @Nullable Constant optionalConstant(NodeProto n, int i, String what) {
    if (n.getInput(i).isEmpty()) {
      return null;
    }
    return weight(n, i, what, -1);
  }

  /** Runs a Lamina factory, turning its IllegalArgumentException into an import error at this node. */
  <T> T checked(NodeProto n, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw OnnxImportException.at(n, opset, e.getMessage());
    }
  }

  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  private static void scale(float[] v, float s) {
    if (s != 1f) {
      for (int i = 0; i < v.length; i++) {
        v[i] *= s;
      }
    }
  }

  private static boolean allEqual(float[] v, float x) {
    for (float f : v) {
      if (f != x) {
        return false;
      }
    }
    return true;
  }

  /** The specs, in order. */
  List<LayerSpec> specs() {
    return layers.stream().map(ImportedLayer::spec).toList();
  }
}

// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.floatOr;
import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.OnnxAttribute.ofFloat;

import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.Parameter;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BatchNormalization ↔ BatchNormalization(x, scale, B, mean, var), the parameters of shape [f] (the
 * features of [batch, f], the channels of images [batch, f, h, w]), with epsilon and the momentum
 * (Keras' and ONNX's convention: the share of the old running value kept). A layer without
 * gamma or beta writes ones or zeros. Lamina's momentum, epsilon and variance conventions are
 * kept in metadata_props, so a Lamina round trip is exact.
 */
final class NormalizationOnnx {
  private NormalizationOnnx() {}

  static void registerExports(LayerExports exports) {
    exports.register(BatchNormalization.class, NormalizationOnnx::export);
  }

  private static void export(BatchNormalization b, OnnxNodeWriter w) {
    int f = w.inputShape()[0]; // the features of [batch, f], the channels of [batch, f, …]: ONNX's axis 1
    Parameter g = b.gamma();
    Parameter bias = b.beta();
    String gamma = g != null ? w.weight(g, f) : w.constant("gamma", filled(f, 1f), f);
    String beta = bias != null ? w.weight(bias, f) : w.constant("beta", filled(f, 0f), f);
    BatchNormalization.Spec spec = b.spec();
    w.output("BatchNormalization", List.of(w.input(), gamma, beta, w.weight(b.movingMean(), f),
        w.weight(b.movingVariance(), f)), ofFloat("epsilon", spec.epsilon()), ofFloat("momentum", spec.momentum()));
    w.describe("momentum", spec.momentum());
    w.describe("epsilon", spec.epsilon());
    w.describe("unbiased_moving_variance", spec.unbiasedMovingVariance());
    w.describe("statistics_frozen", spec.statisticsFrozen());
    if (!spec.center() || !spec.scale()) { // ONNX's B and scale are then zeros and ones
      w.describe("center", spec.center());
      w.describe("scale", spec.scale());
    }
  }

  static void registerConverters(OpConverters converters) {
    // 7: spatial attribute (1, per channel, is the only meaning Lamina has); 9: no spatial; 14: training_mode; 15: types
    // 6: is_test, spatial; 7: spatial; 9: no spatial; 14: training_mode; 15: types
    converters.register("BatchNormalization", NormalizationOnnx::batchNormalization, 6, 7, 9, 14, 15);
  }

  /**
   * BatchNormalization of [batch, features] or per channel of [batch, channels, …] with constant
   * parameters [features or channels], one output used; a training-mode
   * node is imported with inference semantics, saying so. PyTorch models get torch's unbiased moving
   * variance; Lamina's own files their exact configuration from metadata_props.
   */
  private static void batchNormalization(NodeProto n, ImportContext c) {
    int[] shape = c.shape();
    if (!c.isX(n, 0)) {
      throw c.error(n, "the normalised input must be X (the first operand)");
    }
    if (c.unbatched() && shape.length > 1) {
      throw c.error(n, "the input " + Arrays.toString(shape) + " has no batch axis; Lamina normalises axis 1 of [batch, "
          + "features] or [batch, channels, …]");
    }
    if (c.version() < 9 && intOr(n, "spatial", 1) != 1) {
      throw c.error(n, "spatial=0 normalises each activation on its own; Lamina's BatchNormalization normalises per "
          + "channel (spatial=1)");
    }
    if (c.version() < 7 && intOr(n, "is_test", 0) == 0) {
      c.notes.add("BatchNormalization '" + n.getName() + "' has is_test 0 (training mode); imported with its running "
          + "statistics, i.e. inference semantics");
    }
    Constant scale = c.weight(n, 1, "scale", 1);
    int f = scale.size();
    if (shape.length == 1) {
      c.fixFeatures(n, f);
    } else if (shape[0] != f) {
      throw c.error(n, "scale " + scale + " has " + f + " values, but the input has " + shape[0] + " channels (axis 1 of "
          + "[batch, " + Arrays.toString(shape).substring(1) + ")");
    }
    float[][] p = new float[4][];
    for (int i = 1; i <= 4; i++) {
      Constant k = c.weight(n, i, List.of("scale", "B", "mean", "var").get(i - 1), 1);
      if (k.size() != f) {
        throw c.error(n, "parameter " + k + " has " + k.size() + " values, scale has " + f);
      }
      p[i - 1] = k.floats().clone();
    }
    for (float v : p[3]) {
      if (!(v >= 0)) {
        throw c.error(n, "the running variance holds " + v + "; a variance must be >= 0");
      }
    }
    for (int o = 1; o < n.getOutputCount(); o++) {
      if (!n.getOutput(o).isEmpty() && !c.graph.consumers(n.getOutput(o)).isEmpty()) {
        throw c.error(n, "the training output '" + n.getOutput(o) + "' is used; Lamina imports inference "
            + "BatchNormalization (one output)");
      }
    }
    if (intOr(n, "training_mode", 0) != 0 || n.getOutputCount() > 1) {
      c.notes.add("BatchNormalization '" + n.getName() + "' is a training-mode node (ONNX Runtime would use batch "
          + "statistics); imported with its running statistics as moving statistics, i.e. inference semantics");
    }
    if (c.options.foldBatchNorm() && foldIntoConvolution(n, c, p, floatOr(n, "epsilon", 1e-5f))) {
      return;
    }
    BatchNormalization.Spec spec = new BatchNormalization.Spec().epsilon(floatOr(n, "epsilon", 1e-5f))
        .momentum(floatOr(n, "momentum", 0.9f));
    Map<String, String> meta = c.metadata.layer(n.getName());
    if (meta.containsKey("momentum")) {
      spec = spec.momentum(Double.parseDouble(meta.get("momentum"))).epsilon(Double.parseDouble(meta.get("epsilon")))
          .unbiasedMovingVariance(Boolean.parseBoolean(meta.get("unbiased_moving_variance")))
          .statisticsFrozen(Boolean.parseBoolean(meta.get("statistics_frozen")))
          .center(!"false".equals(meta.get("center")) || !allEqual(p[1], 0f))
          .scale(!"false".equals(meta.get("scale")) || !allEqual(p[0], 1f));
    } else if (c.metadata.fromPytorch()) {
      spec = spec.unbiasedMovingVariance(true);
      c.noteOnce("unbiased", "PyTorch model: BatchNormalization layers update the moving variance with the unbiased "
          + "batch variance, as torch does (unbiasedMovingVariance)");
    }
    if (allEqual(p[2], 0f) && allEqual(p[3], 1f)) {
      c.notes.add("BatchNormalization '" + n.getName() + "' has mean 0 and variance 1: fresh, or statistics folded into "
          + "scale and B by the exporter (keras2onnx); fine for inference, but further training changes its meaning");
    }
    BatchNormalization.Spec[] named = {spec};
    c.name(n, s -> named[0] = named[0].name(s));
    c.add(n, named[0], Map.of("gamma", p[0], "beta", p[1], "moving_mean", p[2], "moving_variance", p[3]), shape,
        n.getOutput(0));
  }

  /**
   * With {@link OnnxImportOptions#foldBatchNorm()}: folds the BN into the convolution whose output
   * only it reads (no activation taken yet, not shared, no model output): each output channel o
   * gets kernel·s and bias (b − μ)·s + β with s = γ/√(σ² + ε), computed in double. Whether it did.
   */
  private static boolean foldIntoConvolution(NodeProto n, ImportContext c, float[][] p, float epsilon) {
    ImportedLayer conv = c.x().producer();
    boolean convolution = conv != null && (conv.spec instanceof Conv2D.Builder || conv.spec instanceof Conv1D.Builder
        || conv.spec instanceof DepthwiseConv2D.Builder);
    if (!convolution || conv.fusedActivation != null || conv.sharedWith != null || c.soleReader(c.xName()) != n
        || c.layers.stream().anyMatch(l -> l.sharedWith == conv)) {
      return false;
    }
    float[] kernel = conv.weights.get("kernel");
    float[] bias = conv.weights.get("bias");
    int channels = p[0].length;
    if (kernel == null || kernel.length % channels != 0) {
      return false;
    }
    int per = kernel.length / channels; // the kernel's first axis is the output channel (OIHW, ONNX's layout)
    float[] folded = new float[channels];
    for (int o = 0; o < channels; o++) {
      double s = p[0][o] / Math.sqrt((double) p[3][o] + epsilon);
      for (int k = o * per; k < (o + 1) * per; k++) {
        kernel[k] = (float) (kernel[k] * s);
      }
      folded[o] = (float) (((bias == null ? 0 : bias[o]) - (double) p[2][o]) * s + p[1][o]);
    }
    conv.weights.put("bias", folded);
    if (conv.spec instanceof Conv2D.Builder b) {
      b.useBias(true);
    } else if (conv.spec instanceof Conv1D.Builder b) {
      b.useBias(true);
    } else if (conv.spec instanceof DepthwiseConv2D.Builder b) {
      b.useBias(true);
    }
    c.define(n.getOutput(0), c.x());
    c.notes.add("BatchNormalization '" + n.getName() + "' folded into the convolution '" + conv.nodeName + "' before it "
        + "(foldBatchNorm: inference only; the folded layer keeps no moving statistics)");
    return true;
  }

  private static boolean allEqual(float[] v, float x) {
    for (float f : v) {
      if (f != x) {
        return false;
      }
    }
    return true;
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}

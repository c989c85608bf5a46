package dev.lamina.onnx;

import static dev.lamina.onnx.OnnxAttribute.ofFloat;

import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * BatchNormalization ↔ BatchNormalization(x, scale, B, mean, var) with epsilon and the momentum
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
    int[] in = w.inputShape();
    int f = in[0];
    Parameter g = b.gamma();
    Parameter bias = b.beta();
    String gamma = g != null ? w.weight(g, in) : w.constant("gamma", filled(f, 1f), f);
    String beta = bias != null ? w.weight(bias, in) : w.constant("beta", filled(f, 0f), f);
    BatchNormalization.Spec spec = b.spec();
    w.output("BatchNormalization", List.of(w.input(), gamma, beta, w.weight(b.movingMean(), in),
        w.weight(b.movingVariance(), in)), ofFloat("epsilon", spec.epsilon()), ofFloat("momentum", spec.momentum()));
    w.describe("momentum", spec.momentum());
    w.describe("epsilon", spec.epsilon());
    w.describe("unbiased_moving_variance", spec.unbiasedMovingVariance());
    w.describe("statistics_frozen", spec.statisticsFrozen());
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}

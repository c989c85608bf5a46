// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.CnnImportTest.ints;
import static dev.lamina.onnx.ModelMaker.i;
import static dev.lamina.onnx.ModelMaker.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.BatchNormalization;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The import options: foldBatchNorm folds BN into the convolution before it, with ONNX Runtime's results. */
class OnnxImportOptionsTest {

  /** x → Conv (no bias) → BN → Relu → depthwise Conv (bias) → BN → Flatten → Gemm; BN with non-trivial statistics. */
  static byte[] convBn() {
    float[] var1 = random(4, 5);
    float[] var2 = random(4, 9);
    for (int k = 0; k < 4; k++) {
      var1[k] = 0.5f + Math.abs(var1[k]);
      var2[k] = 0.2f + Math.abs(var2[k]);
    }
    return new ModelMaker(15).input("x", "N", 2, 6, 6).output("y", "N", 3)
        .init("W", random(4 * 2 * 9, 1), 4, 2, 3, 3)
        .init("g1", random(4, 2), 4).init("b1", random(4, 3), 4).init("m1", random(4, 4), 4).init("v1", var1, 4)
        .init("Wd", random(4 * 9, 6), 4, 1, 3, 3).init("Bd", random(4, 7), 4)
        .init("g2", random(4, 8), 4).init("b2", random(4, 10), 4).init("m2", random(4, 11), 4).init("v2", var2, 4)
        .init("Wf", random(3 * 36, 12), 3, 36).init("Bf", random(3, 13), 3)
        .node("Conv", "conv", List.of("x", "W"), List.of("a"), ints("pads", 1, 1, 1, 1))
        .node("BatchNormalization", "bn1", List.of("a", "g1", "b1", "m1", "v1"), List.of("b"))
        .node("Relu", "relu", "b", "c")
        .node("Conv", "depthwise", List.of("c", "Wd", "Bd"), List.of("d"), i("group", 4), ints("pads", 1, 1, 1, 1),
            ints("strides", 2, 2))
        .node("BatchNormalization", "bn2", List.of("d", "g2", "b2", "m2", "v2"), List.of("e"),
            ModelMaker.f("epsilon", 1e-3f))
        .node("Flatten", "flatten", "e", "f")
        .node("Gemm", "fc", List.of("f", "Wf", "Bf"), List.of("y"), i("transB", 1))
        .bytes();
  }

  @Test
  void byDefaultConvAndBatchNormalizationStaySeparateLayers() {
    Model model = OnnxImporter.read(convBn()).model();
    assertEquals(List.of("Conv2D", "BatchNormalization", "Activation", "DepthwiseConv2D", "BatchNormalization", "Flatten",
        "Dense"), ImportVariantsTest.types(model));
  }

  @Test
  void foldBatchNormFoldsEachIntoItsConvolutionAndMatchesOnnxRuntime() {
    byte[] bytes = convBn();
    OnnxImport imported = OnnxImporter.read(bytes, OnnxImportOptions.defaults().foldBatchNorm(true));
    Model model = imported.model();
    assertEquals(List.of("Conv2D", "Activation", "DepthwiseConv2D", "Flatten", "Dense"), ImportVariantsTest.types(model),
        "each BN folded into its convolution");
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, bytes, 6, 7);
    assertTrue(r.within(1e-5), "vs ONNX Runtime: " + r.maxAbsDiff());
    assertEquals(2, imported.notes().stream().filter(n -> n.contains("folded into the convolution")).count(),
        imported.notes().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"onnx-models/pretrained_fashion_cnn_A", "onnx-models/cnn_mobilenet_v2_w050"})
  void foldBatchNormOnTheReferenceModelsWithBatchNormalizationNodes(String path) {
    ReferenceModel c = CnnReferenceTest.caseOrSkip(path);
    Model kept = OnnxImporter.read(c.modelFile()).model();
    Model folded = OnnxImporter.read(c.modelFile(), OnnxImportOptions.defaults().foldBatchNorm(true)).model();
    assertTrue(kept.layers().stream().anyMatch(BatchNormalization.class::isInstance));
    assertTrue(folded.layers().stream().noneMatch(BatchNormalization.class::isInstance), path + ": every BN folded");
    Tensor x = Tensor.of(c.f32("input"), c.shape("input"));
    double expected = ReferenceImportTest.assertClose(c + " folded, expected_logits", c.f32("expected_logits"),
        folded.predict(x).data(), c.tolerance());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(folded, CnnReferenceTest.bytes(c.modelFile()), List.of(x));
    System.out.printf("[onnx-import] %-40s BN folded: %d layers instead of %d, max|diff| vs expected %.3e, vs ONNX "
        + "Runtime %.3e%n", c, folded.layers().size(), kept.layers().size(), expected, r.maxAbsDiff());
    assertTrue(r.within(Math.max(c.tolerance()[0], 1e-5)), c + " vs ONNX Runtime: " + r.maxAbsDiff());
  }
}

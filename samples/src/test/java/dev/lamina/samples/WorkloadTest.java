// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.optimizers.Adam;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workloads' names, defaults and scripts, as shared/bench/README.md's tables give them. */
class WorkloadTest {

  @Test
  void namesAreTheScriptsWorkloads() {
    assertEquals(List.of("bn", "plain", "infer", "cnn", "resnet", "cnn-infer", "serve", "cnn-serve"),
        Arrays.stream(Workload.values()).map(Workload::id).toList());
    assertEquals("bn|plain|infer|cnn|resnet|cnn-infer|serve|cnn-serve", Workload.names("|", "|"));
    assertEquals("bn, plain, infer, cnn, resnet, cnn-infer, serve or cnn-serve", Workload.names(", ", " or "));
    assertEquals(Workload.CNN_INFER, Workload.named("cnn-infer"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.named("vgg"));
    assertEquals("unknown workload 'vgg'; use bn, plain, infer, cnn, resnet, cnn-infer, serve or cnn-serve",
        e.getMessage());
  }

  @Test
  void servingWorkloadsUseTheBnAndCnnModelsAndHaveNoPyTorchSide() {
    assertEquals(Workload.BN.model(3).summary(), Workload.SERVE.model(3).summary());
    assertEquals(Workload.CNN.model(3).summary(), Workload.CNN_SERVE.model(3).summary());
    for (Workload w : List.of(Workload.SERVE, Workload.CNN_SERVE)) {
      assertFalse(w.training());
      assertFalse(w.comparedWithPyTorch());
      assertNull(w.plan());
      assertNotNull(w.serving());
      assertEquals(ServingBench.BATCH, w.batch());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::script);
      assertTrue(e.getMessage().startsWith(w.id() + " has no PyTorch counterpart"), e.getMessage());
    }
    assertTrue(Arrays.stream(Workload.values()).filter(w -> w.serving() == null).allMatch(Workload::comparedWithPyTorch));
  }

  @Test
  void convolutionalWorkloadsFollowTheTable() {
    for (Workload w : List.of(Workload.CNN, Workload.RESNET)) {
      assertTrue(w.training());
      assertEquals("torch_cnn.py", w.script());
      assertEquals(64, w.batch());
      assertEquals(2, w.epochs());
      assertEquals(12_000, w.trainSamples());
      assertTrue(w.takesTrainSamples());
      assertEquals("samples_per_s_median", w.throughputKey());
      assertNull(w.plan());
      // Adam lr 1e-3, eps 1e-7.
      Adam adam = (Adam) w.optimizer();
      assertEquals(1e-3, adam.currentLearningRate(), 1e-12);
      assertEquals(1e-7, adam.epsilon());
    }
    Workload infer = Workload.CNN_INFER;
    assertFalse(infer.training());
    assertEquals("torch_cnn.py", infer.script());
    assertEquals(256, infer.batch());
    assertEquals("b256_samples_per_s_median", infer.throughputKey());
    InferenceBench.Plan plan = infer.plan();
    assertNotNull(plan);
    assertEquals(4096, plan.images(), "batch 256 over 4,096 test images");
    assertEquals(1, plan.passes());
    assertEquals(1000, plan.calls(), "torch_cnn.py's --infer-calls");
    assertEquals(5, plan.rounds(), "torch_cnn.py's --infer-rounds");
    assertTrue(plan.splitSingleSample());
    assertEquals(3000, plan.warmupCalls(), "the JIT's compilations settle after ~3,000 calls (the script needs 200)");
    assertEquals(Workload.CNN.model(3).summary(), infer.model(3).summary(), "the cnn model");
    assertThrows(IllegalStateException.class, infer::optimizer);
  }

  @Test
  void denseWorkloadsKeepTheirDefaults() {
    assertEquals(32, Workload.BN.batch());
    assertEquals(256, Workload.PLAIN.batch());
    assertEquals(3, Workload.PLAIN.epochs());
    assertEquals(0, Workload.BN.trainSamples(), "all 60,000 images");
    assertFalse(Workload.BN.takesTrainSamples(), "torch_mlp.py has no --train-samples");
    assertEquals("torch_mlp.py", Workload.INFER.script());
    assertEquals("b1024_samples_per_s_median", Workload.INFER.throughputKey());
    InferenceBench.Plan plan = Workload.INFER.plan();
    assertNotNull(plan);
    assertEquals(new InferenceBench.Plan(20_000, 5000, 7, 10_000, 3, 3, false), plan);
  }

  @Test
  void imagesAreChannelsFirstForConvolutionsOnly() {
    Tensor pictures = Tensor.zeros(5, 28, 28);
    assertArrayEquals(new int[] {5, 1, 28, 28}, Workload.RESNET.inputs(pictures).shape());
    assertArrayEquals(new int[] {5, 28, 28}, Workload.PLAIN.inputs(pictures).shape());
    assertArrayEquals(new int[] {1, 28, 28}, Workload.CNN.model(1).input().shape());
    assertArrayEquals(new int[] {28, 28}, Workload.BN.model(1).input().shape());
  }
}

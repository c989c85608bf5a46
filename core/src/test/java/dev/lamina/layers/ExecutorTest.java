// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The executor's fusion of a ReLU into the layer before it (batch norm, add): when it applies, and the same bits as the two layers run apart. */
class ExecutorTest {
  private static final int[] IMAGE = {3, 10, 10};
  private static final int BATCH = 64; // 19,200 values: the per-channel passes split over the pool

  private static Matrix random(long seed, int rows, int cols, double mean) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = (float) (mean + r.nextGaussian());
    }
    return m;
  }

  private static Executor fusing(Graph graph) {
    return new Executor(graph, true);
  }

  private static SymbolicTensor relu(SymbolicTensor h) {
    return new ActivationLayer.Spec(Activations.RELU, null).create().apply(h);
  }

  /** Outputs, input gradients, parameter gradients and values (moving statistics) of two forward and backward passes. */
  private static List<float[]> fused(Mode mode, int threads) {
    Input x = Input.of(IMAGE);
    BatchNormalization bn = new BatchNormalization.Spec().momentum(0.5).create();
    Graph graph = Graph.of(List.of(x), List.of(relu(bn.apply(x))));
    graph.initialize(3);
    Executor run = new Executor(graph, true);
    assertTrue(run.frame(0).appliesRelu(), "the batch norm applies the ReLU");
    assertTrue(run.frame(1).passesThrough(), "the ReLU hands its input through");
    return WorkerPool.of(threads).call(() -> {
      List<float[]> results = new ArrayList<>();
      for (int pass = 0; pass < 2; pass++) {
        run.setInput(0, random(pass, BATCH, 300, 0.3));
        run.forward(mode);
        results.add(values(run.output(0)));
        run.backward(new Matrix[] {random(10 + pass, BATCH, 300, 0)}, new boolean[1], true);
        results.add(values(run.inputGradient(0)));
        for (Parameter p : bn.parameters()) {
          results.add(p.value().clone());
          if (p.isTrainable()) {
            results.add(p.gradient().clone());
          }
        }
      }
      return results;
    });
  }

  /** The same passes through the two layers run one after the other, each on its own. */
  private static List<float[]> apart(Mode mode) {
    LayerRun bn = LayerRun.of(new BatchNormalization.Spec().momentum(0.5), 3, IMAGE);
    LayerRun relu = LayerRun.of(new ActivationLayer.Spec(Activations.RELU, null), 3, IMAGE);
    List<float[]> results = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      Matrix y = relu.forward(mode, bn.forward(mode, random(pass, BATCH, 300, 0.3)));
      results.add(values(y));
      results.add(values(bn.backward(relu.backward(random(10 + pass, BATCH, 300, 0)))));
      for (Parameter p : bn.layer().parameters()) {
        results.add(p.value().clone());
        if (p.isTrainable()) {
          results.add(p.gradient().clone());
        }
      }
    }
    return results;
  }

  private static float[] values(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  @Test
  void aReluAfterImageBatchNormIsFusedAndGivesTheSameBitsAsTheTwoLayersApart() {
    for (Mode mode : new Mode[] {Mode.TRAIN, Mode.INFER}) {
      List<float[]> expected = apart(mode);
      for (int threads : new int[] {1, 2}) {
        List<float[]> got = fused(mode, threads);
        for (int k = 0; k < expected.size(); k++) {
          assertArrayEquals(expected.get(k), got.get(k), 0f, mode + ", " + threads + " threads: result " + k);
        }
      }
    }
  }

  @Test
  void aReluAfterAnAddIsFusedAndGivesTheSameBitsAsTheTwoLayersApart() {
    for (int inputs : new int[] {2, 3}) {
      List<Input> xs = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        xs.add(Input.of(IMAGE));
      }
      Graph graph = Graph.of(xs, List.of(relu(new Add.Spec(null).apply(xs.toArray(new SymbolicTensor[0])))));
      Executor run = new Executor(graph, true);
      assertTrue(run.frame(0).appliesRelu(), "the add applies the ReLU");
      int[][] shapes = new int[inputs][];
      Arrays.fill(shapes, IMAGE);
      LayerRun add = LayerRun.of(new Add.Spec(null), 3, shapes);
      LayerRun relu = LayerRun.of(new ActivationLayer.Spec(Activations.RELU, null), 3, IMAGE);
      Matrix[] x = new Matrix[inputs];
      for (int i = 0; i < inputs; i++) {
        x[i] = random(i, BATCH, 300, 0);
        run.setInput(i, x[i]);
      }
      Matrix dy = random(9, BATCH, 300, 0);
      run.forward(Mode.TRAIN);
      Matrix expected = relu.forward(Mode.TRAIN, add.forward(Mode.TRAIN, x));
      assertArrayEquals(values(expected), values(run.output(0)), 0f, inputs + " inputs: output");
      run.backward(new Matrix[] {dy}, new boolean[1], true);
      add.backward(relu.backward(dy));
      for (int i = 0; i < inputs; i++) {
        assertArrayEquals(values(add.inputGradient(i)), values(run.inputGradient(i)), 0f, inputs + " inputs: gradient " + i);
      }
    }
  }

  @Test
  void noFusionWhenAnotherNodeReadsTheOutputOrTheSamplesAreNotImagesOrNotAsked() {
    Input x = Input.of(IMAGE);
    SymbolicTensor h = new BatchNormalization.Spec().create().apply(x);
    Executor twoReaders = fusing(Graph.of(List.of(x), List.of(new Add.Spec(null).apply(relu(h), h))));
    assertFalse(twoReaders.frame(0).appliesRelu(), "the add reads the batch norm's output too");
    assertFalse(twoReaders.frame(1).passesThrough());

    SymbolicTensor output = new BatchNormalization.Spec().create().apply(x);
    Executor modelOutput = fusing(Graph.of(List.of(x), List.of(relu(output), output)));
    assertFalse(modelOutput.frame(0).appliesRelu(), "the batch norm's output is a model output");

    Input features = Input.of(300);
    Executor dense = fusing(Graph.of(List.of(features), List.of(relu(new BatchNormalization.Spec().create().apply(features)))));
    assertFalse(dense.frame(0).appliesRelu(), "rank-1 samples: the dense kernels, no fusion");

    Executor plain = new Executor(Graph.of(List.of(x), List.of(relu(new BatchNormalization.Spec().create().apply(x)))));
    assertFalse(plain.frame(0).appliesRelu(), "the plain executor runs every node as it is");

    Input small = Input.of(1, 10, 10);
    Executor stretched = fusing(Graph.of(List.of(x, small), List.of(relu(new Add.Spec(null).apply(x, small)))));
    assertFalse(stretched.frame(0).appliesRelu(), "an add that broadcasts an input");

    Executor elu = fusing(Graph.of(List.of(x), List.of(new ActivationLayer.Spec(Activations.ELU, null).create()
        .apply(new BatchNormalization.Spec().create().apply(x)))));
    assertFalse(elu.frame(0).appliesRelu(), "only a ReLU is fused");
  }
}

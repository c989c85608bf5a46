// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Checks that a layer whose passes use the worker pool gives the same bits for 1, 2 and 3 threads. */
final class ThreadCounts {
  private ThreadCounts() {}

  /**
   * Runs two forward and backward passes in {@code mode} on a random batch large enough to be
   * split over the pool, with 1, 2 and 3 threads, each from the same initial weights, and asserts
   * that outputs, input gradients, parameter gradients and state parameters agree bit for bit.
   */
  static void assertBitIdentical(LayerSpec spec, Mode mode, int batch, int... sampleShape) {
    int features = Layer.features(sampleShape);
    assertTrue((long) batch * features >= PlaneTask.PARALLEL_VALUES, "the batch must be large enough to be split");
    SplittableRandom r = new SplittableRandom(17);
    float[] x = new float[batch * features];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1 + r.nextGaussian());
    }
    List<float[]> reference = null;
    for (int threads : new int[] {1, 2, 3}) {
      List<float[]> got = WorkerPool.of(threads).call(() -> passes(spec, mode, x, batch, sampleShape));
      if (reference == null) {
        reference = got;
        continue;
      }
      for (int k = 0; k < reference.size(); k++) {
        assertArrayEquals(reference.get(k), got.get(k), 0f, "result " + k + " with " + threads + " threads");
      }
    }
  }

  private static List<float[]> passes(LayerSpec spec, Mode mode, float[] x, int batch, int[] sampleShape) {
    LayerRun run = LayerRun.of(spec, 3, sampleShape);
    int out = Layer.features(run.layer().outputShape());
    SplittableRandom r = new SplittableRandom(29);
    float[] dy = new float[batch * out];
    for (int i = 0; i < dy.length; i++) {
      dy[i] = (float) r.nextGaussian();
    }
    List<float[]> results = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      run.reseed(5);
      Matrix y = run.forward(mode, Matrix.wrap(x, batch, x.length / batch));
      results.add(Arrays.copyOf(y.data(), y.size()));
      Matrix dx = run.backward(Matrix.wrap(dy, batch, out));
      results.add(Arrays.copyOf(dx.data(), dx.size()));
      for (Parameter p : run.layer().parameters()) {
        results.add(p.value().clone());
        if (p.isTrainable()) {
          results.add(p.gradient().clone());
        }
      }
    }
    return results;
  }
}
